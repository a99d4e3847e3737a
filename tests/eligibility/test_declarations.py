"""Declarations, review notes and requirement kinds in the engine: questions a company answers itself."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility.engine import match_clause, match_profile, prepare
from eligibility.engine.conditions import problems
from eligibility.engine.declarations import classify, fallback, kind_of

AS_OF = "2026-11-21"
HERE = {"province": "北京市", "city": "北京市", "district": "朝阳区"}
REGION = {"all": [{"fact": "district", "op": "in", "value": ["朝阳区"]}]}
OFFSHORE = {
    "text": "开展离岸贸易业务",
    "span": [0, 8],
    "modelled": False,
    "kind": "declaration",
    "key": "offshore_trade",
    "question": "贵企业是否开展离岸贸易业务?",
    "answer_type": "bool",
}
FORUM = {
    "text": "作为主要举办或承办单位",
    "span": [10, 20],
    "modelled": False,
    "kind": "declaration",
    "key": "host_event",
    "question": "贵单位是否作为主要举办或承办单位组织论坛?",
    "answer_type": "bool",
}
REVIEW = {"text": "经评审", "span": [30, 33], "modelled": False, "kind": "review"}
OPEN = {"text": "对示范作用显著的机器人场景", "span": [40, 50], "modelled": False, "kind": "open"}
NONE = {"text": "符合条件的", "span": [60, 65], "modelled": False, "kind": "none"}
INVEST = {
    "text": "年度离岸贸易收汇额",
    "span": [70, 80],
    "modelled": False,
    "kind": "declaration",
    "key": "offshore_receipts_usd",
    "question": "贵企业上一年度离岸贸易收汇额是多少万美元?",
    "answer_type": "number",
    "unit": "万美元",
    "op": "gte",
    "value": 5000,
}


def policy(*clauses, stacking=None):
    """A 北京市朝阳区 policy holding ``clauses`` (each a dict of clause fields)."""
    return {
        "id": 9, "title": "朝阳区促进商务发展若干措施", "province": "北京市", "city": "北京市", "region": "朝阳区",
        "effective_from": None, "effective_until": None, "is_draft": False, "stacking": stacking,
        "clauses": [
            {"id": 300 + i, "number": f"第{i + 1}条", "heading": None, "kind": "support",
             "max_amount_yuan": c.pop("cap", 1_000_000), "amounts_yuan": [], "ratios": [], "benefits": [],
             "conditions": REGION, **c}
            for i, c in enumerate(clauses)
        ],
    }  # fmt: skip


def company(declarations=None, **facts):
    profile = {**HERE, "facts": facts}
    if declarations is not None:
        profile["declarations"] = declarations
    return profile


def status(requirements, declarations=None, **facts):
    p = policy({"requirements": requirements})
    return match_clause(p["clauses"][0], p, company(declarations, **facts), AS_OF)


# (requirements, declarations, expected status, by_declaration, why)
CASES = [
    ([OFFSHORE], None, "possible", False, "the company has not said whether it trades offshore"),
    ([OFFSHORE], {"offshore_trade": True}, "eligible", True, "declared: eligible on its own word"),
    ([OFFSHORE], {"offshore_trade": False}, "ineligible", False, "declared no: the clause is not for it"),
    ([OFFSHORE], {"offshore_trade": "是"}, "eligible", True, "answers are read as people write them"),
    ([OFFSHORE, FORUM], {"offshore_trade": True}, "possible", False, "one of two questions is open"),
    ([OFFSHORE, FORUM], {"offshore_trade": True, "host_event": False}, "ineligible", False, "one no"),
    ([OFFSHORE, FORUM], {"offshore_trade": True, "host_event": True}, "eligible", True, "both yes"),
    ([REVIEW], None, "eligible", False, "review words never make a clause uncertain"),
    ([NONE], None, "eligible", False, "not a condition"),
    ([OPEN], {"offshore_trade": True}, "possible", False, "open text stays open whatever is declared"),
    ([OFFSHORE, OPEN], {"offshore_trade": True}, "possible", False, "open text caps a declared clause"),
    ([OFFSHORE, OPEN], {"offshore_trade": False}, "ineligible", False, "a no settles it despite open text"),
    ([INVEST], {"offshore_receipts_usd": 5000}, "eligible", True, "a number answer at the threshold"),
    ([INVEST], {"offshore_receipts_usd": 4999}, "ineligible", False, "a number answer just below"),
    ([INVEST], {"offshore_receipts_usd": "6000"}, "eligible", True, "a number written as text"),
    ([INVEST], None, "possible", False, "a number question unanswered"),
]


@pytest.mark.parametrize(("requirements", "declarations", "expected", "by_declaration", "why"), CASES)
def test_declarations_decide_clauses(requirements, declarations, expected, by_declaration, why):
    result = status(requirements, declarations)
    assert result.status == expected, why
    assert result.by_declaration is by_declaration, why
    assert result.to_dict()["by_declaration"] is by_declaration


def test_a_declared_result_says_so_in_its_reasons():
    result = status([OFFSHORE], {"offshore_trade": True})
    texts = [r.text for r in result.reasons if r.fact == "declaration.offshore_trade"]
    assert texts == ["开展离岸贸易业务(依据贵企业的声明) ✓"]


def test_review_notes_sit_beside_an_eligible_result():
    result = status([REVIEW, OFFSHORE], {"offshore_trade": True})
    out = result.to_dict()
    assert out["status"] == "eligible" and out["review"] == ["以评审结果为准: 经评审"]


def test_unanswered_questions_are_listed_per_result():
    out = status([OFFSHORE, FORUM, OPEN], {"offshore_trade": True}).to_dict()
    assert [q["key"] for q in out["questions"]] == ["host_event"]
    assert out["questions"][0]["answer_type"] == "bool"
    kinds = sorted(m.get("kind", "fact") for m in out["missing"])
    assert kinds == ["declaration", "requirement"]


def test_questions_rank_by_money_and_share_one_key():
    p = policy(
        {"requirements": [OFFSHORE], "cap": 5_000_000},
        {"requirements": [{**OFFSHORE, "text": "离岸贸易企业", "span": [100, 106]}], "cap": 2_000_000},
        {"requirements": [FORUM], "cap": 1_000_000},
    )
    report = match_profile([p], company(), AS_OF).to_dict()
    assert [q["key"] for q in report["questions"]] == ["offshore_trade", "host_event"]
    first = report["questions"][0]
    assert first["yuan_at_stake"] == 7_000_000 and len(first["clauses"]) == 2
    assert report["total_estimate_yuan"] == 0
    answered = match_profile([p], company({"offshore_trade": True, "host_event": False}), AS_OF).to_dict()
    assert answered["questions"] == [] and answered["total_estimate_yuan"] == 7_000_000


def test_stacking_groups_limit_the_money_at_stake():
    p = policy(
        {"requirements": [OFFSHORE], "cap": 5_000_000},
        {"requirements": [OFFSHORE], "cap": 2_000_000},
        stacking="就高不重复",
    )
    report = match_profile([p], company(), AS_OF).to_dict()
    assert report["questions"][0]["yuan_at_stake"] == 5_000_000


def test_an_attached_condition_is_obeyed():
    attached = {
        "text": "对投资500万元以上的建设主体",
        "span": [0, 14],
        "kind": "fact",
        "modelled": True,
        "condition": {"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000},
    }
    assert status([attached], project_investment_yuan=5_000_000).status == "eligible"
    assert status([attached], project_investment_yuan=4_999_999).status == "ineligible"
    assert status([attached]).status == "possible"


def test_bad_declaration_answers_are_reported_in_chinese():
    view = prepare({**HERE, "declarations": {"offshore_trade": "也许", "host_event": True}})
    assert any("offshore_trade" in p for p in problems(view))
    assert view["declaration.host_event"] is True
    assert any("declarations" in p for p in problems(prepare({**HERE, "declarations": ["x"]})))


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("经评审", "review", None),
        ("择优", "review", None),
        ("符合条件的", "none", None),
        ("对新注册的离岸贸易企业", "declaration", "offshore_trade"),
        ("作为主要举办或承办单位", "declaration", "host_event"),
        ("在经开区组织开展人工智能论坛、峰会、展会等活动的", "declaration", "host_event"),
        ("有在建的工业互联网平台项目", "declaration", "project:在建:工业互联网平台"),
        ("对已在其他区域布局门店的国际高端品牌企业", "declaration", None),
    ],
)
def test_classify_table(text, kind, key):
    items = classify(text)
    assert items[-1]["kind"] == kind
    if key is not None:
        assert items[-1]["key"] == key
    elif kind == "declaration":
        assert items[-1]["key"] == fallback(text).key and items[-1]["key"].startswith("req:")


def test_the_same_phrase_gets_the_same_fallback_key_and_legacy_items_get_kinds():
    assert fallback("对已在其他区域布局门店的品牌企业").key == fallback("已在其他区域布局门店的品牌企业").key
    assert fallback("对已在其他区域布局门店的品牌企业").key != fallback("已在本区布局门店的品牌企业").key
    assert kind_of({"text": "对投资500万元以上的项目", "modelled": True}) == "fact"
    assert kind_of({"text": "经评审", "modelled": False}) == "review"
    legacy = policy({"requirements": [{"text": "对已在其他区域布局门店的品牌企业", "span": [0, 9]}]})
    result = match_clause(legacy["clauses"][0], legacy, company(), AS_OF)
    assert result.status == "possible" and result.questions[0].declaration.key.startswith("req:")


KEYS = ("offshore_trade", "host_event", "first_store", "req:0000abcd")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    asked=st.lists(st.sampled_from(KEYS), max_size=2, unique=True),
    answers=st.dictionaries(st.sampled_from(KEYS), st.booleans(), max_size=4),
    other=st.sampled_from(KEYS),
    answer=st.booleans(),
    invest=st.one_of(st.none(), st.integers(0, 10_000_000)),
)
def test_answering_a_declaration_never_changes_a_clause_that_does_not_ask_it(
    asked, answers, other, answer, invest
):
    reqs = [{**OFFSHORE, "key": key, "text": key, "question": key} for key in asked]
    p = policy(
        {
            "requirements": reqs,
            "conditions": {
                "all": [*REGION["all"], {"fact": "project_investment_yuan", "op": "gte", "value": 1}]
            },
        }
    )
    facts = {} if invest is None else {"project_investment_yuan": invest}
    before = match_clause(p["clauses"][0], p, company(answers, **facts), AS_OF)
    after = match_clause(p["clauses"][0], p, company({**answers, other: answer}, **facts), AS_OF)
    if other not in asked:
        assert after.to_dict() == before.to_dict()
    if before.status == "eligible" and asked:
        assert before.by_declaration


@pytest.mark.parametrize(
    ("words", "asked"),
    [
        # the government's own action or aim: nothing asked of the applicant
        ("积极组织", False),
        ("积极引进数据服务企业", False),
        ("大力发展各类公共创新载体", False),
        ("依法、合规、有序向人工智能企业", False),
        ("依法依规向中小企业", False),
        ("加强数据科技创新发展能力建设", False),
        ("健全科技成果转化体系", False),
        ("实施专项支持", False),
        ("培育和引进各类数字经济人才", False),
        # conditions on the applicant, however they start
        ("积极承接国家、北京市推荐重点活动的主体", True),
        ("积极回流资金的企业", True),
        ("企业积极参与国内外重点学术会议及品牌性交流活动", True),
        ("加强与高校合作的企业", True),
        ("完善企业内部管理体系", True),
        ("引进有国际影响力的相关产业专业展览举办", True),
        ("引进一名国内数字经济领域双一流学科专业的博士", True),
    ],
)
def test_government_actions_and_aims_are_not_asked(words, asked):
    kinds = [item["kind"] for item in classify(words)]
    assert ("declaration" in kinds) is asked, kinds
