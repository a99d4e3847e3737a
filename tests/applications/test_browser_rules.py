"""In a real browser: an expired policy refuses an application; an expert cannot review twice.

Screenshots of the pages go to var/screenshots/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from applications import workflow
from applications.models import Application

from .conftest import TODAY
from .factories import AssignmentFactory, ClauseFactory, PolicyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/ and return its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(autouse=True)
def _today(settings):
    settings.APPLICATIONS_TODAY = TODAY.isoformat()


def test_an_expired_policy_refuses_an_application(live_server, page, world, sign_in):
    policy = PolicyFactory(title="朝阳区已到期的支持措施", effective_until=TODAY - dt.timedelta(days=30))
    clause = ClauseFactory(policy=policy)
    base = live_server.url
    sign_in(world.user_a.username, f"/policies/{policy.pk}/")
    assert "已失效" in page.locator(".apply-refusal").inner_text()
    assert page.locator(f"a[href='/applications/new/{clause.pk}/']").count() == 0
    # Typing the address directly: the refusal and its reason, no form.
    page.goto(f"{base}/applications/new/{clause.pk}/")
    assert page.locator("h1").inner_text() == "暂不受理申报"
    assert "有效期至" in page.locator(".warning").inner_text()
    assert page.locator("button[name=intent]").count() == 0
    shot(page, "apply-refused-expired")
    assert not Application.objects.filter(clause=clause).exists()


def _fill_review(page, comment: str) -> None:
    for index, score in enumerate(("80", "81", "82")):
        page.fill(f"input[name=score_{index}]", score)
    page.select_option("select[name=recommendation]", "support_reduced")
    page.fill("input[name=reduced_amount_yuan]", "300000")
    page.fill("textarea[name=comment]", comment)


def test_an_expert_cannot_review_twice(live_server, page, world, sign_in):
    application = world.application(workflow.EXPERT_REVIEW, assign=False)
    AssignmentFactory(application=application, expert=world.expert_other, assigned_by=world.reviewer)
    base = live_server.url
    url = f"/review/{application.pk}/review/"
    sign_in(world.expert_other.username, url)
    # A second tab holds the same form, opened before the first submission.
    second = page.context.new_page()
    second.goto(f"{base}{url}")
    _fill_review(page, "技术路线清晰,预算偏高,建议核减后支持。")
    page.click("form button[type=submit]:has-text('提交评审意见')")
    page.wait_for_url(f"{base}{url}")
    card = page.locator(".submitted-review")
    assert "已提交" in card.inner_text() and "243 / 300 分" in card.inner_text()
    assert "核减后建议金额 30万元" in card.inner_text()
    assert page.locator("input[name=score_0]").count() == 0
    shot(page, "expert-review-read-only")
    _fill_review(second, "第二次提交")
    second.click("form button[type=submit]:has-text('提交评审意见')")
    second.wait_for_load_state()
    assert "不能修改或重复提交" in second.locator(".messages").inner_text()
    assert "技术路线清晰" in second.locator(".submitted-review").inner_text()
    assert list(application.reviews.filter(expert=world.expert_other).values_list("comment", flat=True)) == [
        "技术路线清晰,预算偏高,建议核减后支持。"
    ]
    page.goto(f"{base}/review/{application.pk}/")
    assert page.locator("a", has_text="填写评审意见").count() == 0
    assert page.locator("a", has_text="查看我已提交的评审意见").count() == 1


def _board(world):
    """Applications of two policies across stages, one overdue 补正 and one in publicity."""
    other = PolicyFactory(title="朝阳区促进人工智能产业发展若干措施")
    world.application(workflow.SUBMITTED, requested_amount_yuan=300_000)
    world.application(workflow.APPROVED, requested_amount_yuan=800_000, approved_amount_yuan=600_000)
    world.application(
        workflow.RETURNED, clause=ClauseFactory(policy=other), due_on=TODAY - dt.timedelta(days=3)
    )
    world.application(
        workflow.PUBLICITY,
        company=world.company_b,
        proposed_amount_yuan=450_000,
        publicity_ends_on=TODAY + dt.timedelta(days=5),
    )
    Application.objects.update(submitted_at=dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC))


def test_the_dashboard_renders_its_charts(live_server, page, world, sign_in):
    _board(world)
    sign_in(world.reviewer.username, "/review/dashboard/")
    charts = page.locator(".chart-card svg")
    assert charts.count() == 4
    for index in range(4):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 200 and box["height"] > 30
    stages = page.locator("#chart-stages svg rect.bar")
    assert stages.count() == 10  # every stage but draft, zero or not
    assert "件" in page.locator("#chart-stages svg").inner_html()
    assert "万元" in page.locator("#chart-amounts svg").inner_html()
    assert "逾期未补正" in page.locator(".kpis").inner_text()
    shot(page, "dashboard")
    page.select_option("select[name=policy]", label="朝阳区促进人工智能产业发展若干措施")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "1 件" in page.locator(".kpi").first.inner_text()


def test_the_public_publicity_list(live_server, page, world):
    _board(world)
    page.goto(f"{live_server.url}/applications/publicity/")
    rows = page.locator("table.publicity tbody tr")
    assert rows.count() == 1
    text = rows.first.inner_text()
    assert world.company_b.name in text and "45万元" in text
    shot(page, "publicity-list")


def test_the_review_queue_fits_a_phone(live_server, page, world, sign_in):
    _board(world)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(world.reviewer.username, "/review/")
    for label in ("提交时间", "期限"):
        cell = page.locator(f"td[data-label='{label}']").first
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (label, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "review-queue-390")


def test_pages_a_reviewer_and_an_applicant_read(live_server, page, world, sign_in):
    """批准 held during 公示 with its date; the first screen with attachments and the 受理部门."""
    from accounts.models import Office
    from policies.models import Policy

    office = Office.objects.create(
        name="朝阳区科学技术和信息化局", province="北京市", city="北京市", region="朝阳区",
        phone="010-12345678", address="北京市朝阳区某路1号",
    )  # fmt: skip
    Policy.objects.filter(pk=world.clause.policy_id).update(office=office)
    application = world.application(
        workflow.PUBLICITY, proposed_amount_yuan=450_000, publicity_ends_on=TODAY + dt.timedelta(days=3)
    )
    sign_in(world.reviewer.username, f"/review/{application.pk}/")
    assert page.locator("button[data-action=approve]").is_disabled()
    assert "公示期至2026年6月13日结束" in page.locator("#approve-block").inner_text()
    shot(page, "review-detail-publicity")
    page.context.clear_cookies()
    sign_in(world.user_a.username, f"/applications/new/{world.clause.pk}/")
    assert "朝阳区科学技术和信息化局" in page.locator(".office-card").inner_text()
    assert page.locator("input[type=file][name=files]").count() == 1
    shot(page, "apply-form")
