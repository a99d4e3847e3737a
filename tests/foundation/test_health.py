"""/healthz names what is down."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_ok_without_services(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True


def test_stopped_redis_is_reported_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert "redis" in body["down"]
    assert body["checks"]["database"]["ok"] is True


def test_live_redis_is_reported_up(client, settings):
    import os

    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("需要 REDIS_URL")
    settings.REDIS_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["redis"]["ok"] is True


def test_mail_goes_through_the_test_outbox(mailoutbox):
    from django.core.mail import send_mail

    send_mail("主题", "正文", None, ["a@example.com"])
    assert len(mailoutbox) == 1


def test_liveness_answers_without_touching_the_services(client, settings, django_assert_num_queries):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # down: liveness does not care
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
