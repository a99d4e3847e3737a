"""Profiles as people write them: input value -> normalised value, and the status it leads to."""

from __future__ import annotations

import pytest

from eligibility.engine import match_clause, prepare
from eligibility.engine.conditions import K_CITY, K_DISTRICT, K_PROVINCE, K_QUALS, K_ZONES, problems

AS_OF = "2026-11-21"
BJ = {"province": "北京市", "city": "北京市"}


def view(profile: dict) -> dict:
    return prepare(profile)


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("revenue_last_year_yuan", 5_000_000, 5_000_000),
        ("revenue_last_year_yuan", "5000000", 5_000_000),
        ("revenue_last_year_yuan", "5,000,000", 5_000_000),
        ("revenue_last_year_yuan", "500万", 5_000_000),
        ("revenue_last_year_yuan", "500万元", 5_000_000),
        ("revenue_last_year_yuan", "1.2亿元", 120_000_000),
        ("revenue_last_year_yuan", "2,000万", 20_000_000),
        ("revenue_last_year_yuan", "¥300万", 3_000_000),
        ("revenue_last_year_yuan", 0, 0),  # zero is known, not unknown
        ("revenue_last_year_yuan", 12.5, 12.5),
        ("employees", "120", 120),
        ("employees", "120人", 120),
        ("employees", 120.0, 120),
        ("above_designated_size", True, True),
        ("above_designated_size", "是", True),
        ("above_designated_size", "否", False),
        ("above_designated_size", "true", True),
        ("above_designated_size", "FALSE", False),
        ("above_designated_size", 1, True),
        ("above_designated_size", 0, False),
        ("above_designated_size", "无", False),
        ("established_on", "2019-05-01", "2019-05-01"),
        ("established_on", "2019/05/01", "2019-05-01"),
        ("established_on", "2019/5/1", "2019-05-01"),
        ("established_on", "2019.05.01", "2019-05-01"),
        ("established_on", "2019年5月1日", "2019-05-01"),
        ("established_on", "20190501", "2019-05-01"),
        ("established_on", "2019-05-01T08:00:00", "2019-05-01"),
        ("entity_type", "enterprise", "enterprise"),
        ("entity_type", "Enterprise", "enterprise"),
        ("entity_type", "企业", "enterprise"),
        ("entity_type", "有限责任公司", "enterprise"),
        ("entity_type", "股份有限公司", "enterprise"),
        ("entity_type", "高校", "university"),
        ("entity_type", "大学", "university"),
        ("entity_type", "科研院所", "research_institute"),
        ("entity_type", "社会组织", "social_org"),
        ("entity_type", "孵化器", "incubator"),
        ("stage", "成长期", "growth"),
        ("zones", "北京经济技术开发区", ["北京经济技术开发区"]),
        ("zones", "亦庄、中关村朝阳园", ["北京经济技术开发区", "中关村朝阳园"]),
        ("zones", ["北京经济技术开发区(亦庄)"], ["北京经济技术开发区"]),
        ("zones", ["北京亦庄"], ["北京经济技术开发区"]),
        ("zones", [], []),  # an empty list is known: "none"
        ("industries", "人工智能,数字人", ["人工智能", "数字人"]),
    ],
)
def test_values_are_read_as_written(key, raw, expected):
    prepared = view({key: raw})
    assert prepared[key] == expected
    assert problems(prepared) == []


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("employees", "很多"),
        ("employees", -5),
        ("revenue_last_year_yuan", True),
        ("revenue_last_year_yuan", [1]),
        ("above_designated_size", 2),
        ("above_designated_size", "也许"),
        ("established_on", "去年"),
        ("established_on", "2019-02-30"),
        ("entity_type", "外星访客"),
        ("zones", 5),
        ("qualifications", 5),
        ("province", ["北京"]),
        ("district", {"a": 1}),
        ("province", "Beijing"),
        ("facts", [1, 2]),
    ],
)
def test_unreadable_values_are_unknown_and_reported(key, raw):
    prepared = view({key: raw})
    assert prepared.get(key) is None or key in ("facts",)
    assert problems(prepared) and all(isinstance(p, str) for p in problems(prepared))


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_null_and_blank_are_unknown_without_a_problem(raw):
    prepared = view({"employees": raw, "credit_good": raw, "district": raw, "name": raw})
    assert "employees" not in prepared and "credit_good" not in prepared and "name" not in prepared
    assert prepared[K_DISTRICT] is None
    assert problems(prepared) == []


@pytest.mark.parametrize(
    ("profile", "province", "city", "district", "zones"),
    [
        ({"province": "北京", "city": "北京", "district": "朝阳"}, "北京", "北京", "朝阳", set()),
        ({"district": "北京市朝阳区"}, "北京", "北京", "朝阳", set()),
        ({"city": "北京市朝阳区"}, "北京", "北京", "朝阳", set()),
        ({"province": "北京市朝阳区"}, "北京", "北京", "朝阳", set()),
        ({"district": "吉林省长春市朝阳区"}, "吉林", "长春", "朝阳", set()),
        ({"province": "吉林省", "district": "朝阳区"}, "吉林", "长春", "朝阳", set()),
        ({"city": "长春市"}, "吉林", "长春", None, set()),
        ({"province": "上海", "district": "长宁"}, "上海", "上海", "长宁", set()),
        ({"province": "北京市"}, "北京", "北京", None, set()),
        ({"district": "亦庄"}, "北京", "北京", None, {"北京经济技术开发区"}),
        ({"district": "北京经济技术开发区"}, "北京", "北京", None, {"北京经济技术开发区"}),
        ({"zones": ["长春新区"]}, "吉林", "长春", None, {"长春新区"}),
        ({"province": "吉林", "city": "长春", "district": "长春新区"}, "吉林", "长春", None, {"长春新区"}),
        ({"district": "朝阳区"}, None, None, "朝阳", set()),  # ambiguous: Beijing or Changchun
        ({"province": "吉林省", "city": "北京市"}, "吉林", None, None, set()),  # contradiction: city dropped
    ],
)
def test_places(profile, province, city, district, zones):
    prepared = view(profile)
    assert (prepared[K_PROVINCE], prepared[K_CITY], prepared[K_DISTRICT]) == (province, city, district)
    assert prepared[K_ZONES][0] == zones


@pytest.mark.parametrize(
    ("raw", "held", "level"),
    [
        (["高新技术企业"], "国家高新技术企业", None),
        (["国高新"], "国家高新技术企业", None),
        (["高企"], "国家高新技术企业", None),
        (["国家级高新技术企业"], "国家高新技术企业", None),
        (["专精特新“小巨人”"], "专精特新小巨人企业", None),
        (["小巨人企业"], "专精特新小巨人企业", None),
        (["专精特新中小企业"], "专精特新中小企业", None),
        (["小巨人"], "专精特新中小企业", None),  # implied by 小巨人
        (["DCMM三级"], "DCMM", 3),
        (["DCMM 3级"], "DCMM", 3),
        (["DCMM(三级)"], "DCMM", 3),
        ([{"name": "DCMM", "level": "三级"}], "DCMM", 3),
        ([{"name": "数据管理能力成熟度评估", "level": "3级"}], "DCMM", 3),
        ("高新技术企业、DCMM三级", "DCMM", 3),
    ],
)
def test_qualifications(raw, held, level):
    prepared = view({"qualifications": raw})
    assert held in prepared[K_QUALS]
    assert prepared[K_QUALS][held].get("level") == level
    assert problems(prepared) == []


POLICY = {
    "id": 1, "title": "朝阳区政策", "province": "北京市", "city": "北京市", "region": "朝阳区", "stacking": None,
    "clauses": [{"id": 1, "number": "第一条", "heading": None, "kind": "support", "max_amount_yuan": 1_000_000,
                 "conditions": {"all": [
                     {"fact": "entity_type", "op": "in", "value": ["enterprise"]},
                     {"fact": "revenue_last_year_yuan", "op": "gte", "value": 5_000_000},
                     {"fact": "credit_good", "op": "is_true"},
                     {"fact": "major_penalty_3y", "op": "is_false"},
                     {"fact": "qualifications", "op": "contains", "value": "国家高新技术企业"},
                     {"fact": "established_on", "op": "lte", "value": "2020-01-01"},
                 ]}}],
}  # fmt: skip
MESSY = {
    "district": "北京市朝阳区", "entity_type": "有限责任公司", "revenue_last_year_yuan": "500万元",
    "credit_good": "是", "major_penalty_3y": 0, "qualifications": ["高企"], "established_on": "2019年5月1日",
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "eligible"),
        ({"revenue_last_year_yuan": "499万"}, "ineligible"),
        ({"revenue_last_year_yuan": None}, "possible"),  # absent is unknown, not 0
        ({"revenue_last_year_yuan": 0}, "ineligible"),  # 0 is known
        ({"credit_good": "否"}, "ineligible"),
        ({"credit_good": None}, "possible"),  # absent is unknown, not false
        ({"major_penalty_3y": "是"}, "ineligible"),
        ({"entity_type": "高校"}, "ineligible"),
        ({"qualifications": []}, "ineligible"),
        ({"established_on": "2021/01/01"}, "ineligible"),
        ({"district": "吉林省长春市朝阳区"}, "ineligible"),
        ({"district": "朝阳区", "province": "吉林省"}, "ineligible"),
        ({"district": "朝阳区"}, "possible"),
        ({"district": "朝阳", "province": "北京", "city": "北京"}, "eligible"),
    ],
)
def test_messy_profile_statuses(change, expected):
    profile = {**MESSY, **change}
    result = match_clause(POLICY["clauses"][0], POLICY, profile, AS_OF)
    assert result.status == expected
