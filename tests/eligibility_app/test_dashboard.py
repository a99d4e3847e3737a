"""The /me/ dashboard and the clause page read stored results: totals with units, missing facts, unlocks."""

from __future__ import annotations

import re

import pytest

from eligibility import services

from .conftest import BEIJING_CHAOYANG, make_policy, money_clause

pytestmark = pytest.mark.django_db

HIGH_TECH = {"fact": "qualifications", "op": "contains", "value": "国家高新技术企业"}
STAFF_50 = {"fact": "employees", "op": "gte", "value": 50}
REVENUE = {"fact": "revenue_last_year_yuan", "op": "gte", "value": 20_000_000}


@pytest.fixture
def board(client, enterprise):
    """A company in 北京市朝阳区 with eligible, possible and set-aside results stored."""
    exclusive = make_policy(
        money_clause(5_000_000, STAFF_50, heading="支持开展共性技术标准创制"),
        money_clause(2_000_000, STAFF_50, heading="支持首台套"),
        money_clause(3_000_000, HIGH_TECH, heading="支持高新技术企业"),
        title="朝阳区支持数字经济若干措施",
        stacking="从优不重复",
    )
    other = make_policy(
        money_clause(
            None,
            REVENUE,
            heading="研发费用补贴",
            max_amount_yuan=800_000,
            amounts_yuan=[800_000],
            benefits=[{"kind": "subsidy", "ratio": 0.3, "base": "研发投入", "cap_yuan": 800_000}],
        ),
        money_clause(1_500_000, STAFF_50, heading="人才奖励"),
        title="朝阳区人才与研发支持办法",
    )
    user, company = enterprise(profile={**BEIJING_CHAOYANG, "employees": 80})
    services.rematch_company(company.pk)
    client.force_login(user)
    return {"client": client, "company": company, "exclusive": exclusive, "other": other}


def test_totals_use_units_and_best_of_each_stacking_group(board):
    body = board["client"].get("/me/").content.decode()
    # 500万 (best of the exclusive policy) + 150万 (stacks): the 200万 alternative is set aside.
    assert re.search(r'data-testid="total">650万元<', body)
    assert "已按“不重复享受”规则舍弃的备选条款" in body
    assert "支持首台套" in body and "未计入合计" in body
    eligible = body[body.index('id="eligible"') : body.index('id="possible"')]
    assert eligible.index("最高 500万元") < eligible.index("最高 200万元") < eligible.index(
        "最高 150万元"
    ) or (eligible.index("最高 500万元") < eligible.index("最高 150万元"))
    assert "0元" not in eligible


def test_possible_lists_what_is_missing_by_policy(board):
    body = board["client"].get("/me/").content.decode()
    possible = body[body.index('id="possible"') :]
    assert "朝阳区支持数字经济若干措施" in possible and "朝阳区人才与研发支持办法" in possible
    assert "还需:资质认定" in possible
    assert "还需:上年度营业收入" in possible
    assert "最高 300万元" in possible and "最高 80万元" in possible


def test_unlock_list_ranks_facts_by_money_with_questions_and_links(board):
    body = board["client"].get("/me/").content.decode()
    unlock = body[body.index('id="unlock"') : body.index('id="eligible"')]
    assert "补充这些信息可解锁更多支持" in unlock
    # Revenue unlocks 80万; the qualification's 300万 sits in a group already paying 500万: nothing.
    assert unlock.index("上年度营业收入") < unlock.index("资质认定")
    assert "可能解锁最高 80万元" in unlock
    assert "贵单位上一年度营业收入是多少?" in unlock
    assert 'href="/me/profile/#id_revenue_last_year_yuan"' in unlock
    assert 'href="/me/profile/#qualifications"' in unlock


def test_filters_by_status_and_policy(board):
    client = board["client"]
    only_possible = client.get("/me/?status=possible").content.decode()
    assert 'id="eligible"' not in only_possible and 'id="possible"' in only_possible
    other = board["other"]
    by_policy = client.get(f"/me/?policy={other.pk}").content.decode()
    listed = by_policy[by_policy.index('id="eligible"') :]
    assert "人才奖励" in listed and "支持开展共性技术标准创制" not in listed
    region = client.get("/me/?region=北京市|北京市|朝阳区").content.decode()
    assert "人才奖励" in region
    assert (
        "人才奖励"
        not in client.get("/me/?region=吉林省|长春市|朝阳区").content.decode().split('id="eligible"')[1]
    )
    assert client.get("/me/?status=bogus&policy=x").status_code == 200


def test_an_unknown_filter_value_is_said_not_silently_ignored(board):
    client = board["client"]
    body = client.get("/me/?status=<b>bogus</b>&policy=x").content.decode()
    assert "“匹配结果”没有“&lt;b&gt;bogus&lt;/b&gt;”这一项,已忽略该条件。" in body
    assert "“政策”没有“x”这一项,已忽略该条件。" in body
    assert 'id="eligible"' in body and 'id="possible"' in body  # the whole board, as said
    for query in ("", "?status=possible", f"?policy={board['other'].pk}"):
        assert 'data-testid="filter-notices"' not in client.get(f"/me/{query}").content.decode()


def test_dashboard_queries_do_not_grow_with_results(board, django_assert_max_num_queries, enterprise):
    client = board["client"]
    client.get("/me/")
    with django_assert_max_num_queries(8):
        client.get("/me/")
    for _ in range(5):
        make_policy(*(money_clause(100_000 * (i + 1), STAFF_50) for i in range(6)))
    services.rematch_company(board["company"].pk)
    with django_assert_max_num_queries(8):
        response = client.get("/me/")
    assert response.content.decode().count("/me/clauses/") > 30


def test_api_matches_have_the_match_command_shape(board):
    data = board["client"].get("/api/me/matches/").json()
    assert data["total_estimate_yuan"] == 6_500_000
    first = data["results"][0]
    assert set(first) >= {
        "policy",
        "clause",
        "status",
        "reasons",
        "missing",
        "estimate",
        "stacking_group",
        "draft",
    }
    assert first["status"] == "eligible" and first["estimate"]["max_yuan"] == 5_000_000
    assert [r["status"] for r in data["results"]].count("possible") == 2
    assert data["set_aside"][0]["set_aside"][0]["heading"] == "支持首台套"
    filtered = board["client"].get("/api/me/matches/?status=possible").json()
    assert {r["status"] for r in filtered["results"]} == {"possible"}
    unlock = board["client"].get("/api/me/unlock/").json()
    assert unlock[0]["fact"] == "revenue_last_year_yuan" and unlock[0]["unlock_yuan"] == 800_000


def test_clause_page_shows_reasons_missing_and_evidence(board, client, enterprise):
    clause = board["other"].clauses.get(heading="研发费用补贴")
    text = "对上年度营业收入2000万元以上的企业,按研发投入的30%给予补贴,最高80万元。"
    clause.text, clause.span = text, [1000, 1000 + len(text)]
    clause.save(update_fields=["text", "span"])
    start = 1000 + text.index("最高80万元")
    clause.benefits.update(evidence=[start, start + len("最高80万元")])
    body = board["client"].get(f"/me/clauses/{clause.pk}/").content.decode()
    assert "可能可申报" in body
    assert '<mark class="evidence">最高80万元</mark>' in body
    assert '">✓</span>注册地' in body or '">✓</span>' in body
    assert '">?</span>' in body
    assert "上年度营业收入" in body and 'href="/me/profile/#id_revenue_last_year_yuan"' in body
    assert "最高 80万元" in body
    ineligible = board["exclusive"].clauses.get(heading="支持高新技术企业")
    board["company"].profile.data["qualifications"] = []
    board["company"].profile.save()
    services.rematch_company(board["company"].pk)
    body = board["client"].get(f"/me/clauses/{ineligible.pk}/").content.decode()
    assert "不符合" in body and '">✗</span>' in body


def test_potential_total_counts_possible_clauses_under_the_same_stacking_rule(board):
    body = board["client"].get("/me/").content.decode()
    # possible: 高新 300万 (its group's best stays the eligible 500万) and 研发 80万 (stacks): 650万 + 80万.
    assert re.search(r'data-testid="potential">730万元<', body)
    api = board["client"].get("/api/me/matches/").json()
    assert api["total_potential_yuan"] == 7_300_000
