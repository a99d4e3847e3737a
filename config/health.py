"""Health probes for the database, Redis and the Celery worker."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def check_database() -> str | None:
    """None when the database answers, else the error."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means down
        return str(exc) or exc.__class__.__name__
    return None


def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=0.08, socket_timeout=0.08)


def check_redis(url: str) -> str | None:
    """None when Redis at ``url`` answers PING (within 80 ms), else the error."""
    try:
        _client(url).ping()
    except Exception as exc:
        return str(exc) or exc.__class__.__name__
    return None


def check_worker(url: str) -> str | None:
    """None when every queue has a live worker heartbeat in Redis, else which queue has none.

    Workers refresh the keys every few seconds (config/celery.py); reading them takes one round
    trip, so the probe answers at once instead of waiting out a broadcast ping.
    """
    from config.celery import heartbeat_key

    queues = [settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_INGEST_QUEUE]
    try:
        alive = _client(url).mget([heartbeat_key(q) for q in queues])
    except Exception as exc:
        return str(exc) or exc.__class__.__name__
    missing = [q for q, beat in zip(queues, alive, strict=True) if not beat]
    if len(missing) == len(queues):
        return "没有在线的任务处理进程"
    if missing:
        return "以下队列没有任务处理进程:" + "、".join(missing)
    return None


def status() -> dict[str, dict]:
    """The state of each configured dependency: {"database": {"ok": True}, ...}."""
    checks: dict[str, str | None] = {"database": check_database()}
    if settings.REDIS_URL:
        checks["redis"] = check_redis(settings.REDIS_URL)
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            checks["worker"] = (
                check_worker(settings.REDIS_URL) if checks["redis"] is None else "消息队列不可用"
            )
    return {name: {"ok": err is None, **({"error": err} if err else {})} for name, err in checks.items()}
