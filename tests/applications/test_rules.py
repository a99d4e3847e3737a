"""Data integrity and rules: one review per expert, the policy's window, 受理部门 routing, attachments
required on submission, and confirmation before one-click actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from accounts.models import Office
from applications import services, workflow
from applications.models import Application
from policies.models import Policy

from .conftest import TODAY
from .factories import PDF, AssignmentFactory, ClauseFactory, PolicyFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SCORES = {"技术先进性": 80, "经济效益": 81, "实施可行性": 82}


@pytest.fixture(autouse=True)
def _today(settings):
    settings.APPLICATIONS_TODAY = TODAY.isoformat()


# --- one review per expert per application ---------------------------------------------------------


def test_an_expert_cannot_review_twice_service_and_database(world):
    application = world.application(workflow.EXPERT_REVIEW, assign=False)
    AssignmentFactory(application=application, expert=world.expert_other, assigned_by=world.reviewer)
    services.review_submit(
        application, world.expert_other, scores=SCORES, recommendation="support", comment="建议支持。"
    )
    with pytest.raises(services.ReviewExists, match="不能修改或重复提交"):
        services.review_submit(
            application, world.expert_other, scores=SCORES, recommendation="oppose", comment="改主意了。"
        )
    assert application.reviews.filter(expert=world.expert_other).count() == 1
    # The database itself refuses a second row, whatever path tries it.
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(application=application, expert=world.expert_other)


def test_the_review_page_shows_the_submitted_review_read_only(world, client):
    application = world.application(workflow.EXPERT_REVIEW, assign=False)
    AssignmentFactory(application=application, expert=world.expert_other, assigned_by=world.reviewer)
    client.force_login(world.expert_other)
    url = f"/review/{application.pk}/review/"
    form = {
        "score_0": "80",
        "score_1": "81",
        "score_2": "82",
        "recommendation": "support",
        "comment": "可行。",
    }
    assert client.post(url, form).status_code == 302
    page = client.get(url).content.decode()
    assert "我的评审意见" in page and "243 / 300 分" in page and "可行。" in page
    assert 'name="score_0"' not in page  # no form any more
    again = client.post(url, {**form, "comment": "第二次"}, follow=True).content.decode()
    assert "不能修改或重复提交" in again
    assert list(application.reviews.filter(expert=world.expert_other).values_list("comment", flat=True)) == [
        "可行。"
    ]
    api = APIClient()
    api.force_authenticate(world.expert_other)
    response = api.post(
        f"/api/applications/{application.pk}/reviews/",
        {"scores": SCORES, "recommendation": "support", "comment": "API 再来一次"},
        format="json",
    )
    assert response.status_code == 409 and "重复提交" in response.json()["detail"]


def test_a_reduced_recommendation_needs_the_reduced_amount(world):
    application = world.application(workflow.EXPERT_REVIEW, assign=False, requested_amount_yuan=500_000)
    AssignmentFactory(application=application, expert=world.expert_other, assigned_by=world.reviewer)
    kwargs = {"scores": SCORES, "recommendation": "support_reduced", "comment": "预算偏高。"}
    with pytest.raises(services.InvalidAction, match="核减后建议金额"):
        services.review_submit(application, world.expert_other, **kwargs)
    with pytest.raises(services.InvalidAction, match="应低于申请金额"):
        services.review_submit(application, world.expert_other, reduced_amount_yuan=600_000, **kwargs)
    review = services.review_submit(application, world.expert_other, reduced_amount_yuan=300_000, **kwargs)
    assert review.reduced_amount_yuan == 300_000
    assert application.events.get(action="expert_review").data["reduced_amount_yuan"] == 300_000


def test_expert_is_told_whether_review_is_yet_to_come_or_over(world, client):
    client.force_login(world.expert)
    early = world.application(workflow.PRELIMINARY_REVIEW)
    late = world.application(workflow.PUBLICITY)
    assert "尚未进入专家评审阶段" in client.get(f"/review/{early.pk}/review/").content.decode()
    page = client.get(f"/review/{late.pk}/review/").content.decode()
    assert "专家评审已结束" in page and "尚未进入" not in page


# --- the policy's window ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"effective_until": TODAY - dt.timedelta(days=1)}, "已失效"),
        ({"effective_from": TODAY + dt.timedelta(days=1)}, "施行前不受理"),
        ({"is_draft": True}, "征求意见稿"),
        ({"apply_until": TODAY - dt.timedelta(days=1)}, "申报已于"),
        (
            {"apply_from": TODAY + dt.timedelta(days=3), "apply_until": TODAY + dt.timedelta(days=30)},
            "尚未开始",
        ),
        ({"status": Policy.Status.ARCHIVED}, "已下架"),
    ],
)
def test_applying_outside_the_window_is_refused_with_the_reason(world, client, fields, reason):
    policy = PolicyFactory(**fields)
    clause = ClauseFactory(policy=policy)
    assert reason in services.applying_refusal(policy)
    assert not policy.is_open_for_applications(TODAY)  # the library says the same
    with pytest.raises(services.InvalidAction, match=reason):
        services.application_create(company=world.company_a, clause=clause, applicant=world.user_a, fields={})
    client.force_login(world.user_a)
    page = client.get(f"/applications/new/{clause.pk}/")
    assert page.status_code == 409 and reason in page.content.decode()
    assert 'name="intent"' not in page.content.decode()
    posted = client.post(
        f"/applications/new/{clause.pk}/",
        {"requested_amount_yuan": "1000", "project_description": "x", "intent": "submit"},
    )
    assert posted.status_code == 409
    api = APIClient()
    api.force_authenticate(world.user_a)
    response = api.post("/api/applications/", {"clause": clause.pk}, format="json")
    assert response.status_code == 400 and reason in str(response.json())
    assert not Application.objects.filter(clause=clause).exists()


def test_inside_the_window_applying_works_and_the_policy_page_offers_it(world, client):
    policy = PolicyFactory(effective_until=TODAY, apply_from=TODAY - dt.timedelta(days=1), apply_until=TODAY)
    clause = ClauseFactory(policy=policy)
    assert services.applying_refusal(policy) is None
    assert policy.is_open_for_applications(TODAY)
    client.force_login(world.user_a)
    page = client.get(f"/policies/{policy.pk}/").content.decode()
    assert f"/applications/new/{clause.pk}/" in page
    expired = PolicyFactory(effective_until=TODAY - dt.timedelta(days=1))
    ClauseFactory(policy=expired)
    page = client.get(f"/policies/{expired.pk}/").content.decode()
    assert "已失效" in page and "/applications/new/" not in page


def test_a_draft_saved_in_time_cannot_be_submitted_after_the_deadline(world):
    application = world.application(workflow.DRAFT, attachments=1)
    Policy.objects.filter(pk=application.policy_id).update(apply_until=TODAY - dt.timedelta(days=1))
    with pytest.raises(services.InvalidAction, match="申报已于"):
        services.application_transition(application, "submit", world.user_a, today=TODAY)
    # A 补正 answers a request already made: it may come after the deadline.
    returned = world.application(workflow.RETURNED)
    services.application_transition(returned, "submit", world.user_a, today=TODAY)
    assert Application.objects.get(pk=returned.pk).state == workflow.SUBMITTED


# --- 受理部门 -------------------------------------------------------------------------------------------


def test_publishing_gives_the_policy_an_office_that_routes_its_applications(world, make_user, client):
    from accounts.roles import Role
    from ingest.services import policy_publish

    zone = {"province": "北京市", "city": "北京市", "region": "北京经济技术开发区"}
    draft = PolicyFactory(status=Policy.Status.DRAFT, issuer="北京经济技术开发区管理委员会", **zone)
    policy = policy_publish(draft, world.admin)
    assert policy.office.name == "北京经济技术开发区管理委员会"
    assert (policy.office.province, policy.office.region) == ("北京市", "北京经济技术开发区")
    # A second policy of the same zone goes to the same office.
    other = policy_publish(PolicyFactory(status=Policy.Status.DRAFT, issuer=None, **zone), world.admin)
    assert other.office == policy.office
    application = world.application(workflow.SUBMITTED, clause=ClauseFactory(policy=policy))
    # The 朝阳区 reviewer does not see it; a reviewer of the office does, and is notified.
    assert not Application.objects.visible_to(world.reviewer).filter(pk=application.pk).exists()
    staff = make_user(Role.REVIEWER, username="jkq")
    staff.offices.add(policy.office)
    assert Application.objects.visible_to(staff).filter(pk=application.pk).exists()
    assert services.staff_may_act(staff, application)
    assert [u.username for u in services.reviewers_for(application)] == ["jkq"]
    client.force_login(staff)
    assert application.company.name in client.get("/review/").content.decode()


def test_the_applicant_sees_the_office_and_its_contact(world, client):
    office = Office.objects.create(
        name="朝阳区科学技术和信息化局", province="北京市", city="北京市", region="朝阳区",
        phone="010-12345678", address="北京市朝阳区某路1号",
    )  # fmt: skip
    Policy.objects.filter(pk=world.clause.policy_id).update(office=office)
    client.force_login(world.user_a)
    form = client.get(f"/applications/new/{world.clause.pk}/").content.decode()
    assert "受理部门" in form and "朝阳区科学技术和信息化局" in form and "010-12345678" in form
    application = world.application(workflow.SUBMITTED, clause=world.clause)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "朝阳区科学技术和信息化局" in page and "北京市朝阳区某路1号" in page


# --- attachments on the first screen ----------------------------------------------------------------


def test_the_first_screen_takes_the_attachments_and_submits(world, client):
    client.force_login(world.user_a)
    url = f"/applications/new/{world.clause.pk}/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="files"' in page
    data = {"requested_amount_yuan": "300000", "project_description": "说明", "intent": "submit"}
    refused = client.post(url, data).content.decode()
    assert "提交前请上传申报材料" in refused
    assert not Application.objects.exists()
    files = [SimpleUploadedFile("申报书.pdf", PDF), SimpleUploadedFile("营业执照.pdf", PDF)]
    client.post(url, {**data, "files": files})
    application = Application.objects.get()
    assert application.state == workflow.SUBMITTED
    assert sorted(a.original_name for a in application.attachments.all()) == ["申报书.pdf", "营业执照.pdf"]


def test_a_bad_file_on_the_first_screen_saves_nothing(world, client):
    client.force_login(world.user_a)
    data = {"requested_amount_yuan": "300000", "project_description": "说明", "intent": "save"}
    page = client.post(
        f"/applications/new/{world.clause.pk}/", {**data, "files": [SimpleUploadedFile("a.exe", b"MZ")]}
    ).content.decode()
    assert "「a.exe」" in page and "不支持的文件类型" in page
    assert not Application.objects.exists()


# --- confirmation before one-click actions ------------------------------------------------------------


def test_withdrawing_asks_first(world, client):
    application = world.application(workflow.SUBMITTED)
    client.force_login(world.user_a)
    detail = client.get(f"/applications/{application.pk}/").content.decode()
    assert '<details class="confirm">' in detail and "确认撤回" in detail
    url = f"/applications/{application.pk}/actions/withdraw/"
    asked = client.post(url)
    assert asked.status_code == 200 and "确定撤回吗" in asked.content.decode()
    assert Application.objects.get(pk=application.pk).state == workflow.SUBMITTED
    client.post(url, {"confirm": "1"})
    assert Application.objects.get(pk=application.pk).state == workflow.WITHDRAWN


def test_publishing_asks_first(world, client):
    draft = PolicyFactory(status=Policy.Status.DRAFT)
    client.force_login(world.admin)
    url = f"/ingest/policies/{draft.pk}/publish/"
    asked = client.post(url)
    assert asked.status_code == 200 and "确定发布吗" in asked.content.decode()
    assert Policy.objects.get(pk=draft.pk).status == Policy.Status.DRAFT
    client.post(url, {"confirm": "1"})
    published = Policy.objects.get(pk=draft.pk)
    assert published.status == Policy.Status.PUBLISHED and published.office is not None
