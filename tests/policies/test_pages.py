"""The public policy library: search, detail, and the way into an application."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from policies.models import Clause, Policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    p = Policy.objects.create(
        title="朝阳区关于支持人工智能发展的若干措施",
        province="北京市",
        city="北京市",
        region="朝阳区",
        status=Policy.Status.PUBLISHED,
    )
    Clause.objects.create(
        policy=p, order=1, number="第一条", heading="目的", text="为促进发展……", kind="general"
    )
    Clause.objects.create(
        policy=p,
        order=2,
        number="第二条",
        heading="支持算力",
        text="最高给予500万元支持。",
        kind="support",
        max_amount_yuan=5_000_000,
    )
    return p


def test_search_finds_by_clause_words_and_region(client, policy):
    Policy.objects.create(
        title="海淀区外贸措施", province="北京市", city="北京市", region="海淀区", status="published"
    )
    found = [p["id"] for p in client.get("/api/policies/", {"q": "算力 朝阳"}).json()["results"]]
    assert found == [policy.id]


def test_drafts_are_hidden_from_the_public(client, policy):
    policy.status = Policy.Status.DRAFT
    policy.save()
    assert client.get(reverse("policies:detail", args=[policy.id])).status_code == 404
    assert policy.title not in client.get(reverse("policies:list")).content.decode()


def test_amounts_show_their_unit(client, policy):
    body = client.get(reverse("policies:detail", args=[policy.id])).content.decode()
    assert "最高 500万元" in body


def test_enterprise_users_get_an_apply_link_on_support_clauses_only(client, make_user, policy):
    client.force_login(make_user(Role.ENTERPRISE))
    body = client.get(reverse("policies:detail", args=[policy.id])).content.decode()
    support = policy.clauses.get(kind="support")
    general = policy.clauses.get(kind="general")
    assert reverse("applications:new", args=[support.id]) in body
    assert reverse("applications:new", args=[general.id]) not in body


def test_anonymous_users_are_invited_to_log_in(client, policy):
    body = client.get(reverse("policies:detail", args=[policy.id])).content.decode()
    assert "登录后可申报" in body
    assert "/applications/new/" not in body


def test_a_query_typed_without_spaces_is_segmented(client, policy):
    found = [p["id"] for p in client.get("/api/policies/", {"q": "朝阳区支持算力"}).json()["results"]]
    assert found == [policy.id]
