"""Celery tasks: thin wrappers around services."""

from celery import shared_task

from . import services


@shared_task(name="applications.notify_event", autoretry_for=(ConnectionError,), max_retries=3)
def notify_event(event_id: int) -> int:
    """Deliver the notifications of one application event."""
    return services.event_notify(event_id)
