"""Per-clause matching: thresholds one unit either side, the policy window, drafts, estimates, missing facts."""

from __future__ import annotations

import pytest

from eligibility.engine import ConditionError, compile_policy, match_clause, match_profile

AS_OF = "2026-11-21"
HERE = {"province": "北京市", "city": "北京市", "district": "朝阳区"}


def make_policy(*clauses, **fields):
    """A 北京市朝阳区 policy holding ``clauses`` (dicts of overrides)."""
    base = {
        "id": 3, "title": "朝阳区关于支持互联网3.0创新发展的若干措施(试行)", "province": "北京市", "city": "北京市",
        "region": "朝阳区", "effective_from": None, "effective_until": None, "is_draft": False, "stacking": None,
    }  # fmt: skip
    base.update(fields)
    base["clauses"] = [
        {"id": 100 + i, "number": f"第{i + 4}条", "heading": f"支持{i}", "kind": "support", **clause}
        for i, clause in enumerate(clauses)
    ]
    return base


def first(policy, profile, as_of=AS_OF):
    return match_clause(policy["clauses"][0], policy, profile, as_of)


def company(**facts):
    """A 朝阳区 company with ``facts`` in its facts object, top-level keys passed with a trailing _."""
    top = {k[:-1]: v for k, v in facts.items() if k.endswith("_")}
    return {**HERE, **top, "facts": {k: v for k, v in facts.items() if not k.endswith("_")}}


# (condition, profile, expected status)
THRESHOLDS = [
    ({"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000}, company(project_investment_yuan=4_999_999), "ineligible"),
    ({"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000}, company(project_investment_yuan=5_000_000), "eligible"),
    ({"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000}, company(project_investment_yuan=5_000_001), "eligible"),
    ({"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000}, company(), "possible"),
    ({"fact": "project_investment_yuan", "op": "gt", "value": 5_000_000}, company(project_investment_yuan=5_000_000), "ineligible"),
    ({"fact": "project_investment_yuan", "op": "gt", "value": 5_000_000}, company(project_investment_yuan=5_000_001), "eligible"),
    ({"fact": "employees", "op": "lte", "value": 100}, company(employees_=99), "eligible"),
    ({"fact": "employees", "op": "lte", "value": 100}, company(employees_=100), "eligible"),
    ({"fact": "employees", "op": "lte", "value": 100}, company(employees_=101), "ineligible"),
    ({"fact": "employees", "op": "lt", "value": 100}, company(employees_=100), "ineligible"),
    ({"fact": "revenue_last_year_yuan", "op": "gte", "value": 20_000_000}, company(revenue_last_year_yuan_=19_999_999), "ineligible"),
    ({"fact": "revenue_last_year_yuan", "op": "gte", "value": 20_000_000}, company(revenue_last_year_yuan_=20_000_000), "eligible"),
    ({"fact": "revenue_last_year_yuan", "op": "gte", "value": 20_000_000}, company(revenue_last_year_yuan_=0), "ineligible"),
    ({"fact": "established_on", "op": "gte", "value": "2021-06-01"}, company(established_on_="2021-05-31"), "ineligible"),
    ({"fact": "established_on", "op": "gte", "value": "2021-06-01"}, company(established_on_="2021-06-01"), "eligible"),
    ({"fact": "established_on", "op": "gte", "value": "2021-06-01"}, company(established_on_="2021-06-02"), "eligible"),
    ({"fact": "qualification_level.DCMM", "op": "gte", "value": 3}, company(qualifications_=[{"name": "DCMM", "level": 2}]), "ineligible"),
    ({"fact": "qualification_level.DCMM", "op": "gte", "value": 3}, company(qualifications_=[{"name": "DCMM", "level": 3}]), "eligible"),
    ({"fact": "qualification_level.DCMM", "op": "gte", "value": 3}, company(qualifications_=[{"name": "DCMM", "level": 4}]), "eligible"),
    ({"fact": "rent_area_sqm", "op": "lte", "value": 4000}, company(rent_area_sqm=4000), "eligible"),
    ({"fact": "rent_area_sqm", "op": "lte", "value": 4000}, company(rent_area_sqm=4001), "ineligible"),
]  # fmt: skip


@pytest.mark.parametrize(("condition", "profile", "expected"), THRESHOLDS)
def test_thresholds(condition, profile, expected):
    policy = make_policy({"conditions": condition, "max_amount_yuan": 1_000_000})
    assert first(policy, profile).status == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2024-12-31", "not_in_force"),
        ("2025-01-01", "eligible"),
        ("2026-06-30", "eligible"),
        ("2027-12-31", "eligible"),
        ("2028-01-01", "not_in_force"),
    ],
)
def test_policy_window(as_of, expected):
    policy = make_policy(
        {"max_amount_yuan": 100_000}, effective_from="2025-01-01", effective_until="2027-12-31"
    )
    result = first(policy, HERE, as_of)
    assert result.status == expected
    if expected == "not_in_force":
        assert result.estimate.yuan == 0
        assert result.missing == ()


def test_open_ended_windows():
    assert first(make_policy({}, effective_from="2025-01-01"), HERE, "2099-01-01").status == "eligible"
    assert first(make_policy({}, effective_until="2027-12-31"), HERE, "1999-01-01").status == "eligible"


def test_drafts_are_matched_and_flagged():
    result = first(make_policy({"max_amount_yuan": 1}, is_draft=True), HERE)
    assert result.status == "eligible"
    assert result.draft is True
    assert result.to_dict()["draft"] is True
    assert first(make_policy({}), HERE).to_dict()["draft"] is False


RATIO = {"kind": "subsidy", "ratio": 0.3, "base": "项目总投资", "cap_yuan": 2_000_000}


@pytest.mark.parametrize(
    ("clause", "profile", "max_yuan", "yuan"),
    [
        ({"max_amount_yuan": 2_000_000, "benefits": [RATIO]}, company(project_investment_yuan=6_000_000), 2_000_000, 1_800_000),
        ({"max_amount_yuan": 2_000_000, "benefits": [RATIO]}, company(project_investment_yuan=10_000_000), 2_000_000, 2_000_000),
        ({"max_amount_yuan": 2_000_000, "benefits": [RATIO]}, company(), 2_000_000, None),
        ({"max_amount_yuan": 2_000_000, "benefits": [RATIO]}, company(project_investment_yuan=0), 2_000_000, 0),
        ({"benefits": [dict(RATIO, base="设备购置投资")]}, company(equipment_investment_yuan=1_000_000), 2_000_000, 300_000),
        ({"benefits": [dict(RATIO, base="研发投入")]}, company(rd_expense_last_year_yuan_=1_000_000), 2_000_000, 300_000),
        ({"benefits": [dict(RATIO, base="市级支持资金")]}, company(project_investment_yuan=1_000_000), 2_000_000, None),
        ({"benefits": [{"kind": "grant", "cap_yuan": 500_000}]}, company(), 500_000, None),
        ({"max_amount_yuan": 500_000}, company(), 500_000, None),
        ({"amounts_yuan": [100_000, 300_000]}, company(), 300_000, None),
        ({"benefits": [{"kind": "non_monetary"}]}, company(), None, None),
        ({}, company(), None, None),
    ],
)  # fmt: skip
def test_estimates(clause, profile, max_yuan, yuan):
    result = first(make_policy(clause), profile)
    assert (result.estimate.max_yuan, result.estimate.yuan) == (max_yuan, yuan)
    assert result.to_dict()["estimate"]["max_yuan"] == max_yuan


def test_estimate_without_base_names_the_fact_that_would_compute_it():
    result = first(make_policy({"max_amount_yuan": 2_000_000, "benefits": [RATIO]}), company())
    assert result.to_dict()["estimate"] == {
        "max_yuan": 2_000_000,
        "yuan": None,
        "needs": "project_investment_yuan",
    }


def test_ineligible_pays_nothing():
    clause = {
        "max_amount_yuan": 2_000_000,
        "benefits": [RATIO],
        "conditions": {"fact": "credit_good", "op": "is_true"},
    }
    result = first(make_policy(clause), company(credit_good_=False, project_investment_yuan=6_000_000))
    assert result.status == "ineligible"
    assert result.estimate.yuan == 0


DECISIVE = {
    "all": [
        {"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000},
        {
            "any": [
                {"fact": "credit_good", "op": "is_true"},
                {"fact": "above_designated_size", "op": "is_true"},
            ]
        },
    ]
}


def test_decisive_and_non_decisive_missing_facts():
    result = first(make_policy({"conditions": DECISIVE}), company(credit_good_=True))
    assert result.status == "possible"
    missing = {m.fact: m.decisive for m in result.missing}
    assert missing == {"project_investment_yuan": True, "above_designated_size": False}
    question = next(m.question for m in result.missing if m.fact == "project_investment_yuan")
    assert question == "拟申报项目的总投资是多少?"


def test_missing_facts_only_for_possible_results():
    eligible = first(
        make_policy({"conditions": DECISIVE}), company(project_investment_yuan=6_000_000, credit_good_=True)
    )
    ineligible = first(
        make_policy({"conditions": DECISIVE}), company(project_investment_yuan=1, above_designated_size_=True)
    )
    assert (eligible.status, eligible.missing) == ("eligible", ())
    assert (ineligible.status, ineligible.missing) == ("ineligible", ())


def test_a_fact_read_twice_is_decided_as_a_whole():
    band = {"all": [
        {"fact": "employees", "op": "gte", "value": 10},
        {"fact": "employees", "op": "lt", "value": 100},
    ]}  # fmt: skip
    result = first(make_policy({"conditions": band}), HERE)
    assert [(m.fact, m.decisive) for m in result.missing] == [("employees", True)]


def test_reasons_record_every_leaf():
    result = first(
        make_policy({"conditions": DECISIVE}), company(project_investment_yuan=1, credit_good_=True)
    )
    assert [(r.fact, r.outcome) for r in result.reasons] == [
        ("project_investment_yuan", False),
        ("credit_good", True),
        ("above_designated_size", None),
        ("district", True),
    ]
    assert result.reasons[0].text == "项目投资额不低于500万元 ✗"


def test_sub_items_inherit_their_parent_conditions_and_the_parent_is_not_counted():
    policy = make_policy(
        {"number": "第六条", "max_amount_yuan": 300_000, "conditions": {"fact": "first_time", "op": "is_true"}},
        {"number": "第六条/(一)", "max_amount_yuan": 150_000,
         "conditions": {"fact": "qualification_level.DCMM", "op": "eq", "value": 2}},
        {"number": "第六条/(二)", "max_amount_yuan": 300_000,
         "conditions": {"fact": "qualification_level.DCMM", "op": "eq", "value": 5}},
    )  # fmt: skip
    profile = dict(company(first_time=False), qualifications=[{"name": "DCMM", "level": 2}])
    report = match_profile([policy], profile, AS_OF)
    assert [(r.clause.clause_ref["number"], r.status) for r in report.results] == [
        ("第六条/(一)", "ineligible"),
        ("第六条/(二)", "ineligible"),
    ]
    report = match_profile([policy], dict(profile, facts={"first_time": True}), AS_OF)
    assert next((r.clause.clause_ref["number"], r.status) for r in report.results) == (
        "第六条/(一)",
        "eligible",
    )


def test_general_clauses_are_not_matched():
    policy = make_policy({"kind": "general"}, {"max_amount_yuan": 10})
    report = match_profile([policy], HERE, AS_OF)
    assert [r.clause.clause_ref["id"] for r in report.results] == [101]


def test_compiled_once_and_cached():
    policy = make_policy({"conditions": DECISIVE})
    assert first(policy, HERE).clause is first(policy, {}).clause
    assert compile_policy(policy) is compile_policy(make_policy({"conditions": DECISIVE}))
    changed = make_policy({"conditions": {"fact": "credit_good", "op": "is_false"}})
    assert first(changed, HERE).clause is not first(policy, HERE).clause


def test_invalid_conditions_raise_for_one_clause_and_are_reported_for_many():
    bad = make_policy(
        {"conditions": {"fact": "employees", "op": "about", "value": 3}}, {"max_amount_yuan": 5}
    )
    with pytest.raises(ConditionError):
        first(bad, HERE)
    report = match_profile([bad], HERE, AS_OF)
    assert len(report.results) == 1
    assert "unknown operator" in report.errors[0]["error"]


def test_as_of_accepts_dates_and_rejects_nonsense():
    import datetime as dt

    policy = make_policy({}, effective_from="2025-01-01")
    assert first(policy, HERE, dt.date(2024, 1, 1)).status == "not_in_force"
    assert first(policy, HERE, None).status in ("eligible", "not_in_force")
    with pytest.raises(ValueError):
        first(policy, HERE, "tomorrow")


def test_repeated_scope_leaves_are_merged():
    scope = {"all": [
        {"fact": "province", "op": "eq", "value": "北京市"},
        {"fact": "city", "op": "eq", "value": "北京市"},
        {"fact": "district", "op": "in", "value": ["朝阳区"]},
        {"fact": "credit_good", "op": "is_true"},
    ]}  # fmt: skip
    policy = make_policy(
        {"number": "第六条", "conditions": scope},
        {"number": "第六条/(一)", "max_amount_yuan": 150_000,
         "conditions": {"all": [*scope["all"], {"fact": "employees", "op": "gte", "value": 10}]}},
    )  # fmt: skip
    result = match_profile([policy], company(credit_good_=True, employees_=10), AS_OF).results[0]
    assert [r.text for r in result.reasons] == [
        "注册地在北京市朝阳区 ✓",
        "信用状况良好 ✓",
        "从业人数不少于10人 ✓",
    ]
    assert result.status == "eligible"
    # A province that is not the policy's own is a real condition and stays.
    other = make_policy(
        {"conditions": {"all": [{"fact": "province", "op": "eq", "value": "吉林省"}, scope["all"][2]]}}
    )
    assert len(first(other, HERE).reasons) == 2
