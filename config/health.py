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


def check_redis(url: str) -> str | None:
    """None when Redis at ``url`` answers PING, else the error."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
    except Exception as exc:
        return str(exc) or exc.__class__.__name__
    return None


def check_worker() -> str | None:
    """None when at least one Celery worker answers a ping, else why not."""
    from config.celery import app

    try:
        replies = app.control.ping(timeout=1.5)
    except Exception as exc:
        return str(exc) or exc.__class__.__name__
    return None if replies else "没有在线的任务处理进程"


def status() -> dict[str, dict]:
    """The state of each configured dependency: {"database": {"ok": True}, ...}."""
    checks: dict[str, str | None] = {"database": check_database()}
    if settings.REDIS_URL:
        checks["redis"] = check_redis(settings.REDIS_URL)
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            checks["worker"] = check_worker() if checks["redis"] is None else "消息队列不可用"
    return {name: {"ok": err is None, **({"error": err} if err else {})} for name, err in checks.items()}
