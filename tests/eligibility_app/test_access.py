"""Access: an enterprise user sees only its own company's profile and matches (pages and API)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from eligibility import services
from eligibility.models import CompanyProfile

from .conftest import BEIJING_CHAOYANG, make_policy, money_clause

pytestmark = pytest.mark.django_db

PAGES = ["/me/", "/me/profile/"]
API = ["/api/me/profile/", "/api/me/matches/", "/api/me/unlock/"]


@pytest.mark.parametrize("url", [*PAGES, "/me/clauses/1/"])
def test_anonymous_users_go_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", API)
def test_anonymous_api_is_refused(url):
    assert APIClient().get(url).status_code in (401, 403)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.EXPERT, Role.ADMIN])
@pytest.mark.parametrize("url", [*PAGES, *API])
def test_other_roles_get_403(client, make_user, role, url):
    client.force_login(make_user(role))
    response = client.get(url)
    assert response.status_code == 403
    assert "credit_code" not in response.content.decode()


def test_enterprise_user_sees_only_its_own_company(enterprise):
    policy = make_policy(money_clause(500_000, {"fact": "employees", "op": "gte", "value": 50}))
    user_a, company_a = enterprise(profile={**BEIJING_CHAOYANG, "employees": 10})
    _, company_b = enterprise(profile={**BEIJING_CHAOYANG, "employees": 80, "industries": ["机密行业"]})
    services.rematch_company(company_a.pk)
    services.rematch_company(company_b.pk)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user_a).key}")

    profile = api.get("/api/me/profile/").json()
    assert profile["credit_code"] == company_a.credit_code and "industries" not in profile
    matches = api.get("/api/me/matches/").json()
    assert matches["company"]["credit_code"] == company_a.credit_code
    assert [r["status"] for r in matches["results"]] == ["ineligible"]
    assert matches["total_estimate_yuan"] == 0

    response = api.put(
        "/api/me/profile/", {"employees": 99, "credit_code": company_b.credit_code}, format="json"
    )
    assert response.status_code == 200
    assert CompanyProfile.objects.get(company=company_a).data["employees"] == 99
    assert CompanyProfile.objects.get(company=company_b).data["employees"] == 80

    from django.test import Client

    page = Client()
    page.force_login(user_a)
    body = page.get("/me/").content.decode()
    assert company_a.name in body and company_b.name not in body
    # The clause page shows the caller's own result only.
    clause = policy.clauses.get()
    body = page.get(f"/me/clauses/{clause.pk}/").content.decode()
    assert "机密行业" not in body and company_b.name not in body


def test_unpublished_or_missing_clause_is_404(client, enterprise):
    draft = make_policy(money_clause(100_000), status="draft")
    user, _ = enterprise()
    client.force_login(user)
    assert client.get(f"/me/clauses/{draft.clauses.get().pk}/").status_code == 404
    assert client.get("/me/clauses/999999/").status_code == 404


def test_enterprise_user_without_company_gets_404_from_api_and_a_page(client, make_user):
    user = make_user(Role.ENTERPRISE)
    client.force_login(user)
    assert client.get("/me/").status_code == 200
    assert client.get("/me/profile/").status_code == 404
    for url in API:
        assert client.get(url).status_code == 404


def test_api_put_validates_in_chinese_and_patch_clears_with_null(client, enterprise):
    user, company = enterprise(profile={"employees": 5, "credit_good": True, "facts": {"first_time": True}})
    client.force_login(user)
    bad = client.put(
        "/api/me/profile/",
        {"employees": -1, "district": "朝阳区", "entity_type": "alien"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "填写区县时请同时填写省份和城市" in text or "employees" in bad.json()
    assert "employees" in bad.json() and "entity_type" in bad.json()

    ok = client.patch(
        "/api/me/profile/",
        {
            "credit_good": None,
            "revenue_last_year_yuan": 0,
            "facts": {"first_time": None, "rent_area_sqm": 100},
        },
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    data = CompanyProfile.objects.get(company=company).data
    assert "credit_good" not in data and data["revenue_last_year_yuan"] == 0 and data["employees"] == 5
    assert data["facts"] == {"rent_area_sqm": 100}
    assert ok.json()["version"] == CompanyProfile.objects.get(company=company).version


def test_openapi_documents_the_me_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in API:
        assert path in schema
    assert "total_estimate_yuan" in schema and "unlock_yuan" in schema
