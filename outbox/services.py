"""Record follow-up work with the change that causes it; send it when the broker is up; run it once.

``enqueue`` inserts a row in the caller's transaction, so a committed change always has its
follow-up recorded, and a rolled-back one never does. After commit the row is sent at once; if the
broker is down the request still succeeds and ``sweep`` (run by every worker every few seconds and by
beat) sends it later. ``deliver`` runs the task: atomic messages mark themselves done in the same
transaction as the task's writes, so a redelivery finds them done and does nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Called with the message's args when it is given up (e.g. fail the ingest run with a reason).
GIVE_UP: dict[str, Callable[..., None]] = {}


def enqueue(task: str, *args, atomic: bool = True) -> OutboxMessage:
    """Record ``task(*args)`` in the current transaction and send it once the transaction commits."""
    message = OutboxMessage.objects.create(task=task, args=list(args), atomic=atomic)
    message_id = message.pk
    transaction.on_commit(lambda: dispatch([message_id]))
    return message


def _resend_after(message: OutboxMessage) -> dt.timedelta:
    """How long a sent message may stay not done before it is sent again (its task has died)."""
    limit = settings.INGEST_TIME_LIMIT if not message.atomic else settings.CELERY_TASK_TIME_LIMIT
    return dt.timedelta(seconds=limit + settings.OUTBOX_RESEND_GRACE_SECONDS)


def _queue_for(task: str) -> str:
    from config.celery import app

    return app.amqp.router.route({}, task)["queue"].name


def _claim(ids: list[int] | None, limit: int) -> list[OutboxMessage]:
    """Mark the due messages as sent (one transaction, rows other dispatchers hold are skipped)."""
    now = timezone.now()
    claimed = []
    with transaction.atomic():
        pending = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            done_at__isnull=True, failed_at__isnull=True
        )
        if ids is not None:
            pending = pending.filter(pk__in=ids, sent_at__isnull=True)
        for message in pending.order_by("id")[:limit]:
            if ids is None and message.sent_at and now - message.sent_at < _resend_after(message):
                continue
            if message.attempts >= MAX_ATTEMPTS:
                _give_up(message, "多次发送后仍未完成")
                continue
            message.previous_sent_at = message.sent_at
            message.sent_at, message.attempts = now, message.attempts + 1
            message.save(update_fields=["sent_at", "attempts"])
            claimed.append(message)
    return claimed


def dispatch(ids: list[int] | None = None, *, limit: int = 100) -> int:
    """Send pending messages (the given ones, or every one due); returns how many were sent.

    A message the broker refuses (it is down) goes back to pending for the next sweep.
    """
    from .tasks import deliver

    sent = 0
    claimed = _claim(ids, limit)
    for i, message in enumerate(claimed):
        options = {"queue": _queue_for(message.task), "retry": False}
        if not message.atomic:
            options.update(
                soft_time_limit=settings.INGEST_SOFT_TIME_LIMIT, time_limit=settings.INGEST_TIME_LIMIT
            )
        try:
            deliver.apply_async((message.pk,), **options)
        except Exception as exc:
            if settings.CELERY_TASK_ALWAYS_EAGER:
                log.exception("outbox: %s failed", message)
                continue
            log.warning("outbox: cannot send %s: %s", message, exc)
            back = [m.pk for m in claimed[i:]]  # the broker is down for all of them
            for m in claimed[i:]:
                OutboxMessage.objects.filter(pk=m.pk, done_at__isnull=True).update(
                    sent_at=m.previous_sent_at, attempts=m.attempts - 1, last_error=str(exc)[:500]
                )
            log.warning("outbox: %d messages wait for the broker", len(back))
            break
        sent += 1
    return sent


def _give_up(message: OutboxMessage, reason: str) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(failed_at=timezone.now(), last_error=reason)
    hook = GIVE_UP.get(message.task)
    if hook is not None:
        try:
            hook(*message.args)
        except Exception:
            log.exception("outbox: give-up hook of %s failed", message)


def deliver(message_id: int) -> str:
    """Run one message's task at most once to completion."""
    from config.celery import app

    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None or message.done_at or message.failed_at:
        return "done"
    if message.task not in app.tasks:
        app.loader.import_default_modules()  # web processes import the task modules lazily
    task = app.tasks[message.task]
    if message.atomic:
        with transaction.atomic():
            locked = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, done_at__isnull=True)
                .first()
            )
            if locked is None:
                return "busy"
            task.run(*locked.args)
            OutboxMessage.objects.filter(pk=message_id).update(
                done_at=timezone.now(), started_at=timezone.now()
            )
        return "ran"
    # Long task: claim it (no one else runs it now), run it, mark it done.
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        Q(started_at__isnull=True) | Q(started_at__lt=now - _resend_after(message)),
        pk=message_id,
        done_at__isnull=True,
    ).update(started_at=now)
    if not claimed:
        return "busy"
    task.run(*message.args)
    OutboxMessage.objects.filter(pk=message_id).update(done_at=timezone.now())
    return "ran"


def sweep() -> int:
    """Send every message that is due (never sent, or sent long ago and not done)."""
    return dispatch(None)


def pending_count() -> int:
    return OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).count()
