"""The operator table: every operator with present, absent, null, 0, false and empty-list values."""

from __future__ import annotations

import pytest

from eligibility.engine import ConditionError, compile_condition
from eligibility.engine.text import format_money

T, F, U = True, False, None

INV_GTE = {"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000}
HIGH_TECH = {"fact": "qualifications", "op": "contains", "value": "高新技术企业"}


def facts(**values):
    """A profile holding ``values`` in its ``facts`` object."""
    return {"facts": values}


# (expression, profile, expected)
TABLE = [
    # eq
    ({"fact": "employees", "op": "eq", "value": 0}, {"employees": 0}, T),
    ({"fact": "employees", "op": "eq", "value": 0}, {"employees": 5}, F),
    ({"fact": "employees", "op": "eq", "value": 0}, {}, U),
    ({"fact": "employees", "op": "eq", "value": 0}, {"employees": None}, U),
    ({"fact": "employees", "op": "eq", "value": 0}, {"employees": False}, U),
    ({"fact": "entity_type", "op": "eq", "value": "enterprise"}, {"entity_type": "enterprise"}, T),
    ({"fact": "entity_type", "op": "eq", "value": "enterprise"}, {"entity_type": "university"}, F),
    ({"fact": "entity_type", "op": "eq", "value": "enterprise"}, {}, U),
    ({"fact": "entity_type", "op": "eq", "value": "enterprise"}, {"entity_type": None}, U),
    ({"fact": "entity_type", "op": "eq", "value": "enterprise"}, {"entity_type": 0}, U),
    ({"fact": "above_designated_size", "op": "eq", "value": True}, {"above_designated_size": True}, T),
    ({"fact": "above_designated_size", "op": "eq", "value": True}, {"above_designated_size": False}, F),
    ({"fact": "above_designated_size", "op": "eq", "value": True}, {"above_designated_size": 1}, T),
    ({"fact": "above_designated_size", "op": "eq", "value": True}, {"above_designated_size": 2}, U),
    ({"fact": "above_designated_size", "op": "eq", "value": False}, {"above_designated_size": False}, T),
    ({"fact": "above_designated_size", "op": "eq", "value": False}, {"above_designated_size": 0}, T),
    ({"fact": "above_designated_size", "op": "eq", "value": False}, {}, U),
    # ne: unknown stays unknown (json-rules-engine made notEqual true on undefined)
    ({"fact": "entity_type", "op": "ne", "value": "enterprise"}, {}, U),
    ({"fact": "entity_type", "op": "ne", "value": "enterprise"}, {"entity_type": None}, U),
    ({"fact": "entity_type", "op": "ne", "value": "enterprise"}, {"entity_type": "university"}, T),
    ({"fact": "entity_type", "op": "ne", "value": "enterprise"}, {"entity_type": "enterprise"}, F),
    ({"fact": "employees", "op": "ne", "value": 0}, {"employees": 0}, F),
    ({"fact": "employees", "op": "ne", "value": 0}, {"employees": 3}, T),
    ({"fact": "employees", "op": "ne", "value": 0}, {"employees": False}, U),
    ({"fact": "qualifications", "op": "ne", "value": "DCMM"}, {"qualifications": []}, T),
    ({"fact": "qualifications", "op": "ne", "value": "DCMM"}, {"qualifications": [{"name": "DCMM"}]}, F),
    ({"fact": "qualifications", "op": "ne", "value": "DCMM"}, {}, U),
    # in
    (
        {"fact": "entity_type", "op": "in", "value": ["enterprise", "incubator"]},
        {"entity_type": "incubator"},
        T,
    ),
    ({"fact": "entity_type", "op": "in", "value": ["enterprise", "incubator"]}, {"entity_type": "other"}, F),
    ({"fact": "entity_type", "op": "in", "value": ["enterprise", "incubator"]}, {}, U),
    ({"fact": "entity_type", "op": "in", "value": []}, {"entity_type": "other"}, F),
    ({"fact": "entity_type", "op": "in", "value": []}, {}, U),
    ({"fact": "employees", "op": "in", "value": [0, 10]}, {"employees": 0}, T),
    ({"fact": "employees", "op": "in", "value": [0, 10]}, {"employees": False}, U),
    ({"fact": "industries", "op": "in", "value": ["人工智能"]}, {"industries": ["数字人", "人工智能"]}, T),
    ({"fact": "industries", "op": "in", "value": ["人工智能"]}, {"industries": []}, F),
    ({"fact": "industries", "op": "in", "value": ["人工智能"]}, {}, U),
    # contains
    (HIGH_TECH, {"qualifications": [{"name": "国家高新技术企业", "obtained_on": "2023-10-01"}]}, T),
    (HIGH_TECH, {"qualifications": ["高新技术企业"]}, T),
    (HIGH_TECH, {"qualifications": [{"name": "国高新"}]}, T),
    (HIGH_TECH, {"qualifications": [{"name": "中关村高新技术企业"}]}, F),
    (HIGH_TECH, {"qualifications": []}, F),
    (HIGH_TECH, {"qualifications": None}, U),
    (HIGH_TECH, {}, U),
    (HIGH_TECH, {"qualifications": False}, U),
    (
        {"fact": "qualifications", "op": "contains", "value": '专精特新"小巨人"'},
        {"qualifications": ["专精特新小巨人企业"]},
        T,
    ),
    (
        {"fact": "qualifications", "op": "contains", "value": "专精特新“小巨人”企业"},
        {"qualifications": [{"name": "国家级专精特新小巨人企业"}]},
        T,
    ),
    (
        {"fact": "qualifications", "op": "contains", "value": "专精特新中小企业"},
        {"qualifications": ["小巨人企业"]},
        T,
    ),
    (
        {"fact": "qualifications", "op": "contains", "value": "专精特新小巨人"},
        {"qualifications": ["专精特新中小企业"]},
        F,
    ),
    ({"fact": "industries", "op": "contains", "value": "人工智能"}, {"industries": ["人工智能"]}, T),
    ({"fact": "industries", "op": "contains", "value": "人工智能"}, {"industries": []}, F),
    ({"fact": "industries", "op": "contains", "value": "人工智能"}, {}, U),
    # contains_any
    (
        {"fact": "qualifications", "op": "contains_any", "value": ["DCMM", "CMMI"]},
        {"qualifications": [{"name": "CMMI"}]},
        T,
    ),
    ({"fact": "qualifications", "op": "contains_any", "value": ["DCMM", "CMMI"]}, {"qualifications": []}, F),
    ({"fact": "qualifications", "op": "contains_any", "value": ["DCMM", "CMMI"]}, {}, U),
    (
        {"fact": "industries", "op": "contains_any", "value": ["元宇宙", "区块链"]},
        {"industries": ["区块链"]},
        T,
    ),
    (
        {"fact": "industries", "op": "contains_any", "value": ["元宇宙", "区块链"]},
        {"industries": ["游戏"]},
        F,
    ),
    ({"fact": "industries", "op": "contains_any", "value": []}, {"industries": ["游戏"]}, F),
    # gte / gt / lte / lt, one unit either side
    (INV_GTE, facts(project_investment_yuan=4_999_999), F),
    (INV_GTE, facts(project_investment_yuan=5_000_000), T),
    (INV_GTE, facts(project_investment_yuan=5_000_001), T),
    (INV_GTE, facts(project_investment_yuan=0), F),
    (INV_GTE, facts(project_investment_yuan=None), U),
    (INV_GTE, facts(project_investment_yuan=False), U),
    (INV_GTE, facts(project_investment_yuan="5000000"), T),
    (INV_GTE, facts(project_investment_yuan="五百万"), U),
    (INV_GTE, facts(), U),
    (INV_GTE, {}, U),
    (INV_GTE, {"project_investment_yuan": 6_000_000}, T),
    (
        {"fact": "project_investment_yuan", "op": "gt", "value": 5_000_000},
        facts(project_investment_yuan=5_000_000),
        F,
    ),
    (
        {"fact": "project_investment_yuan", "op": "gt", "value": 5_000_000},
        facts(project_investment_yuan=5_000_001),
        T,
    ),
    ({"fact": "employees", "op": "lte", "value": 100}, {"employees": 100}, T),
    ({"fact": "employees", "op": "lte", "value": 100}, {"employees": 101}, F),
    ({"fact": "employees", "op": "lt", "value": 100}, {"employees": 99}, T),
    ({"fact": "employees", "op": "lt", "value": 100}, {"employees": 100}, F),
    ({"fact": "employees", "op": "lt", "value": 1}, {"employees": 0}, T),
    ({"fact": "employees", "op": "lt", "value": 1}, {"employees": None}, U),
    ({"fact": "established_on", "op": "gte", "value": "2020-01-01"}, {"established_on": "2020-01-01"}, T),
    ({"fact": "established_on", "op": "gte", "value": "2020-01-01"}, {"established_on": "2019-12-31"}, F),
    ({"fact": "established_on", "op": "lt", "value": "2020-01-01"}, {"established_on": "2019-12-31"}, T),
    ({"fact": "established_on", "op": "gte", "value": "2020-01-01"}, {"established_on": "去年"}, U),
    ({"fact": "established_on", "op": "gte", "value": "2020-01-01"}, {}, U),
    # parameterised qualification facts
    (
        {"fact": "qualification_level.DCMM", "op": "gte", "value": 3},
        {"qualifications": [{"name": "DCMM", "level": 3}]},
        T,
    ),
    (
        {"fact": "qualification_level.DCMM", "op": "gte", "value": 3},
        {"qualifications": [{"name": "DCMM", "level": 2}]},
        F,
    ),
    (
        {"fact": "qualification_level.DCMM", "op": "gte", "value": 3},
        {"qualifications": [{"name": "DCMM", "level": "3级"}]},
        T,
    ),
    (
        {"fact": "qualification_level.DCMM", "op": "gte", "value": 3},
        {"qualifications": [{"name": "DCMM"}]},
        U,
    ),
    ({"fact": "qualification_level.DCMM", "op": "gte", "value": 3}, {"qualifications": []}, F),
    ({"fact": "qualification_level.DCMM", "op": "gte", "value": 3}, {}, U),
    (
        {"fact": "qualification_obtained_on.高新技术企业", "op": "gte", "value": "2023-01-01"},
        {"qualifications": [{"name": "国家高新技术企业", "obtained_on": "2023-10-01"}]},
        T,
    ),
    (
        {"fact": "qualification_obtained_on.高新技术企业", "op": "gte", "value": "2023-01-01"},
        {"qualifications": [{"name": "国家高新技术企业"}]},
        U,
    ),
    # is_true / is_false: booleans, and 1/0 or 是/否 as people write them; anything else is unknown
    ({"fact": "credit_good", "op": "is_true"}, {"credit_good": True}, T),
    ({"fact": "credit_good", "op": "is_true"}, {"credit_good": False}, F),
    ({"fact": "credit_good", "op": "is_true"}, {"credit_good": None}, U),
    ({"fact": "credit_good", "op": "is_true"}, {"credit_good": 1}, T),
    ({"fact": "credit_good", "op": "is_true"}, {"credit_good": "良好吧"}, U),
    ({"fact": "credit_good", "op": "is_true"}, {}, U),
    ({"fact": "major_penalty_3y", "op": "is_false"}, {"major_penalty_3y": False}, T),
    ({"fact": "major_penalty_3y", "op": "is_false"}, {"major_penalty_3y": True}, F),
    ({"fact": "major_penalty_3y", "op": "is_false"}, {"major_penalty_3y": 0}, T),
    ({"fact": "major_penalty_3y", "op": "is_false"}, {"major_penalty_3y": -1}, U),
    ({"fact": "major_penalty_3y", "op": "is_false"}, {}, U),
    ({"fact": "first_time", "op": "is_true"}, facts(first_time=True), T),
    ({"fact": "zones", "op": "is_true"}, {"zones": []}, F),
    ({"fact": "zones", "op": "is_true"}, {"zones": ["中关村朝阳园"]}, T),
    ({"fact": "zones", "op": "is_true"}, {}, U),
    # Kleene connectives
    ({"all": [{"fact": "credit_good", "op": "is_true"}, INV_GTE]}, {"credit_good": True}, U),
    ({"all": [{"fact": "credit_good", "op": "is_true"}, INV_GTE]}, {"credit_good": False}, F),
    ({"any": [{"fact": "credit_good", "op": "is_true"}, INV_GTE]}, {"credit_good": True}, T),
    ({"any": [{"fact": "credit_good", "op": "is_true"}, INV_GTE]}, {"credit_good": False}, U),
    ({"not": INV_GTE}, {}, U),
    ({"not": INV_GTE}, facts(project_investment_yuan=1), T),
    ({"all": []}, {}, T),
    ({"any": []}, {}, F),
    (None, {}, T),
    # top-level keys win over facts; a top-level null falls back to facts
    (INV_GTE, {"project_investment_yuan": 1, "facts": {"project_investment_yuan": 9_000_000}}, F),
    (INV_GTE, {"project_investment_yuan": None, "facts": {"project_investment_yuan": 9_000_000}}, T),
]


@pytest.mark.parametrize(("expr", "profile", "expected"), TABLE)
def test_operator_table(expr, profile, expected):
    assert compile_condition(expr)(profile) is expected


def test_every_operator_is_in_the_table():
    ops = set()

    def walk(node):
        if not node:
            return
        if "fact" in node:
            ops.add(node["op"])
        for key in ("all", "any"):
            for child in node.get(key, ()):
                walk(child)
        if "not" in node:
            walk(node["not"])

    for expr, _, _ in TABLE:
        walk(expr)
    assert ops == {
        "eq",
        "ne",
        "in",
        "contains",
        "contains_any",
        "gte",
        "gt",
        "lte",
        "lt",
        "is_true",
        "is_false",
    }


INVALID = [
    ({"fact": "employees", "op": "gteq", "value": 1}, "unknown operator"),
    ({"fact": "employees", "op": "gte", "value": "many"}, "needs a number"),
    ({"fact": "employees", "op": "gte"}, "single value"),
    ({"fact": "entity_type", "op": "in", "value": "enterprise"}, "list value"),
    ({"fact": "entity_type", "op": "eq", "value": "company"}, "not a choice"),
    ({"op": "eq", "value": 1}, "'fact' name"),
    ({"fact": "no_such_fact", "op": "eq", "value": 1}, "unknown fact"),
    ({"fact": "credit_good", "op": "gte", "value": 1}, "yes/no"),
    ({"fact": "industries", "op": "gte", "value": 1}, "does not apply"),
    ({"fact": "established_on", "op": "gte", "value": "yesterday"}, "needs a date"),
    ({"fact": "employees", "op": "contains", "value": 1}, "does not apply"),
    ({"all": {"fact": "credit_good", "op": "is_true"}}, "expected a list"),
    ({"all": [], "any": []}, "exactly one"),
    ({"all": [], "fact": "credit_good", "op": "is_true"}, "not both"),
    ({"all": ["credit_good"]}, "expected an object"),
    ({"not": [{"fact": "credit_good", "op": "is_true"}]}, "expected an object"),
    ({"fact": "district", "op": "in", "value": [""]}, "place names"),
]


@pytest.mark.parametrize(("expr", "message"), INVALID)
def test_invalid_expressions_fail_at_compile_time(expr, message):
    with pytest.raises(ConditionError, match=message):
        compile_condition(expr)


def test_errors_name_the_path():
    with pytest.raises(ConditionError, match=r"conditions\.all\[1\]\.any\[0\]"):
        compile_condition({"all": [HIGH_TECH, {"any": [{"fact": "employees", "op": "??", "value": 1}]}]})


def test_unknown_facts_compile_when_not_strict():
    condition = compile_condition({"fact": "patents", "op": "gte", "value": 5}, strict=False)
    assert condition({"facts": {"patents": 7}}) is True
    assert condition({}) is None


def test_every_leaf_is_evaluated_even_when_the_result_is_settled():
    condition = compile_condition({"all": [{"fact": "credit_good", "op": "is_true"}, INV_GTE, HIGH_TECH]})
    from eligibility.engine import prepare

    outcome, outcomes = condition.evaluate(prepare({"credit_good": False, "qualifications": ["DCMM"]}))
    assert outcome is False
    assert outcomes == [False, None, False]


SENTENCES = [
    (INV_GTE, {}, "项目投资额不低于500万元 (未知)"),
    (HIGH_TECH, {"qualifications": []}, "已取得国家高新技术企业认定 ✗"),
    ({"fact": "employees", "op": "gte", "value": 50}, {"employees": 50}, "从业人数不少于50人 ✓"),
    (
        {"fact": "revenue_last_year_yuan", "op": "gte", "value": 250_000_000},
        {},
        "上年度营业收入不低于2.5亿元 (未知)",
    ),
    ({"fact": "established_on", "op": "lt", "value": "2020-01-01"}, {}, "成立日期早于2020年1月1日 (未知)"),
    (
        {"fact": "entity_type", "op": "in", "value": ["enterprise", "university"]},
        {},
        "主体类型为企业、高校之一 (未知)",
    ),
    (
        {"fact": "major_penalty_3y", "op": "is_false"},
        {"major_penalty_3y": False},
        "近三年未受到重大行政处罚 ✓",
    ),
    ({"fact": "independent_legal_person", "op": "is_true"}, {}, "具有独立法人资格 (未知)"),
    ({"fact": "qualification_level.DCMM", "op": "gte", "value": 3}, {}, "DCMM资质等级不低于3级 (未知)"),
    (
        {"fact": "zones", "op": "contains", "value": "亦庄"},
        {"zones": [], "district": "大兴区"},
        "位于北京经济技术开发区 ✗",
    ),
    (
        {"fact": "industries", "op": "contains_any", "value": ["元宇宙", "区块链"]},
        {},
        "所属行业/领域涉及元宇宙、区块链之一 (未知)",
    ),
]


@pytest.mark.parametrize(("expr", "profile", "text"), SENTENCES)
def test_leaf_sentences(expr, profile, text):
    from eligibility.engine import prepare

    condition = compile_condition(expr)
    _, outcomes = condition.evaluate(prepare(profile))
    assert condition.leaves[0].text(outcomes[0]) == text


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (5_000_000, "500万元"),
        (150_000, "15万元"),
        (100_000_000, "1亿元"),
        (250_000_000, "2.5亿元"),
        (12_345, "1.2345万元"),
        (1_500, "1500元"),
        (0, "0元"),
    ],
)
def test_format_money(yuan, text):
    assert format_money(yuan) == text
