"""Faults lose nothing: a Redis of the test's own that the test stops and starts, a real Celery worker
process that the test starts and kills. Each case ends with nothing lost and nothing duplicated.

Marked ``fault``; each case takes a few seconds (processes start, the worker polls every second).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Notification
from applications import workflow
from eligibility.models import MatchResult
from ingest.models import IngestRun, SourceDocument
from outbox.models import OutboxMessage
from policies.models import Policy
from tests.applications.conftest import World, world  # noqa: F401  (fixture)
from tests.eligibility_app.conftest import BEIJING_CHAOYANG, enterprise, make_policy, money_clause  # noqa: F401

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "seeds"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or predicate}")


class OwnRedis:
    """A redis-server on a free port of 127.0.0.1, without persistence; stop() and start() it."""

    def __init__(self, tmp: Path):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp = tmp
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.tmp)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)

        def up() -> bool:
            try:
                return bool(client.ping())
            except Exception:
                return False

        wait_for(up, 10, "redis up")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("需要 redis-server")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@contextlib.contextmanager
def celery_broker(url: str):
    """Point this process's Celery app at ``url`` with tasks sent to the broker (not run eagerly)."""
    from config.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager)

    def reset() -> None:
        from kombu import pools

        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_url, app.conf.task_always_eager = url, False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        settings.CELERY_TASK_ALWAYS_EAGER = saved[1]
        reset()


class Worker:
    """``celery worker`` in its own process on the test database and the test's Redis."""

    def __init__(self, redis_url: str, tmp: Path, **env: str):
        self.env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            "WORKER_HEARTBEAT_SECONDS": "1",
            "OUTBOX_RESEND_GRACE_SECONDS": "1",
            **env,
        }
        self.log = tmp / f"worker-{time.monotonic_ns()}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Worker:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-l", "WARNING",
             "--without-gossip", "--without-mingle", "-n", f"fault{time.monotonic_ns()}@%h"],
            cwd=ROOT, env=self.env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        return self

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def _test_database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def workers(own_redis, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("故障测试需要 PostgreSQL")
    started: list[Worker] = []

    def start(**env: str) -> Worker:
        worker = Worker(own_redis.url, tmp_path, **env).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _all_done() -> bool:
    return not OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).exists()


def test_redis_down_during_a_profile_save_loses_no_rematch(own_redis, workers, enterprise):  # noqa: F811
    policy = make_policy(money_clause(500_000, {"fact": "employees", "op": "gte", "value": 10}))
    user, company = enterprise(profile={**BEIJING_CHAOYANG, "employees": 1})
    client = APIClient()
    client.force_authenticate(user)
    with celery_broker(own_redis.url):
        own_redis.stop()
        response = client.patch("/api/me/profile/", {"employees": 80}, format="json")
        assert response.status_code == 200, response.content  # saved, no 500
        message = OutboxMessage.objects.get(task="eligibility.rematch_company")
        assert message.done_at is None and message.sent_at is None  # waiting for the broker
        own_redis.start()
        workers()
        wait_for(_all_done, 90, "the outbox drains")
    clause = policy.clauses.get()
    assert list(MatchResult.objects.filter(company=company).values_list("clause_id", "status")) == [
        (clause.pk, "eligible")
    ]
    assert OutboxMessage.objects.get(pk=message.pk).attempts >= 1


def test_redis_down_during_a_submit_notifies_once(own_redis, workers, world):  # noqa: F811
    application = world.application(
        requested_amount_yuan=500_000, project_description="算力平台", attachments=1
    )
    client = APIClient()
    client.force_authenticate(world.user_a)
    with celery_broker(own_redis.url):
        own_redis.stop()
        response = client.post(f"/api/applications/{application.pk}/actions/submit/", {}, format="json")
        assert response.status_code == 200, response.content
        assert OutboxMessage.objects.filter(task="applications.notify_event", done_at__isnull=True).exists()
        own_redis.start()
        workers()
        wait_for(_all_done, 90, "the outbox drains")
        notified = Notification.objects.filter(verb="application.submit").count()
        assert notified >= 1
        # A redelivery of the same message changes nothing.
        from outbox.services import deliver

        for message in OutboxMessage.objects.all():
            assert deliver(message.pk) == "done"
    assert Notification.objects.filter(verb="application.submit").count() == notified
    application.refresh_from_db()
    assert application.state == workflow.SUBMITTED


def _seed_bytes() -> tuple[bytes, str]:
    path = sorted(SEED.glob("*.txt"))[0]
    return path.read_bytes(), path.name


def _repeating_bytes() -> tuple[bytes, str]:
    """A file that states one policy twice, another between (a page repeating its text)."""
    first, second = sorted(SEED.glob("*.txt"))[0].read_bytes(), sorted(SEED.glob("*.txt"))[2].read_bytes()
    return b"\n\n\n".join([first, second, first]), "repeats.txt"


def _drafts(document: SourceDocument) -> list[tuple[str, int]]:
    return sorted((p.title, p.clauses.count()) for p in Policy.objects.filter(source_document=document))


def test_upload_during_an_outage_is_processed_when_redis_returns(own_redis, workers, make_user):
    from ingest.services import upload

    admin = make_user("admin")
    data, name = _seed_bytes()
    with celery_broker(own_redis.url):
        own_redis.stop()
        document, run = upload(data, name, admin)
        run.refresh_from_db()
        assert run.status == IngestRun.Status.QUEUED and not run.error  # not "failed"
        own_redis.start()
        workers()
        wait_for(lambda: IngestRun.objects.get(pk=run.pk).status == IngestRun.Status.SUCCEEDED, 120, "ingest")
        wait_for(_all_done, 60, "the outbox drains")
    assert _drafts(document)


def test_worker_killed_mid_ingest_resumes_and_saves_one_set(own_redis, workers, make_user):
    from ingest.services import upload

    admin = make_user("admin")
    data, name = _seed_bytes()
    limits = {"INGEST_SOFT_TIME_LIMIT": "20", "INGEST_TIME_LIMIT": "25"}
    settings.INGEST_TIME_LIMIT, settings.INGEST_SOFT_TIME_LIMIT = 25, 20
    with celery_broker(own_redis.url):
        first = workers(**limits)
        document, run = upload(data, name, admin)
        wait_for(lambda: IngestRun.objects.get(pk=run.pk).status != IngestRun.Status.QUEUED, 60, "run starts")
        first.kill()  # kill -9 while the run is running (or just finished)
        second = workers(**limits)
        wait_for(lambda: IngestRun.objects.get(pk=run.pk).status == IngestRun.Status.SUCCEEDED, 150, "resume")
        second.stop()
    assert _drafts(document)
    assert len({t for t, _ in _drafts(document)}) == len(_drafts(document))  # no duplicate set


def test_reingest_repeated_with_redeliveries_yields_one_set(own_redis, workers, make_user):
    from ingest.services import reingest, upload
    from outbox.services import deliver

    admin = make_user("admin")
    data, name = _repeating_bytes()
    with celery_broker(own_redis.url):
        workers()
        document, run = upload(data, name, admin)
        wait_for(lambda: IngestRun.objects.get(pk=run.pk).status == IngestRun.Status.SUCCEEDED, 120, "ingest")
        first = _drafts(document)
        for _ in range(3):
            reingest(document, admin)
        wait_for(
            lambda: not IngestRun.objects.exclude(status=IngestRun.Status.SUCCEEDED).exists() and _all_done(),
            180,
            "re-ingests",
        )
        for message in OutboxMessage.objects.filter(task="ingest.run_ingest"):
            deliver(message.pk)  # redelivered: nothing runs twice
    assert _drafts(document) == first
    assert Policy.objects.filter(source_document=document).count() == len(first) == 2
    assert len({title for title, _ in first}) == len(first)  # the repeated policy once
