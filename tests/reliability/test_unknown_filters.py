"""Unknown filter values and parameters are never silently ignored: the API answers a Chinese 400
naming them, the library page shows a Chinese notice (and the rest of its filters still apply)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from policies.models import Clause, Policy
from tests.applications.conftest import World, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _policy(title: str, region: str) -> Policy:
    policy = Policy.objects.create(
        title=title, province="北京市", city="北京市", region=region, status=Policy.Status.PUBLISHED
    )
    Clause.objects.create(
        policy=policy, order=1, number="第一条", heading="支持", text="给予支持。", kind="support"
    )
    return policy


@pytest.fixture
def two_policies(db):
    return _policy("朝阳区支持措施", "朝阳区"), _policy("海淀区支持措施", "海淀区")


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"validity": "bogus"}, "validity"),
        ({"sort": "cheapest"}, "sort"),
        ({"amount_min": "很多"}, "amount_min"),
        ({"district": "不存在"}, "district"),
        ({"regoin": "朝阳区"}, "regoin"),
    ],
)
def test_api_policies_refuses_an_unknown_filter_or_value(two_policies, query, field):
    response = _api().get("/api/policies/", query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"detail", "errors"}
    assert field in body["errors"]
    assert all("\u4e00" <= ch <= "\u9fff" for ch in body["detail"][:1])  # a Chinese sentence


def test_api_policies_names_the_filters_it_knows(two_policies):
    body = _api().get("/api/policies/", {"district": "不存在"}).json()
    message = body["errors"]["district"][0]
    assert "district" in message and "region" in message and "不支持" in message


def test_api_policies_known_filters_and_page_still_work(two_policies):
    chaoyang, _ = two_policies
    response = _api().get("/api/policies/", {"region": "朝阳区", "validity": "", "page": "1"})
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [chaoyang.pk]


def test_api_applications_refuses_an_unknown_state_or_parameter(world):  # noqa: F811
    client = _api(world.reviewer)
    assert client.get("/api/applications/", {"state": "draft"}).status_code == 200
    bad_state = client.get("/api/applications/", {"state": "bogus"})
    assert bad_state.status_code == 400 and "state" in bad_state.json()["errors"]
    unknown = client.get("/api/applications/", {"company": "1"})
    assert unknown.status_code == 400
    assert "company" in unknown.json()["errors"]


def test_api_matches_refuses_an_unknown_status_or_parameter(make_user):
    from tests.applications.factories import CompanyFactory

    user = make_user(Role.ENTERPRISE)
    CompanyFactory(members=[user])
    client = _api(user)
    assert client.get("/api/me/matches/", {"status": "eligible"}).status_code == 200
    assert client.get("/api/me/matches/", {"status": "", "policy": "", "region": ""}).status_code == 200
    for query, field in [({"status": "bogus"}, "status"), ({"policy": "abc"}, "policy"), ({"x": "1"}, "x")]:
        response = client.get("/api/me/matches/", query)
        assert response.status_code == 400, query
        assert field in response.json()["errors"], query


def test_api_lists_without_filters_refuse_a_filter(make_user):
    client = _api(make_user(Role.ADMIN))
    assert client.get("/api/ingest/runs/", {"page": "1"}).status_code == 200
    response = client.get("/api/ingest/runs/", {"status": "failed"})
    assert response.status_code == 400
    assert "该列表不支持筛选" in response.json()["errors"]["status"][0]


def test_schema_documents_the_refusal():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/policies/"]["get"]
    assert "400" in operation["responses"]
    assert "400" in operation["description"]
    # An empty filter means "not filtered" (as a form sends it); an empty page is refused.
    empty = {p["name"]: p.get("allowEmptyValue", False) for p in operation["parameters"]}
    assert empty["validity"] and empty["q"] and not empty["page"]
    # Sub-lists of an application take no filters, so the schema lists none.
    params = schema["paths"]["/api/applications/{id}/events/"]["get"].get("parameters", [])
    assert {p["name"] for p in params if p["in"] == "query"} == set()


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"validity": "bogus"}, "“状态”没有“bogus”这一项"),
        ({"sort": "cheapest"}, "“排序”没有“cheapest”这一项"),
        ({"district": "不存在"}, "不支持的筛选条件“district”"),
        ({"region": "区" * 101}, "“地区/园区”"),
    ],
)
def test_library_page_says_what_it_ignored(client, two_policies, query, notice):
    response = client.get(reverse("policies:list"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="filter-notices"' in page
    assert notice in page
    assert "已忽略" in page


def test_library_page_applies_the_valid_filters_beside_an_unknown_one(client, two_policies):
    page = client.get(reverse("policies:list"), {"region": "海淀区", "district": "朝阳区"}).content.decode()
    assert "海淀区支持措施" in page and "朝阳区支持措施" not in page
    assert "不支持的筛选条件“district”" in page


def test_library_page_without_surprises_shows_no_notice(client, two_policies):
    page = client.get(reverse("policies:list"), {"region": "朝阳区", "page": "1"}).content.decode()
    assert 'data-testid="filter-notices"' not in page


@pytest.mark.parametrize(
    ("value", "ticked", "valid"),
    [
        ("on", True, True),
        ("true", True, True),
        ("false", False, True),
        ("", False, True),
        ("null", False, False),
    ],
)
def test_checkbox_filters_take_only_yes_or_no(value, ticked, valid):
    from policies.forms import LibraryFilterForm

    form = LibraryFilterForm({"has_money": value})
    assert form.is_valid() is valid
    assert ("checked" in str(form["has_money"])) is ticked
    if valid:
        assert form.cleaned_data["has_money"] is ticked


def test_list_filters_do_not_hide_one_object(world):  # noqa: F811
    application = world.application()
    client = _api(world.user_a)
    response = client.get(f"/api/applications/{application.pk}/", {"state": "approved"})
    assert response.status_code == 200 and response.json()["id"] == application.pk
