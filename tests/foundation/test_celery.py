"""A Celery round trip through a real worker on the real Redis broker."""

import pytest

from config.celery import ping


@pytest.mark.worker
def test_round_trip_through_a_real_worker(live_worker, client, settings):
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert result.successful()


@pytest.mark.worker
def test_health_sees_the_worker(live_worker, client, settings):
    import os

    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["ok"] is True


def test_beat_schedule_names_registered_tasks():
    from config.celery import app

    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    assert schedule, "the nightly re-match is scheduled"
    for entry in schedule.values():
        assert entry["task"] in app.tasks
