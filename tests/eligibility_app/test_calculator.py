"""The policy calculator on 我的企业 and its API: questions ranked by money, answered in place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from eligibility.models import Declaration, MatchResult
from eligibility.services import rematch_company

from .conftest import BEIJING_CHAOYANG, make_policy, money_clause

pytestmark = pytest.mark.django_db

STORE = {
    "kind": "declaration",
    "key": "flagship_store",
    "question": "贵企业是否开设了旗舰店?",
    "answer_type": "bool",
    "text": "开设旗舰店的",
    "span": [0, 6],
    "modelled": False,
}
FORUM = {
    "kind": "declaration",
    "key": "hosts_forum",
    "question": "贵企业是否作为主办方举办论坛?",
    "answer_type": "bool",
    "text": "作为主要举办单位的",
    "span": [0, 9],
    "modelled": False,
}
AREA = {
    "kind": "declaration",
    "key": "office_area",
    "question": "贵企业租用的办公面积是多少?",
    "answer_type": "number",
    "unit": "平方米",
    "op": "gte",
    "value": 1000,
    "text": "租用办公面积1000平方米以上的",
    "span": [0, 14],
    "modelled": False,
}
REVIEW = {"kind": "review", "text": "经专家评审", "span": [0, 5], "modelled": False}


@pytest.fixture
def company(enterprise):
    make_policy(
        money_clause(2_000_000, requirements=[STORE], heading="旗舰店补助"),
        money_clause(500_000, requirements=[STORE, REVIEW], heading="旗舰店改造"),
        money_clause(800_000, requirements=[FORUM], heading="论坛活动"),
        money_clause(300_000, requirements=[AREA], heading="房租补贴"),
        money_clause(100_000, heading="普惠支持"),
    )
    user, company = enterprise(BEIJING_CHAOYANG, username="calc-qiye")
    rematch_company(company.pk)
    return user, company


def statuses(company) -> dict[str, str]:
    return dict(MatchResult.objects.filter(company=company).values_list("clause__heading", "status"))


def test_questions_are_ranked_by_the_money_they_settle(client, company):
    user, _ = company
    client.force_login(user)
    body = client.get(reverse("eligibility:home")).content.decode()
    assert "政策计算器" in body
    order = [
        body.index(q) for q in ("贵企业是否开设了旗舰店?", "贵企业是否作为主办方举办论坛?", "租用的办公面积")
    ]
    assert order == sorted(order)
    assert "关系最高 250万元" in body  # both flagship clauses (no stacking rule): 200万 + 50万
    assert 'src="/static/vendor/htmx/htmx.min.js"' in body


def test_answering_in_place_updates_results_and_total(client, company):
    user, c = company
    client.force_login(user)
    assert statuses(c)["旗舰店补助"] == "possible"
    response = client.post(
        reverse("eligibility:answer"), {"key": "flagship_store", "value": "是"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    part = response.content.decode()
    assert part.lstrip().startswith('<div id="board">') and "<html" not in part
    assert statuses(c)["旗舰店补助"] == "eligible" and statuses(c)["旗舰店改造"] == "eligible"
    assert statuses(c)["论坛活动"] == "possible"  # a clause not asking the key is unchanged
    assert '<span class="amount" data-testid="total">260万元</span>' in part  # 200万 + 50万 + 普惠 10万
    assert "可申报 — 依据贵企业的声明" in part and "以评审结果为准" in part
    assert "贵企业是否开设了旗舰店?" in part.split("已回答的问题")[1]  # now listed as answered, editable

    client.post(
        reverse("eligibility:answer"), {"key": "flagship_store", "value": "否"}, HTTP_HX_REQUEST="true"
    )
    assert statuses(c)["旗舰店补助"] == "ineligible"
    response = client.post(reverse("eligibility:answer"), {"key": "office_area", "value": "1200"})
    assert response.status_code == 302 and response.url.endswith("#calculator")
    assert statuses(c)["房租补贴"] == "eligible"
    client.post(
        reverse("eligibility:answer"), {"key": "flagship_store", "clear": "1"}, HTTP_HX_REQUEST="true"
    )
    assert statuses(c)["旗舰店补助"] == "possible"
    assert not Declaration.objects.filter(company=c, key="flagship_store").exists()


def test_a_wrong_answer_is_refused_in_chinese_and_kept(client, company):
    user, c = company
    client.force_login(user)
    response = client.post(
        reverse("eligibility:answer"), {"key": "office_area", "value": "很大"}, HTTP_HX_REQUEST="true"
    )
    part = response.content.decode()
    assert "应为不小于 0 的数字" in part and 'value="很大"' in part
    assert not Declaration.objects.filter(company=c).exists()
    response = client.post(reverse("eligibility:answer"), {"key": "nope", "value": "是"}, follow=True)
    assert "没有这个问题" in response.content.decode()


def test_the_api_lists_questions_and_takes_answers(client, company):
    user, c = company
    client.force_login(user)
    data = client.get("/api/me/questions/").json()
    assert [q["key"] for q in data["questions"]] == ["flagship_store", "hosts_forum", "office_area"]
    assert data["questions"][0]["yuan_at_stake"] == 2_500_000
    assert data["total_estimate_yuan"] == 100_000
    response = client.post(
        "/api/me/questions/",
        {"answers": {"hosts_forum": True, "office_area": "900"}},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert [q["key"] for q in data["questions"]] == ["flagship_store"]
    assert data["total_estimate_yuan"] == 900_000
    assert {a["key"]: a["value"] for a in data["answered"]} == {"hosts_forum": True, "office_area": 900}
    assert statuses(c)["房租补贴"] == "ineligible"
    matches = client.get("/api/me/matches/").json()
    forum = next(r for r in matches["results"] if r["clause"]["heading"] == "论坛活动")
    assert forum["by_declaration"] is True
    assert matches["questions"][0]["key"] == "flagship_store"


@pytest.mark.parametrize(
    "body, message",
    [
        ({"answers": {"no_such": True}}, "没有这个问题"),
        ({"answers": {"hosts_forum": "也许"}}, "只能回答“是”或“否”"),
        ({"answers": {}}, "请至少回答一个问题"),
        ({"answers": "是"}, "answers 应为对象"),
        ({"answers": {"office_area": [1]}}, "回答应为 是/否 或数字"),
    ],
)
def test_api_errors_are_chinese_and_store_nothing(client, company, body, message):
    user, c = company
    client.force_login(user)
    response = client.post("/api/me/questions/", body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Declaration.objects.filter(company=c).exists()


def test_the_questions_api_is_documented(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/me/questions/" in schema and "政策计算器" in schema


def test_the_clause_page_asks_its_questions_and_says_when_a_declaration_decided(client, company):
    from eligibility.models import MatchResult

    user, c = company
    client.force_login(user)
    clause_id = MatchResult.objects.get(company=c, clause__heading="旗舰店改造").clause_id
    url = reverse("eligibility:clause", args=[clause_id])
    page = client.get(url).content.decode()
    assert "请贵企业回答" in page and "贵企业是否开设了旗舰店?" in page
    assert "declaration.flagship_store" not in page  # not offered as a profile field to fill
    response = client.post(
        reverse("eligibility:answer"), {"key": "flagship_store", "value": "是", "next": url}
    )
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "可申报 — 依据贵企业的声明" in page and "以评审结果为准" in page and "请贵企业回答" not in page
    response = client.post(
        reverse("eligibility:answer"),
        {"key": "flagship_store", "value": "否", "next": "https://evil.example/"},
    )
    assert response.url.endswith("/me/#calculator")
