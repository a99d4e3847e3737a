"""Celery tasks for ingest: thin wrappers around services."""

from celery import shared_task
from django.conf import settings

from . import services
from .models import IngestRun


@shared_task(
    name="ingest.run_ingest",
    acks_late=True,
    soft_time_limit=settings.INGEST_SOFT_TIME_LIMIT,
    time_limit=settings.INGEST_TIME_LIMIT,
)
def run_ingest(run_id: int, publish: bool = False) -> str:
    """Run the pipeline for one queued IngestRun; returns its final status."""
    run = IngestRun.objects.select_related("document", "started_by").filter(pk=run_id).first()
    if run is None:
        return "missing"
    if run.status in (IngestRun.Status.SUCCEEDED, IngestRun.Status.FAILED):
        return run.status  # delivered twice (acks_late): already done
    return services.run_execute(run, publish=publish).status


def _register_give_up() -> None:
    from outbox.services import GIVE_UP

    GIVE_UP["ingest.run_ingest"] = services.run_give_up


_register_give_up()
