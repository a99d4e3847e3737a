"""Safe by default: no known credentials in production, a secret key required, logins throttled."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
STRIP = ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DEMO_ACCOUNTS", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in STRIP}
    return subprocess.run(
        [sys.executable, *args], env={**base, **env}, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("key", [None, "", "change-me-in-production-please-0123456789", "django-insecure-x"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    env = {"DJANGO_DEBUG": "false"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key
    out = _run("manage.py", "check", **env)
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY" in out.stderr


def test_compose_has_no_fallback_secret_and_no_demo_accounts():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    env = compose["x-app"]["environment"]
    assert env["DJANGO_DEBUG"] == "false"
    assert ":?" in env["DJANGO_SECRET_KEY"]  # compose refuses to start without it
    for name, service in compose["services"].items():
        command = str(service.get("command", ""))
        if "seed_demo" in command:
            assert "--policies-only" in command, name
        assert "DEMO_ACCOUNTS" not in command


@pytest.mark.django_db
def test_seed_demo_refuses_demo_accounts_in_production(settings):
    settings.DEMO_ACCOUNTS = False
    with pytest.raises(CommandError, match="createadmin"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
    call_command("seed_demo", "--policies-only", stdout=io.StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_createadmin_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("createadmin", "--username", "boss", stdout=io.StringIO())
    assert not User.objects.filter(username="boss").exists()
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "Lang-Zhi-Mi-Ma-2026!")
    call_command("createadmin", "--username", "boss", stdout=io.StringIO())
    boss = User.objects.get(username="boss")
    assert boss.is_superuser and boss.is_staff and boss.is_portal_admin
    assert boss.check_password("Lang-Zhi-Mi-Ma-2026!")
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "Another-Long-Pass-77")
    call_command("createadmin", "--username", "boss", stdout=io.StringIO())  # existing: unchanged
    assert User.objects.get(username="boss").check_password("Lang-Zhi-Mi-Ma-2026!")


def test_createadmin_without_password_or_terminal_refuses(monkeypatch, db):
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr(os, "isatty", lambda fd: False)
    with pytest.raises(CommandError, match="DJANGO_ADMIN_PASSWORD"):
        call_command("createadmin", "--username", "boss2", stdout=io.StringIO())


@pytest.fixture
def victim(make_user):
    user = make_user("enterprise", username="victim")
    user.set_password("right-pass-2026")
    user.save()
    return user


def _page_login(client, username, password, addr="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=addr)


def _api_login(client, username, password, addr="10.0.0.1"):
    return client.post(
        "/api/auth/token/",
        {"username": username, "password": password},
        REMOTE_ADDR=addr,
        content_type="application/json",
    )


@pytest.mark.parametrize("login", [_page_login, _api_login], ids=["page", "api"])
def test_account_is_locked_after_repeated_failures(client, victim, settings, login):
    limit, _ = settings.LOGIN_THROTTLE_ACCOUNT
    for i in range(limit):
        response = login(client, "victim", f"wrong-{i}", addr=f"10.0.1.{i}")
        assert response.status_code in (200, 400)
    # From yet another address, the right password is refused while the account is locked.
    response = login(client, "victim", "right-pass-2026", addr="10.0.2.1")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("login", [_page_login, _api_login], ids=["page", "api"])
def test_address_is_locked_across_accounts(client, make_user, settings, login):
    settings.LOGIN_THROTTLE_ADDRESS = (4, 900)
    for i in range(4):
        login(client, f"nobody{i}", "guess", addr="10.9.9.9")
    target = make_user("enterprise", username="other")
    target.set_password("right-pass-2026")
    target.save()
    assert login(client, "other", "right-pass-2026", addr="10.9.9.9").status_code == 429
    # Another address is not affected.
    ok = login(client, "other", "right-pass-2026", addr="10.9.9.10")
    assert ok.status_code in (200, 302)


def test_success_clears_the_account_counter(client, victim, settings):
    limit, _ = settings.LOGIN_THROTTLE_ACCOUNT
    for i in range(limit - 1):
        _api_login(client, "victim", f"wrong-{i}")
    assert _api_login(client, "victim", "right-pass-2026").status_code == 200
    for i in range(limit - 1):
        _api_login(client, "victim", f"wrong-{i}")
    response = _api_login(client, "victim", "right-pass-2026")
    assert response.status_code == 200 and response.json()["token"]


def test_token_api_errors_are_chinese_json(client, victim):
    response = _api_login(client, "victim", "wrong")
    assert response.status_code == 400
    assert response.json()["detail"] == "用户名或密码不正确。"


def test_django_admin_login_is_throttled_too(client, victim, settings):
    victim.is_staff = True
    victim.save()
    limit, _ = settings.LOGIN_THROTTLE_ACCOUNT
    for i in range(limit):
        client.post(
            "/django-admin/login/", {"username": "victim", "password": f"x{i}"}, REMOTE_ADDR="10.3.0.1"
        )
    client.post(
        "/django-admin/login/", {"username": "victim", "password": "right-pass-2026"}, REMOTE_ADDR="10.3.0.2"
    )
    assert "_auth_user_id" not in client.session


def test_health_never_waits_for_a_broadcast_ping(client, settings, monkeypatch, db):
    """/healthz reads the workers' heartbeat keys; it must not block on app.control.ping."""
    from config.celery import app

    def slow_ping(*args, **kwargs):
        raise AssertionError("healthz must not ping the workers")

    monkeypatch.setattr(app.control, "ping", slow_ping)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code in (200, 503)
    assert "worker" in response.json()["checks"]


def test_ingest_has_its_own_queue_and_tasks_have_time_limits(settings):
    from config.celery import app

    app.loader.import_default_modules()
    assert settings.CELERY_INGEST_QUEUE != settings.CELERY_TASK_DEFAULT_QUEUE
    route = app.amqp.router.route({}, "ingest.run_ingest")
    assert route["queue"].name == settings.CELERY_INGEST_QUEUE
    assert (
        app.amqp.router.route({}, "applications.notify_event")["queue"].name
        == settings.CELERY_TASK_DEFAULT_QUEUE
    )
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
    assert app.tasks["ingest.run_ingest"].soft_time_limit == settings.INGEST_SOFT_TIME_LIMIT
