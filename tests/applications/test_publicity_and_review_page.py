"""The public 公示 list, the proposed amount put up for publicity, 批准 held until publicity ends,
the timeline's words, one eligibility vocabulary and the queue on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Office
from applications import services, workflow
from applications.models import Application
from policies.models import Policy

from .conftest import TODAY
from .factories import AssignmentFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.APPLICATIONS_TODAY = TODAY.isoformat()


def test_concluding_expert_review_proposes_the_lowest_reduced_amount(world):
    application = world.application(workflow.EXPERT_REVIEW, requested_amount_yuan=800_000)
    AssignmentFactory(application=application, expert=world.expert_other, assigned_by=world.reviewer)
    ReviewFactory(
        application=application,
        expert=world.expert_other,
        recommendation="support_reduced",
        reduced_amount_yuan=600_000,
    )
    assert services.proposed_amount(application) == 600_000
    services.application_transition(application, "conclude_expert", world.reviewer, today=TODAY)
    application.refresh_from_db()
    assert application.state == workflow.PUBLICITY and application.proposed_amount_yuan == 600_000
    # The reviewer may put another amount, never above the cap.
    other = world.application(workflow.EXPERT_REVIEW)
    with pytest.raises(services.InvalidAction, match="超过可批准上限"):
        services.application_transition(
            other, "conclude_expert", world.reviewer, data={"proposed_amount_yuan": 5_000_000}, today=TODAY
        )
    services.application_transition(
        other, "conclude_expert", world.reviewer, data={"proposed_amount_yuan": 450_000}, today=TODAY
    )
    assert Application.objects.get(pk=other.pk).proposed_amount_yuan == 450_000


def test_the_public_list_shows_applications_in_publicity(world, client):
    office = Office.objects.create(name="朝阳区科信局", region="朝阳区", phone="010-12345678")
    Policy.objects.filter(pk=world.clause.policy_id).update(office=office)
    shown = world.application(
        workflow.PUBLICITY,
        clause=world.clause,
        proposed_amount_yuan=450_000,
        publicity_ends_on=TODAY + dt.timedelta(days=4),
    )
    hidden = world.application(workflow.EXPERT_REVIEW, company=world.company_b)
    page = client.get("/applications/publicity/")  # public: no sign-in
    assert page.status_code == 200
    body = page.content.decode()
    assert "申报公示" in body and world.company_a.name in body
    assert shown.policy.title in body and str(shown.clause) in body
    assert "45万元" in body  # the amount with its unit
    end = shown.publicity_ends_on
    assert f"{end.year}年{end.month}月{end.day}日" in body
    assert "朝阳区科信局" in body and "010-12345678" in body
    assert hidden.company.name not in body
    assert "/applications/publicity/" in client.get("/").content.decode()  # in the menu


def test_approve_is_disabled_during_publicity_and_says_until_when(world, client):
    application = world.application(workflow.PUBLICITY, publicity_ends_on=TODAY + dt.timedelta(days=2))
    client.force_login(world.reviewer)
    page = client.get(f"/review/{application.pk}/").content.decode()
    button = page[page.index('data-action="approve"') :]
    button = button[: button.index(">")]
    assert "disabled" in button
    end = application.publicity_ends_on
    assert f"公示期至{end.year}年{end.month}月{end.day}日结束" in page
    over = world.application(workflow.PUBLICITY, publicity_ends_on=TODAY - dt.timedelta(days=1))
    page = client.get(f"/review/{over.pk}/").content.decode()
    button = page[page.index('data-action="approve"') :]
    assert "disabled" not in button[: button.index(">")]


def test_the_timeline_does_not_repeat_the_action_as_the_state(world, client):
    application = world.application(workflow.SUBMITTED)
    services.application_transition(
        application, "return", world.reviewer, comment="请补充材料。", today=TODAY
    )
    client.force_login(world.reviewer)
    page = client.get(f"/review/{application.pk}/").content.decode()
    assert "退回补正</strong>" in page
    assert "退回补正</strong>\n    → 退回补正" not in page and "→ 退回补正" not in page
    client.force_login(world.user_a)
    mine = client.get(f"/applications/{application.pk}/").content.decode()
    assert "→ 需要补正材料" in mine


def test_reviewer_and_enterprise_share_the_eligibility_words(world, client):
    application = world.application(
        workflow.SUBMITTED, eligibility={"status": "possible", "as_of": "2026-06-10"}
    )
    client.force_login(world.reviewer)
    page = client.get(f"/review/{application.pk}/").content.decode()
    assert "可能可申报" in page and "可能符合(信息不全)" not in page


def test_the_queue_stacks_its_cells_on_a_phone(world, client):
    world.application(workflow.SUBMITTED, due_on=TODAY - dt.timedelta(days=1))
    client.force_login(world.reviewer)
    page = client.get("/review/").content.decode()
    assert 'class="table stack"' in page
    assert 'data-label="提交时间"' in page and 'data-label="期限"' in page
    assert "overdue" in page
    assert "@media (max-width: 640px)" in page
