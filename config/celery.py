"""The Celery application, configured from Django settings (CELERY_*)."""

import os
import threading

from celery import Celery
from celery.signals import worker_init, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("huiqi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_stops: dict[int, threading.Event] = {}


def heartbeat_key(queue: str) -> str:
    return f"huiqi:worker-heartbeat:{queue}"


def _beat(worker, stop: threading.Event) -> None:
    """Every few seconds, mark each queue this worker consumes as served (expires after 3 beats)."""
    import redis
    from django.conf import settings

    if not settings.REDIS_URL:
        return
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    every = settings.WORKER_HEARTBEAT_SECONDS
    queues = list(worker.app.amqp.queues.consume_from) or [settings.CELERY_TASK_DEFAULT_QUEUE]
    while not stop.is_set():
        try:
            for queue in queues:
                client.set(heartbeat_key(queue), worker.hostname, ex=every * 3)
        except Exception:  # Redis down: /healthz reports it; keep trying
            pass
        _sweep_outbox()
        stop.wait(every)
    try:
        for queue in queues:  # another worker may serve the queue too: only remove our own mark
            if client.get(heartbeat_key(queue)) == worker.hostname.encode():
                client.delete(heartbeat_key(queue))
    except Exception:
        pass


def _sweep_outbox() -> None:
    """Send the follow-up work the broker missed (outbox); never let the heartbeat die of it."""
    from django.db import close_old_connections

    try:
        from outbox.services import sweep

        sweep()
    except Exception:
        pass
    finally:
        close_old_connections()


@worker_init.connect
def _start_heartbeat(sender=None, **kwargs) -> None:
    stop = _stops[id(sender)] = threading.Event()
    threading.Thread(target=_beat, args=(sender, stop), name="heartbeat", daemon=True).start()


@worker_shutdown.connect
def _stop_heartbeat(sender=None, **kwargs) -> None:
    stop = _stops.pop(id(sender), None)
    if stop is not None:
        stop.set()


@app.task(name="config.ping")
def ping() -> str:
    """A round-trip probe used by tests."""
    return "pong"
