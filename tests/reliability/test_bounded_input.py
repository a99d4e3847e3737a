"""One request must not stop the service: bounded fields, one validation for forms and API, no 500s."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from applications import workflow
from applications.models import Application
from eligibility.models import Company
from tests.applications.conftest import World, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_user(make_user):
    from tests.applications.factories import CompanyFactory

    user = make_user("enterprise", username="bounded")
    company = CompanyFactory(members=[user], name="北京边界科技有限公司")
    return user, company


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_eighty_thousand_industries_are_refused_at_once(client, company_user):
    user, company = company_user
    client.force_login(user)
    text = "、".join(f"行业{i}" for i in range(80_000))
    response = client.post("/me/profile/", {"industries": text})
    assert response.status_code == 200  # the form again, with the error
    assert "内容过长" in response.content.decode()
    company.refresh_from_db()
    assert "industries" not in (company.profile.data or {})


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"employees": 10**30}, "employees", "确保该值小于或者等于"),
        ({"established_on": "9999-12-31"}, "established_on", "不能晚于今天"),
        ({"established_on": "0001-01-01"}, "established_on", "不能早于1900年"),
        ({"industries": [f"行业{i}" for i in range(51)]}, "industries", "不能超过 50"),
        ({"qualifications": [{"name": f"资质{i}"} for i in range(5000)]}, "qualifications", "30"),
        ({"district": "<b>朝阳区</b>", "province": "北京市", "city": "北京市"}, "district", "不能含有"),
        ({"zones": ["园区\u202e"]}, "zones", "控制字符"),
        ({"registered_capital_yuan": 10**16}, "registered_capital_yuan", "小于或者等于"),
    ],
)
def test_profile_api_applies_the_form_rules(company_user, body, field, words):
    user, company = company_user
    response = api(user).patch("/api/me/profile/", body, format="json")
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["detail"]
    assert field in data["errors"], data
    assert words in "".join(data["errors"][field]), data
    stored = Company.objects.get(pk=company.pk).profile.data or {}
    assert stored.get(field) != body[field]


@pytest.mark.parametrize(
    ("post", "words"),
    [
        ({"established_on": "0001-01-01"}, "不能早于1900年"),
        ({"district": "<script>", "province": "北京市", "city": "北京市"}, "不能含有"),
        ({"employees": "1000000000000000000000000000000"}, "确保该值小于或"),
    ],
)
def test_profile_form_refuses_the_same(client, company_user, post, words):
    user, _ = company_user
    client.force_login(user)
    response = client.post("/me/profile/", post)
    assert response.status_code == 200
    assert words in response.content.decode()


def test_api_application_cannot_exceed_the_clause_cap(world):  # noqa: F811
    client = api(world.user_a)
    response = client.post(
        "/api/applications/",
        {"clause": world.clause.pk, "requested_amount_yuan": 10**15, "project_description": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "不能超过本条款最高支持金额100万元" in response.json()["detail"]
    assert not Application.objects.exists()


def test_submit_refuses_a_stored_amount_above_the_cap(world):  # noqa: F811
    application = world.application(requested_amount_yuan=5_000_000, project_description="说明")
    response = api(world.user_a).post(
        f"/api/applications/{application.pk}/actions/submit/", {}, format="json"
    )
    assert response.status_code == 400
    assert "不能超过本条款最高支持金额" in response.json()["detail"]
    application.refresh_from_db()
    assert application.state == workflow.DRAFT


@pytest.mark.parametrize("body", [{"expert": "abc"}, [1, 2], {"expert": [1, 2]}, {"expert": 10**30}, {}])
def test_assign_expert_with_nonsense_is_a_400(world, body):  # noqa: F811
    application = world.application(workflow.PRELIMINARY_REVIEW, assign=False)
    response = api(world.reviewer).post(f"/api/applications/{application.pk}/experts/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"]


def test_huge_publicity_period_is_a_400(world):  # noqa: F811
    application = world.application(workflow.EXPERT_REVIEW)
    response = api(world.reviewer).post(
        f"/api/applications/{application.pk}/actions/conclude_expert/",
        {"publicity_days": 3_000_000},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "publicity_days" in response.json()["errors"]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("path", ["/api/auth/token/", "/api/applications/", "/api/me/profile/"])
@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_json_is_a_400(client, company_user, path, depth):
    user, _ = company_user
    client.force_login(user)
    method = client.patch if path == "/api/me/profile/" else client.post
    response = method(path, _nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "嵌套" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/policies/?q=%00", "/api/policies/?q=%00", "/policies/?q=a%00b"])
def test_nul_in_the_query_is_a_400_not_a_500(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()


def test_nul_in_json_strings_is_a_400(company_user):
    user, _ = company_user
    response = api(user).patch("/api/me/profile/", {"district": "朝阳\u0000区"}, format="json")
    assert response.status_code == 400
    assert "控制字符" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/applications/999999/"])
def test_api_not_found_is_chinese_json(client, company_user, path):
    client.force_login(company_user[0])
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


def test_zip_bomb_docx_is_refused(world):  # noqa: F811
    application = world.application()
    upload = SimpleUploadedFile("材料.docx", _zip_bomb())
    response = api(world.user_a).post(
        f"/api/applications/{application.pk}/attachments/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "压缩炸弹" in response.json()["detail"]
    assert not application.attachments.exists()


def test_rtl_override_is_removed_from_stored_names(world):  # noqa: F811
    application = world.application()
    upload = SimpleUploadedFile("invoice\u202efdp.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    response = api(world.user_a).post(
        f"/api/applications/{application.pk}/attachments/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    attachment = application.attachments.get()
    assert "\u202e" not in attachment.original_name
    assert "\u202e" not in attachment.file.name
    assert attachment.original_name == "invoicefdp.png"


def test_long_attachment_description_is_refused_not_cut(world):  # noqa: F811
    application = world.application()
    upload = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    response = api(world.user_a).post(
        f"/api/applications/{application.pk}/attachments/",
        {"file": upload, "description": "说" * 201},
        format="multipart",
    )
    assert response.status_code == 400
    assert "200个字" in response.json()["detail"]


def test_phone_with_markup_is_refused_at_signup(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "x1", "phone": "abc<>", "display_name": "张三", "company_name": "某公司",
         "credit_code": "91110105MA01C8L437", "password1": "Very-Long-Pass-2026", "password2": "Very-Long-Pass-2026"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "手机号" in response.content.decode() and "请填写正确的手机号" in response.content.decode()
