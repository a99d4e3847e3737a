"""In a real browser: a reviewer returns an application with a comment; the applicant sees the 补正 request."""

from __future__ import annotations

import pytest

from applications import workflow
from applications.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_returns_and_the_applicant_sees_the_request(live_server, page, world, sign_in):
    application = world.application(workflow.SUBMITTED)
    base = live_server.url
    sign_in(world.reviewer.username, f"/review/{application.pk}/")
    form = page.locator("form.action-form", has=page.locator("button[data-action=return]"))
    form.locator("textarea[name=comment]").fill("请补充近三年财务审计报告和项目可行性研究报告。")
    form.locator("button[data-action=return]").click()
    page.wait_for_load_state()
    assert "已退回补正" in page.locator(".messages").inner_text()
    assert Application.objects.get(pk=application.pk).state == workflow.RETURNED

    page.context.clear_cookies()
    sign_in(world.user_a.username, "/applications/")
    request = page.locator(f"#application-{application.pk} .request")
    assert "需要您补正材料" in request.inner_text()
    assert "请补充近三年财务审计报告和项目可行性研究报告。" in request.inner_text()
    request.locator("a", has_text="补正并重新提交").click()
    page.wait_for_url(f"{base}/applications/{application.pk}/edit/")
    assert "补正要求" in page.locator(".request").inner_text()
    # The amount in 元 is read back in 万元 as it is typed.
    page.fill("input[name=requested_amount_yuan]", "500000")
    assert page.locator(".yuan-helper").first.inner_text() == "约 50 万元"
