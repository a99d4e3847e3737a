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


def test_file_inputs_speak_chinese(live_server, page, make_user):
    admin = make_user(Role.ADMIN, username="browser-admin")
    page.goto(f"{live_server.url}/accounts/login/?next=/ingest/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", "test-pass-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ingest/")
    picker = page.locator(".file-picker")
    assert picker.locator("button").inner_text().startswith("选择文件")
    assert picker.locator(".file-names").inner_text() == "未选择文件"
    picker.locator("input[type=file]").set_input_files(
        [{"name": "政策.txt", "mimeType": "text/plain", "buffer": "第一条 甲。".encode()}]
    )
    assert picker.locator(".file-names").inner_text() == "政策.txt"
