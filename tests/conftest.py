"""Shared fixtures: users with roles, a real Celery worker on Redis, headless Chromium."""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from django.conf import settings

from tests.factories import TEST_PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files of a test go to its own folder; a fast hasher (PBKDF2 costs ~0.3 s a user)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test its own cache namespace: login counters and cached pages never leak between tests
    # (nor between parallel runs sharing one Redis).
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    for conf in caches.values():
        conf["KEY_PREFIX"] = f"{conf.get('KEY_PREFIX', '')}-t{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


@pytest.fixture
def make_user(db):
    """make_user("reviewer", province=..., ...) -> a saved user holding that role."""

    def make(role: str | None = None, **fields):
        from accounts.services import user_grant_role

        user = UserFactory(**fields)
        if role:
            user_grant_role(user, role)
        return user

    return make


@pytest.fixture
def live_worker(transactional_db):
    """A real Celery worker (in a thread) on the real Redis broker; tasks stop running eagerly."""
    import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the ready check)
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    if not settings.REDIS_URL:
        pytest.skip("需要 REDIS_URL 指向真实的 Redis")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=True, loglevel="WARNING", shutdown_timeout=30):
            yield app
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium; browser tests skip with a reason where it is not installed."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("未安装 chromium(.ci/run 会安装 Debian 的 chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the session, driven by Playwright."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    p = context.new_page()
    yield p
    context.close()


@pytest.fixture
def sign_in(live_server, page):
    """sign_in(username, next_path): log in through the login page and land on ``next_path``."""

    def go(username: str, next_path: str = "/") -> None:
        base = live_server.url
        page.goto(f"{base}/accounts/login/?next={next_path}")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(f"{base}{next_path}")

    return go
