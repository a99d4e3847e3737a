"""Signing in through a real headless Chromium."""

import pytest

from accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_shows_the_role_navigation(live_server, page, make_user):
    make_user(Role.ENTERPRISE, username="browser-user")
    page.goto(f"{live_server.url}/me/")
    assert "登录" in page.title()
    page.fill("input[name=username]", "browser-user")
    page.fill("input[name=password]", "test-pass-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.locator("nav.main-nav").inner_text().count("我的企业") == 1
    assert page.locator("h1").inner_text() == "我的企业"
