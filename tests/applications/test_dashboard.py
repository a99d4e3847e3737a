"""The officials' dashboard: counts per stage and per policy, requested vs approved amounts, time per
stage from the events, overdue 补正, filters by policy and period, export, access, SVG charts."""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from applications import charts, selectors, services, workflow
from applications.models import Application, ApplicationEvent

from .conftest import TODAY
from .factories import ClauseFactory, PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.APPLICATIONS_TODAY = TODAY.isoformat()


def _submitted(application, days_ago: int) -> Application:
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def board_world(world):
    """Four applications of two policies in several stages; one returned and overdue."""
    other_policy = PolicyFactory(title="朝阳区促进人工智能产业发展若干措施")
    a = _submitted(world.application(workflow.SUBMITTED, requested_amount_yuan=300_000), 3)
    b = _submitted(world.application(workflow.APPROVED, requested_amount_yuan=500_000), 40)
    c = _submitted(
        world.application(
            workflow.RETURNED,
            clause=ClauseFactory(policy=other_policy),
            requested_amount_yuan=200_000,
            due_on=TODAY - dt.timedelta(days=4),
        ),
        10,
    )
    d = _submitted(
        world.application(workflow.DISBURSED, company=world.company_b, approved_amount_yuan=250_000), 100
    )
    Application.objects.filter(pk=d.pk).update(disbursed_amount_yuan=250_000)
    return world, other_policy, (a, b, c, d)


def test_the_figures_come_from_the_applications(board_world):
    world, other_policy, (a, _b, c, _d) = board_world
    board = selectors.dashboard(world.reviewer, today=TODAY)
    assert board.total == 4
    stages = {code: n for code, _, n in board.by_stage}
    assert (stages["submitted"], stages["approved"], stages["returned"], stages["disbursed"]) == (1, 1, 1, 1)
    assert stages["publicity"] == 0 and "draft" not in stages
    assert board.requested_yuan == 300_000 + 500_000 + 200_000 + 500_000
    assert board.approved_yuan == 400_000 + 250_000  # approved and disbursed only
    assert board.disbursed_yuan == 250_000
    per_policy = {p.policy_id: (p.count, p.requested_yuan, p.approved_yuan) for p in board.by_policy}
    assert per_policy[other_policy.pk] == (1, 200_000, 0)
    assert per_policy[a.policy_id] == (3, 1_300_000, 650_000)
    assert [x.pk for x in board.overdue_returns] == [c.pk] and board.overdue_returns[0].days_overdue == 4


def test_filters_by_policy_and_period(board_world):
    world, other_policy, (a, b, c, _d) = board_world
    only = selectors.dashboard(world.reviewer, policy=other_policy.pk, today=TODAY)
    assert only.total == 1 and only.requested_yuan == 200_000
    # submitted_at is "now" minus days (TODAY is a fixed date): the period is counted from the real date.
    today_real = timezone.localdate()
    recent = selectors.dashboard(world.reviewer, start=today_real - dt.timedelta(days=30), today=TODAY)
    assert {x.pk for x in recent.applications} == {a.pk, c.pk}
    window = selectors.dashboard(
        world.reviewer,
        start=today_real - dt.timedelta(days=50),
        end=today_real - dt.timedelta(days=20),
        today=TODAY,
    )
    assert {x.pk for x in window.applications} == {b.pk}


def test_time_per_stage_is_measured_between_state_changes():
    day = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
    changes = [
        (1, "submitted", day),
        (1, "accepted", day + dt.timedelta(days=2)),
        (1, "preliminary_review", day + dt.timedelta(days=7)),  # still there: not a completed stay
        (2, "submitted", day),
        (2, "returned", day + dt.timedelta(days=4, hours=12)),
        (2, "submitted", day + dt.timedelta(days=10)),
    ]
    stays = selectors.stays_per_stage(changes)
    assert stays == {"submitted": [2.0, 4.5], "accepted": [5.0], "returned": [5.5]}


def test_stage_times_read_the_events(world):
    application = world.application(workflow.DRAFT, attachments=1)
    services.application_transition(application, "submit", world.user_a, today=TODAY)
    services.application_transition(application, "accept", world.reviewer, today=TODAY)
    services.application_transition(application, "start_review", world.reviewer, today=TODAY)
    times = {t.state: t for t in selectors.stage_times(Application.objects.filter(pk=application.pk))}
    assert set(times) == {"submitted", "accepted"}  # drafts and the current stage left out
    assert times["submitted"].count == 1 and times["submitted"].label == "待受理"
    assert 0 <= times["submitted"].average_days < 1
    assert ApplicationEvent.objects.filter(application=application).count() == 3


def test_the_page_renders_svg_charts_and_exports(board_world, client):
    world, other_policy, _ = board_world
    client.force_login(world.reviewer)
    page = client.get("/review/dashboard/")
    assert page.status_code == 200
    body = page.content.decode()
    for chart in ("chart-stages", "chart-policies", "chart-amounts", "chart-times"):
        assert f'id="{chart}"' in body
    assert body.count("<svg") == 4 and "<script" not in body.split("<main", 1)[1].split("</main>")[0]
    assert "130万元" in body and "65万元" in body  # totals with units
    assert "逾期未补正" in body and "4 天" in body
    assert "cdn" not in body.lower()
    exported = client.get("/review/dashboard/?format=xlsx")
    assert "敏感信息" in exported.content.decode()  # asked first
    xlsx = client.get("/review/dashboard/?format=xlsx&confirm=1")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["各阶段申报数", "各政策申报与金额", "各阶段用时", "逾期未补正"]
    rows = list(book["各政策申报与金额"].iter_rows(values_only=True))
    assert rows[0] == ("政策", "申报数(件)", "申请金额(元)", "批准金额(元)")
    assert (other_policy.title, 1, 200_000, 0) in rows
    csv_text = client.get(f"/review/dashboard/?policy={other_policy.pk}&format=csv&confirm=1").content.decode(
        "utf-8-sig"
    )
    assert "各阶段申报数" in csv_text and "退回补正,1" in csv_text


def test_only_reviewers_and_admins_see_it_and_only_their_applications(board_world, client):
    world, _, _ = board_world
    for user in (world.user_a, world.expert):
        client.force_login(user)
        assert client.get("/review/dashboard/").status_code == 403
    client.force_login(world.reviewer_other)  # 海淀区: none of these
    body = client.get("/review/dashboard/").content.decode()
    assert '申报总数</div><div class="value">0 件' in body


def test_charts_are_valid_svg_with_values_and_units():
    svg = charts.hbar([("待受理", 3), ("<已批准>", 1.5)], title="各阶段申报数", unit="件")
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("role") == "img"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "3 件" in texts and "1.5 件" in texts and "<已批准>" in texts
    widths = [float(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths[0] == pytest.approx(2 * widths[1])  # bars in proportion
    grouped = charts.grouped_hbar(
        ["政策甲"], [("申请金额", [100.0]), ("批准金额", [50.0])], title="金额", unit="万元"
    )
    assert "100 万元" in grouped and "50 万元" in grouped
    ElementTree.fromstring(grouped)
    assert "暂无数据" in charts.hbar([], title="空", unit="件")
