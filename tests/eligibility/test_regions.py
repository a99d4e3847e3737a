"""Regions: province + city + district (never a district name alone), zones and their aliases."""

from __future__ import annotations

import pytest

from eligibility.engine import CandidateIndex, match_clause, match_profile, prepare
from eligibility.engine.regions import city_key, district_key, province_key, zone_key

AS_OF = "2026-11-21"
CLAUSE = {"id": 1, "number": "第四条", "heading": "支持", "kind": "support", "max_amount_yuan": 1_000_000}


def policy(province, city, region, pid=1, conditions=None):
    """A one-clause policy of ``region``."""
    clause = dict(CLAUSE, id=pid * 10, conditions=conditions)
    return {"id": pid, "title": f"{region}政策", "province": province, "city": city, "region": region,
            "stacking": None, "clauses": [clause]}  # fmt: skip


BEIJING_CHAOYANG = policy("北京市", "北京市", "朝阳区", 1)
CHANGCHUN_CHAOYANG = policy("吉林省", "长春市", "朝阳区", 2)
YIZHUANG = policy("北京市", "北京市", "北京经济技术开发区", 3)
CHANGCHUN_NEW_AREA = policy("吉林省", "长春市", "长春新区", 4)
ZGC_CHAOYANG = policy("北京市", "北京市", "中关村朝阳园", 5)


def status(pol, profile):
    return match_clause(pol["clauses"][0], pol, profile, AS_OF).status


@pytest.mark.parametrize(
    ("profile", "beijing", "changchun"),
    [
        ({"province": "北京市", "city": "北京市", "district": "朝阳区"}, "eligible", "ineligible"),
        ({"province": "北京", "city": "北京", "district": "朝阳"}, "eligible", "ineligible"),
        ({"province": "吉林省", "city": "长春市", "district": "朝阳区"}, "ineligible", "eligible"),
        ({"province": "吉林", "city": "长春", "district": "朝阳区"}, "ineligible", "eligible"),
        ({"province": "北京市", "city": "北京市", "district": "海淀区"}, "ineligible", "ineligible"),
        ({"district": "朝阳区"}, "possible", "possible"),
        ({"province": "辽宁省", "city": "朝阳市", "district": "双塔区"}, "ineligible", "ineligible"),
        ({}, "possible", "possible"),
    ],
)
def test_chaoyang_in_beijing_is_not_chaoyang_in_changchun(profile, beijing, changchun):
    assert status(BEIJING_CHAOYANG, profile) == beijing
    assert status(CHANGCHUN_CHAOYANG, profile) == changchun


def test_reason_names_the_full_place():
    pol = BEIJING_CHAOYANG
    result = match_clause(
        pol["clauses"][0], pol, {"province": "吉林省", "city": "长春市", "district": "朝阳区"}, AS_OF
    )
    assert [r.text for r in result.reasons] == ["注册地在北京市朝阳区 ✗"]
    changchun = match_clause(CHANGCHUN_CHAOYANG["clauses"][0], CHANGCHUN_CHAOYANG, {}, AS_OF)
    assert changchun.reasons[0].text == "注册地在吉林省长春市朝阳区 (未知)"


def test_unknown_city_is_asked_for():
    result = match_clause(BEIJING_CHAOYANG["clauses"][0], BEIJING_CHAOYANG, {"district": "朝阳区"}, AS_OF)
    assert [(m.fact, m.decisive) for m in result.missing] == [("city", True)]


def test_match_profile_leaves_out_the_other_chaoyang():
    profile = {"province": "吉林省", "city": "长春市", "district": "朝阳区"}
    report = match_profile([BEIJING_CHAOYANG, CHANGCHUN_CHAOYANG], profile, AS_OF)
    assert [(r.clause.policy_ref["id"], r.status) for r in report.results] == [(2, "eligible")]


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (
            {"province": "北京市", "city": "北京市", "district": "大兴区", "zones": ["北京经济技术开发区"]},
            "eligible",
        ),
        ({"province": "北京市", "city": "北京市", "district": "大兴区", "zones": ["经开区"]}, "eligible"),
        ({"province": "北京市", "city": "北京市", "district": "大兴区", "zones": ["亦庄"]}, "eligible"),
        ({"province": "北京市", "city": "北京市", "district": "大兴区", "zones": ["亦庄新城"]}, "eligible"),
        ({"province": "北京市", "city": "北京市", "district": "大兴区", "zones": ["北京亦庄"]}, "eligible"),
        ({"province": "北京市", "city": "北京市", "district": "亦庄"}, "eligible"),
        ({"province": "北京市", "city": "北京市", "district": "大兴区", "zones": []}, "ineligible"),
        (
            {"province": "北京市", "city": "北京市", "district": "大兴区", "zones": ["中关村朝阳园"]},
            "ineligible",
        ),
        ({"province": "北京市", "city": "北京市", "district": "大兴区"}, "possible"),
        ({"province": "吉林省", "city": "长春市", "district": "朝阳区", "zones": ["经开区"]}, "ineligible"),
        ({"zones": ["经开区"], "district": "大兴区"}, "possible"),
    ],
)
def test_zone_aliases(profile, expected):
    assert status(YIZHUANG, profile) == expected


def test_zone_policy_applies_only_inside_the_zone():
    chaoyang_company = {"province": "北京市", "city": "北京市", "district": "朝阳区", "zones": []}
    assert status(BEIJING_CHAOYANG, chaoyang_company) == "eligible"
    assert status(ZGC_CHAOYANG, chaoyang_company) == "ineligible"
    assert status(ZGC_CHAOYANG, dict(chaoyang_company, zones=["朝阳园"])) == "eligible"
    assert status(ZGC_CHAOYANG, dict(chaoyang_company, zones=["中关村科技园区朝阳园"])) == "eligible"


def test_missing_zones_is_a_decisive_question():
    result = match_clause(
        YIZHUANG["clauses"][0],
        YIZHUANG,
        {"province": "北京市", "city": "北京市", "district": "大兴区"},
        AS_OF,
    )
    assert result.status == "possible"
    assert [(m.fact, m.decisive) for m in result.missing] == [("zones", True)]
    assert result.reasons[0].text == "位于北京经济技术开发区 (未知)"


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({"province": "吉林省", "city": "长春市", "district": "宽城区", "zones": ["长春新区"]}, "eligible"),
        ({"province": "吉林省", "city": "长春市", "district": "长春新区"}, "eligible"),
        (
            {"province": "吉林省", "city": "长春市", "district": "宽城区", "zones": ["吉林长春新区"]},
            "eligible",
        ),
        ({"province": "吉林省", "city": "长春市", "district": "朝阳区", "zones": []}, "ineligible"),
        (
            {"province": "北京市", "city": "北京市", "district": "朝阳区", "zones": ["中关村朝阳园"]},
            "ineligible",
        ),
    ],
)
def test_changchun_new_area(profile, expected):
    assert status(CHANGCHUN_NEW_AREA, profile) == expected


def test_ingest_style_region_leaves():
    conditions = {
        "all": [
            {"fact": "province", "op": "eq", "value": "北京市"},
            {"fact": "city", "op": "eq", "value": "北京市"},
            {"fact": "district", "op": "in", "value": ["朝阳区"]},
        ]
    }
    pol = policy("北京市", "北京市", "朝阳区", 7, conditions)
    assert status(pol, {"province": "北京市", "city": "北京市", "district": "朝阳区"}) == "eligible"
    assert status(pol, {"province": "吉林省", "city": "长春市", "district": "朝阳区"}) == "ineligible"
    zone_conditions = {
        "all": [{"fact": "zones", "op": "contains_any", "value": ["北京经济技术开发区", "亦庄新城"]}]
    }
    zone_pol = policy("北京市", "北京市", "北京经济技术开发区", 8, zone_conditions)
    assert status(zone_pol, {"district": "大兴区", "zones": ["亦庄"]}) == "eligible"
    assert status(zone_pol, {"district": "大兴区", "zones": []}) == "ineligible"
    # The index narrows on the most specific region leaf (the district, not the province).
    index = CandidateIndex([pol, CHANGCHUN_CHAOYANG])
    view = prepare({"province": "北京市", "city": "北京市", "district": "海淀区", "zones": []})
    assert index.candidates(view) == []


def test_a_district_leaf_is_read_in_the_policy_city():
    conditions = {"fact": "district", "op": "eq", "value": "朝阳区"}
    pol = policy("吉林省", "长春市", "长春市", 9, conditions)
    assert status(pol, {"province": "北京市", "city": "北京市", "district": "朝阳区"}) == "ineligible"
    assert status(pol, {"province": "吉林省", "city": "长春市", "district": "朝阳区"}) == "eligible"


def test_city_wide_and_regionless_policies():
    city_wide = policy("北京市", "北京市", "北京市", 10)
    assert status(city_wide, {"province": "北京市", "city": "北京市", "district": "海淀区"}) == "eligible"
    assert status(city_wide, {"province": "吉林省", "city": "长春市", "district": "朝阳区"}) == "ineligible"
    nowhere = policy(None, None, None, 11)
    assert status(nowhere, {"city": "长春市"}) == "eligible"
    report = match_profile([nowhere], {"city": "深圳市"}, AS_OF)
    assert len(report.results) == 1


@pytest.mark.parametrize(
    ("function", "left", "right", "same"),
    [
        (province_key, "北京", "北京市", True),
        (province_key, "吉林省", "吉林", True),
        (province_key, "广西壮族自治区", "广西", True),
        (city_key, "长春市", "长春", True),
        (district_key, "朝阳区", "朝阳", True),
        (district_key, "长宁区", "长宁县", False),
        (zone_key, "亦庄", "北京经济技术开发区", True),
        (zone_key, "北京亦庄", "亦庄新城", True),
        (zone_key, "长春新区", "吉林长春新区", True),
        (zone_key, "中关村朝阳园", "中关村科技园区朝阳园", True),
    ],
)
def test_name_keys(function, left, right, same):
    assert (function(left) == function(right)) is same


def test_index_candidates_never_drop_a_possible_match():
    policies = [BEIJING_CHAOYANG, CHANGCHUN_CHAOYANG, YIZHUANG, CHANGCHUN_NEW_AREA, ZGC_CHAOYANG]
    index = CandidateIndex(policies)
    profiles = [
        {"province": "北京市", "city": "北京市", "district": "朝阳区", "zones": ["朝阳园"]},
        {"province": "北京市", "city": "北京市", "district": "朝阳区"},
        {"province": "吉林省", "city": "长春市", "district": "朝阳区", "zones": []},
        {"district": "朝阳区"},
        {"zones": ["经开区"]},
        {},
    ]
    for profile in profiles:
        kept = {(c.policy_ref["id"], c.clause_ref["id"]) for c in index.candidates(prepare(profile))}
        for pol in policies:
            result = match_clause(pol["clauses"][0], pol, profile, AS_OF)
            if result.status != "ineligible":
                assert (pol["id"], result.clause.clause_ref["id"]) in kept, (profile, pol["region"])
