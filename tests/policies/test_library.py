"""The library's filters and sorting, the status badge, and the policy page's clause tree."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from policies.labels import readable_number
from policies.models import Clause, Policy, Validity

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def _policy(title, *, region="朝阳区", cap=None, tags=(), issuer="", **fields):
    p = Policy.objects.create(
        title=title,
        province="北京市",
        city="北京市",
        region=region,
        issuer=issuer,
        status=Policy.Status.PUBLISHED,
        **fields,
    )
    Clause.objects.create(
        policy=p, order=1, number="第一条", heading="支持", text="第一条 支持。给予支持。", kind="support",
        max_amount_yuan=cap, tags=list(tags),
    )  # fmt: skip
    return p


@pytest.fixture
def shelf():
    return {
        "current": _policy("现行人工智能措施", cap=5_000_000, tags=["人工智能"], issuer="朝阳区科信局",
                           published_on=TODAY - 30 * DAY, effective_until=TODAY + 300 * DAY),
        "expired": _policy("已过期的措施", cap=1_000_000, published_on=TODAY - 900 * DAY,
                           effective_until=TODAY - DAY),
        "pending": _policy("尚未施行的措施", effective_from=TODAY + 10 * DAY, published_on=TODAY - DAY),
        "draft": _policy("征求意见稿措施", is_draft=True, region="北京经济技术开发区", cap=30_000_000,
                         published_on=TODAY - 2 * DAY),
        "closing": _policy("即将截止的措施", cap=2_000_000, apply_from=TODAY - 5 * DAY,
                           apply_until=TODAY + 3 * DAY, published_on=TODAY - 60 * DAY),
    }  # fmt: skip


def _ids(client, **params):
    return [p["id"] for p in client.get("/api/policies/", params).json()["results"]]


def _titles(client, **params):
    body = client.get(reverse("policies:list"), params).content.decode()
    return body


@pytest.mark.parametrize(
    ("validity", "key"),
    [("in_force", "current"), ("expired", "expired"), ("pending", "pending"), ("draft", "draft")],
)
def test_status_filter(client, shelf, validity, key):
    found = _ids(client, validity=validity)
    assert shelf[key].id in found
    for other, p in shelf.items():
        if p.validity() != validity:
            assert p.id not in found, other


def test_validity_in_python_and_sql_agree(shelf):
    for v in Validity.values:
        assert {p.id for p in Policy.objects.with_validity(v)} == {
            p.id for p in shelf.values() if p.validity() == v
        }


def test_region_filter_includes_zones(client, shelf):
    assert _ids(client, region="北京经济技术开发区") == [shelf["draft"].id]


def test_industry_and_issuer_filters(client, shelf):
    assert _ids(client, industry="人工智慧") == [shelf["current"].id]
    assert _ids(client, issuer="科信局") == [shelf["current"].id]


def test_amounts_accept_wan_and_yi(client, shelf):
    assert set(_ids(client, amount_min="200万", amount_max="0.1亿")) == {
        shelf["current"].id,
        shelf["closing"].id,
    }
    assert set(_ids(client, has_money="on")) == {
        shelf[k].id for k in ("current", "expired", "draft", "closing")
    }


def test_open_for_applications(client, shelf):
    assert set(_ids(client, open_now="on")) == {shelf["current"].id, shelf["closing"].id}
    shelf["closing"].apply_until = TODAY - DAY
    shelf["closing"].save()
    assert set(_ids(client, open_now="on")) == {shelf["current"].id}


def test_sorting(client, shelf):
    assert _ids(client, sort="largest")[:2] == [shelf["draft"].id, shelf["current"].id]
    assert _ids(client, sort="closing")[:2] == [shelf["closing"].id, shelf["current"].id]
    assert _ids(client, sort="newest")[:2] == [shelf["pending"].id, shelf["draft"].id]


def test_the_page_keeps_what_was_typed_and_shows_badges(client, shelf):
    body = _titles(client, amount_min="200万", region="朝阳区", validity="in_force")
    assert 'value="200万"' in body and 'value="朝阳区"' in body
    assert '<option value="in_force" selected>' in body
    assert "现行有效" in body and 'data-testid="validity"' in body


def test_a_bad_amount_is_explained_not_failed(client, shelf):
    response = client.get(reverse("policies:list"), {"amount_min": "很多"})
    assert response.status_code == 200
    assert "请填写金额" in response.content.decode()


def test_pagination_keeps_filters(client):
    for i in range(25):
        _policy(f"措施{i}", cap=1_000_000)
    body = _titles(client, has_money="on", sort="largest")
    assert "has_money=on" in body and "page=2" in body


@pytest.mark.parametrize(
    ("number", "label"),
    [("第二章/第五条", "第五条"), ("二、/(五)/18.", "二、(五)18."), ("第一条", "第一条"), ("", "")],
)
def test_readable_numbers(number, label):
    assert readable_number(number) == label


def test_each_article_appears_once_on_the_policy_page(client):
    p = Policy.objects.create(title="分节的措施", status=Policy.Status.PUBLISHED, region="朝阳区")
    parts = [
        ("一、", "总体要求", "一、总体要求\n(一)支持研发。对研发给予补贴。"),
        ("一、/(一)", "支持研发", "(一)支持研发。对研发给予补贴。"),
        ("二、", "保障措施", "二、保障措施\n本措施自发布之日起施行。"),
    ]
    for i, (number, heading, text) in enumerate(parts, start=1):
        Clause.objects.create(policy=p, order=i, number=number, heading=heading, text=text)
    body = client.get(reverse("policies:detail", args=[p.id])).content.decode()
    assert body.count("对研发给予补贴") == 1
    assert body.count("本措施自发布之日起施行") == 1


def test_policy_page_shows_dates_window_office_and_phone(client, shelf):
    p = shelf["closing"]
    p.handling_office = "朝阳区科学技术和信息化局"
    p.contact_phone = "010-12345678"
    p.save()
    body = client.get(reverse("policies:detail", args=[p.id])).content.decode()
    assert "朝阳区科学技术和信息化局" in body and "010-12345678" in body
    assert (p.apply_until).strftime("%Y年%-m月%-d日") in body and "申报中" in body


def test_expired_policy_offers_no_apply_button(client, make_user, shelf):
    from accounts.roles import Role

    client.force_login(make_user(Role.ENTERPRISE))
    p = shelf["expired"]
    body = client.get(reverse("policies:detail", args=[p.id])).content.decode()
    assert "已失效" in body and "申报此条款" not in body
