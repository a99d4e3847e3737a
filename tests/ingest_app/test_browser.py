"""An admin uploads a file on /ingest/, sees the run finish, opens the review and clicks a value."""

import re

import pytest

from accounts.roles import Role
from policies.models import Policy

from .docs import SEED_003

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_upload_review_and_highlight_evidence(live_worker, live_server, page, make_user):
    """The run is done by a real worker; the page's poller shows it finishing."""
    make_user(Role.ADMIN, username="browser-admin")
    page.goto(f"{live_server.url}/ingest/")
    page.fill("input[name=username]", "browser-admin")
    page.fill("input[name=password]", "test-pass-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ingest/")

    page.set_input_files("input[name=files]", str(SEED_003))
    page.click("form.upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ingest/runs/\d+/$"))
    page.locator("#run[data-run-status='succeeded'], #run[data-run-status='failed']").wait_for(timeout=60_000)
    assert page.locator("#run").get_attribute("data-run-status") == "succeeded", page.locator(
        "#run"
    ).inner_text()
    page.locator("table.found").wait_for()
    assert "已完成" in page.locator("#run .run-state").inner_text()
    assert page.locator("#run progress").get_attribute("value") == "100"
    assert "条款无金额" in page.locator("ul.warnings").inner_text()

    policy = Policy.objects.get()
    page.click(f"a[href='/ingest/policies/{policy.pk}/']")
    page.wait_for_url(f"{live_server.url}/ingest/policies/{policy.pk}/")
    shown = page.locator("#doc-text").text_content()
    assert shown == policy.source_document.text[policy.span[0] : policy.span[1]]  # offsets line up
    assert page.locator("mark.evidence").count() == 0

    button = page.locator(".ev.max-amount:not([data-span=''])").first
    start, end = (int(x) for x in button.get_attribute("data-span").split(","))
    button.click()
    mark = page.locator("#doc-text mark.evidence")
    mark.wait_for()
    assert mark.inner_text() == policy.source_document.text[start:end]
    assert re.fullmatch(r"\d+(\.\d+)?万元", mark.inner_text())
    assert "active" in (button.get_attribute("class") or "")

    ratio = page.locator(".ev.ratio:not([data-span=''])").first
    ratio.click()
    assert page.locator("#doc-text mark.evidence").inner_text().endswith("%")
    assert page.locator("#doc-text mark.evidence").count() == 1
