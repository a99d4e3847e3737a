"""Project configuration; importing it makes the Celery app the default for shared tasks."""

from .celery import app as celery_app

__all__ = ["celery_app"]
