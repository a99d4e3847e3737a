"""Pages: the application form, my applications, the review queue and page, expert review, exports."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from applications import services, workflow
from applications.models import Application, Review

from .conftest import TODAY
from .factories import PDF, BenefitFactory, ClauseFactory


def test_the_form_asks_what_the_clause_needs_and_prefills(world, client):
    clause = ClauseFactory(policy=world.clause.policy, max_amount_yuan=2_000_000)
    BenefitFactory(clause=clause, ratio=0.2, base="项目总投资", cap_yuan=2_000_000)
    profile = world.company_a.profile
    profile.data = {**profile.data, "facts": {"project_investment_yuan": 6_000_000}}
    profile.save()
    client.force_login(world.user_a)
    page = client.get(f"/applications/new/{clause.pk}/").content.decode()
    assert "项目总投资(元)" in page and 'value="6000000"' in page
    assert "200万元" in page and "单位:元" in page  # the cap, and the unit
    assert 'data-yuan-helper="1"' in page and "js/applications.js" in page
    plain = client.get(f"/applications/new/{world.clause.pk}/").content.decode()
    assert "项目总投资" not in plain


def test_drafts_save_and_typed_values_are_kept_on_errors(world, client):
    client.force_login(world.user_a)
    url = f"/applications/new/{world.clause.pk}/"
    response = client.post(
        url, {"requested_amount_yuan": "300000", "project_description": "", "intent": "submit"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "提交前请填写项目说明" in page and 'value="300000"' in page
    assert not Application.objects.exists()
    response = client.post(
        url, {"requested_amount_yuan": "3000000", "project_description": "x", "intent": "save"}
    )
    assert "不能超过本条款最高支持金额100万元" in response.content.decode()
    response = client.post(
        url, {"requested_amount_yuan": "300000", "project_description": "草稿", "intent": "save"}
    )
    application = Application.objects.get()
    assert response.url == f"/applications/{application.pk}/"
    assert (application.state, application.requested_amount_yuan) == (workflow.DRAFT, 300_000)
    edit = f"/applications/{application.pk}/edit/"
    typed = {"requested_amount_yuan": "350000", "project_description": "完整说明", "intent": "submit"}
    refused = client.post(edit, typed).content.decode()
    assert "提交前请上传申报材料" in refused  # the form requires an attachment
    assert Application.objects.get().state == workflow.DRAFT
    response = client.post(edit, {**typed, "files": [SimpleUploadedFile("申报书.pdf", PDF)]})
    application.refresh_from_db()
    assert [a.original_name for a in application.attachments.all()] == ["申报书.pdf"]
    assert (application.state, application.requested_amount_yuan) == (workflow.SUBMITTED, 350_000)
    assert application.eligibility["status"] == "eligible"
    # Opening the form again for the same clause leads to the open application.
    assert client.get(url).url == f"/applications/{application.pk}/"


def test_an_ineligible_company_is_warned_and_must_acknowledge(world, client):
    profile = world.company_a.profile
    profile.data = {**profile.data, "district": "海淀区"}
    profile.save()
    client.force_login(world.user_a)
    url = f"/applications/new/{world.clause.pk}/"
    page = client.get(url).content.decode()
    assert "不符合该条款的申报条件" in page
    data = {"requested_amount_yuan": "300000", "project_description": "说明", "intent": "submit"}
    assert "请确认已知悉资格提示" in client.post(url, data).content.decode()
    client.post(url, {**data, "acknowledge": "on", "files": [SimpleUploadedFile("申报书.pdf", PDF)]})
    application = Application.objects.get()
    assert application.state == workflow.SUBMITTED
    assert application.eligibility["status"] == "ineligible"
    client.force_login(world.reviewer)
    assert 'class="tag bad">不符合<' in client.get(f"/review/{application.pk}/").content.decode()


def test_my_applications_show_the_request_for_more_material(world, client):
    application = world.application(workflow.SUBMITTED)
    services.application_transition(
        application, "return", world.reviewer, comment="请补充近三年审计报告。", today=TODAY
    )
    client.force_login(world.user_a)
    page = client.get("/applications/").content.decode()
    assert "需要您补正材料" in page and "请补充近三年审计报告。" in page
    assert f"/applications/{application.pk}/edit/" in page
    assert world.reviewer.username not in page  # staff shown by role only
    detail = client.get(f"/applications/{application.pk}/").content.decode()
    assert "请补充近三年审计报告。" in detail


def test_the_review_queue_filters_by_policy_stage_deadline_and_company(world, client):
    other_policy_clause = ClauseFactory(policy__title="朝阳区数字经济政策")
    submitted = world.application(workflow.SUBMITTED, due_on=TODAY)
    accepted = world.application(workflow.ACCEPTED, company=world.company_b, due_on=TODAY.replace(day=20))
    elsewhere = world.application(workflow.SUBMITTED, clause=other_policy_clause, company=world.company_b)
    world.application(workflow.DRAFT)  # never in the queue
    awaiting = list(Application.objects.awaiting_review_for(world.reviewer))
    assert awaiting == [submitted, accepted, elsewhere]  # nearest deadline first
    client.force_login(world.reviewer)

    def listed(query: str) -> set[int]:
        page = client.get(f"/review/?{query}").content.decode()
        return {a.pk for a in (submitted, accepted, elsewhere) if f'href="/review/{a.pk}/"' in page}

    assert listed("") == {submitted.pk, accepted.pk, elsewhere.pk}
    assert listed(f"policy={world.clause.policy_id}") == {submitted.pk, accepted.pk}
    assert listed("state=accepted") == {accepted.pk}
    assert listed(f"due_before={TODAY.isoformat()}") == {submitted.pk}
    assert listed("company=北京乙") == {accepted.pk, elsewhere.pk}
    assert listed("due_before=不是日期") == {submitted.pk, accepted.pk, elsewhere.pk}


def test_the_review_page_offers_the_actions_allowed_now_and_returns_with_a_comment(world, client):
    application = world.application(workflow.SUBMITTED)
    client.force_login(world.reviewer)
    page = client.get(f"/review/{application.pk}/").content.decode()
    for label in ("受理", "退回补正", "不予支持"):
        assert f">{label}</button>" in page
    assert ">批准</button>" not in page
    response = client.post(f"/review/{application.pk}/actions/return/", {"comment": ""}, follow=True)
    assert "需要填写意见" in response.content.decode()
    client.post(f"/review/{application.pk}/actions/return/", {"comment": "缺少审计报告"})
    application.refresh_from_db()
    assert application.state == workflow.RETURNED
    # The expert sees the page but no action buttons.
    client.force_login(world.expert)
    assert ">受理</button>" not in client.get(f"/review/{application.pk}/").content.decode()
    assert client.post(f"/review/{application.pk}/actions/accept/").status_code == 403


def test_an_expert_scores_the_policys_criteria(world, client):
    application = world.application(workflow.PRELIMINARY_REVIEW)
    services.application_transition(application, "pass_preliminary", world.reviewer, today=TODAY)
    client.force_login(world.expert)
    url = f"/review/{application.pk}/review/"
    page = client.get(url).content.decode()
    for name in ("技术先进性", "经济效益", "实施可行性"):
        assert name in page
    bad = client.post(
        url,
        {"score_0": "101", "score_1": "50", "score_2": "50", "recommendation": "support", "comment": "好"},
    )
    assert bad.status_code == 200 and 'value="50"' in bad.content.decode()
    client.post(
        url, {"score_0": "90", "score_1": "50", "score_2": "60", "recommendation": "support", "comment": "好"}
    )
    review = Review.objects.get()
    assert review.scores == {"技术先进性": 90, "经济效益": 50, "实施可行性": 60} and review.total_score == 200
    client.force_login(world.reviewer)
    assert "好" in client.get(f"/review/{application.pk}/").content.decode()


def test_export_warns_first_then_downloads_csv_with_bom_and_xlsx(world, client):
    world.application(workflow.SUBMITTED)
    world.application(workflow.ACCEPTED, company=world.company_b)
    client.force_login(world.reviewer)
    warning = client.get("/review/export/?format=csv")
    assert warning.status_code == 200 and "敏感信息" in warning.content.decode()
    assert "confirm=1" in warning.content.decode()
    csv_file = client.get("/review/export/?format=csv&confirm=1")
    assert csv_file["Content-Disposition"].startswith("attachment;")
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    text = csv_file.content.decode("utf-8-sig")
    assert "统一社会信用代码" in text and world.company_a.name in text and world.company_b.name in text
    filtered = client.get("/review/export/?format=csv&confirm=1&company=北京甲").content.decode("utf-8-sig")
    assert world.company_b.name not in filtered
    xlsx = client.get("/review/export/?format=xlsx&confirm=1")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B1"].value == "企业名称" and sheet.max_row == 3
    client.force_login(world.user_a)
    assert client.get("/review/export/?format=csv&confirm=1").status_code == 403
    client.force_login(world.reviewer_other)
    assert world.company_a.name not in client.get("/review/export/?format=csv&confirm=1").content.decode(
        "utf-8-sig"
    )
