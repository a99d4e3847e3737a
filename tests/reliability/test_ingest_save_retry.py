"""Ingest's save stage survives a dropped database connection: the server really terminates the
run's connection (pg_terminate_backend from a second connection) inside the save transaction, and
the run is saved on a fresh connection, exactly once. The moment is chosen by ``save_started``, a
signal of the ingest code itself; nothing of the database is mocked."""

from __future__ import annotations

from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from ingest import services
from ingest.models import IngestRun
from policies.models import Clause, Policy

pytestmark = pytest.mark.django_db(transaction=True)

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "000_916931dd2882f5e0.txt"


def _terminate(pid: int) -> bool:
    """Ask PostgreSQL, from a connection of our own, to end the backend ``pid``."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    other = psycopg2.connect(**params)
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            return bool(cursor.fetchone()[0])
    finally:
        other.close()


@pytest.fixture
def drop_connection():
    """drop_connection(attempts={1, ...}): in those save attempts, the run's connection is ended."""
    seen: list[tuple[int, bool]] = []
    targets: set[int] = set()

    def receiver(sender, run, attempt, **kwargs):
        ended = attempt in targets and _terminate(connection.connection.get_backend_pid())
        seen.append((attempt, ended))

    def arm(attempts: set[int]) -> list[tuple[int, bool]]:
        targets.clear()
        targets.update(attempts)
        return seen

    services.save_started.connect(receiver)
    yield arm
    services.save_started.disconnect(receiver)


def _run(make_user) -> IngestRun:
    admin = make_user("admin")
    document, _ = services.document_store(SEED.read_bytes(), SEED.name, admin)
    run = services.run_create(document, admin)
    return services.run_execute(run)


def test_a_dropped_connection_while_saving_is_retried_and_saves_once(make_user, drop_connection, settings):
    settings.INGEST_SAVE_RETRY_DELAY = 0.05
    seen = drop_connection({1})
    run = _run(make_user)
    run.refresh_from_db()
    assert seen[0] == (1, True)  # the server really ended the connection in the first attempt
    assert [a for a, _ in seen] == [1, 2]
    assert run.status == IngestRun.Status.SUCCEEDED, run.error
    policies = Policy.objects.filter(source_document=run.document)
    summary = run.result["policies"]
    assert policies.count() == len(summary) > 0  # saved once: no second set
    assert sorted(p.pk for p in policies) == sorted(p["id"] for p in summary)
    assert Clause.objects.filter(policy__in=policies).count() == sum(p["clauses"] for p in summary)


def test_the_same_document_saves_the_same_drafts_with_or_without_the_fault(
    make_user, drop_connection, settings
):
    settings.INGEST_SAVE_RETRY_DELAY = 0.05
    drop_connection({1, 2})
    faulty = _run(make_user)
    shape = sorted((p["title"], p["clauses"]) for p in faulty.result["policies"])
    Policy.objects.all().delete()
    drop_connection(set())
    clean = services.run_execute(services.run_create(faulty.document))
    assert sorted((p["title"], p["clauses"]) for p in clean.result["policies"]) == shape


def test_a_connection_that_keeps_dropping_fails_the_run_with_a_reason(make_user, drop_connection, settings):
    settings.INGEST_SAVE_ATTEMPTS, settings.INGEST_SAVE_RETRY_DELAY = 2, 0.05
    seen = drop_connection({1, 2})
    run = _run(make_user)
    run.refresh_from_db()
    assert [a for a, ended in seen if ended] == [1, 2]
    assert run.status == IngestRun.Status.FAILED
    assert "已重试 1 次" in run.error and "未保存任何条款" in run.error
    assert not Policy.objects.filter(source_document=run.document).exists()
