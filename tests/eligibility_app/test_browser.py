"""In Chromium: an enterprise user edits the profile and sees the dashboard update."""

from __future__ import annotations

import pytest

from .conftest import make_policy, money_clause

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editing_the_profile_updates_the_dashboard(live_server, page, enterprise, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    make_policy(
        money_clause(
            5_000_000, {"fact": "employees", "op": "gte", "value": 50}, heading="支持开展共性技术标准创制"
        )
    )
    enterprise(username="browser-qiye")
    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.fill("input[name=username]", "browser-qiye")
    page.fill("input[name=password]", "test-pass-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.get_by_test_id("total").inner_text() == "0元"
    assert "暂无匹配结果" in page.content()

    page.click("text=完善企业画像")
    page.fill("#id_province", "北京市")
    page.fill("#id_city", "北京市")
    page.fill("#id_district", "朝阳区")
    page.fill("#id_employees", "-3")
    page.click("button:has-text('保存画像')")
    assert page.locator(".field.has-error").count() >= 1
    assert page.input_value("#id_district") == "朝阳区"  # kept what was typed
    page.fill("#id_employees", "80")
    page.click("#add-qualification")
    page.fill("input[name='q-2-name']", "国家高新技术企业")
    page.click("button:has-text('保存画像')")
    page.wait_for_selector(".msg-success")
    assert "从业人数" in page.locator("#history").inner_text()

    page.goto(f"{live_server.url}/me/")
    assert page.get_by_test_id("total").inner_text() == "500万元"
    assert "支持开展共性技术标准创制" in page.locator("#eligible").inner_text()
