"""Celery side of the outbox: deliver one message; sweep the pending ones."""

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(
    name="outbox.deliver",
    acks_late=True,
    autoretry_for=(DatabaseError, ConnectionError),
    retry_backoff=2,
    max_retries=5,
)
def deliver(message_id: int) -> str:
    return services.deliver(message_id)


@shared_task(name="outbox.sweep")
def sweep() -> int:
    return services.sweep()
