"""Stacking: a 从优不重复 policy pays its best eligible clause, never the sum; alternatives are reported."""

from __future__ import annotations

import pytest

from eligibility.engine import is_exclusive, match_profile

AS_OF = "2026-11-21"
HERE = {"credit_code": "91110105MA01C8L437", "name": "北京某某科技有限公司",
        "province": "北京市", "city": "北京市", "district": "朝阳区", "credit_good": True}  # fmt: skip
RATIO = {"kind": "subsidy", "ratio": 0.3, "base": "项目总投资", "cap_yuan": 2_000_000}


def make_policy(pid, stacking, *clauses, **fields):
    """A 朝阳区 policy ``pid`` whose clauses are given as (cap, conditions, benefits)."""
    return {
        "id": pid, "title": f"政策{pid}", "province": "北京市", "city": "北京市", "region": "朝阳区",
        "stacking": stacking, **fields,
        "clauses": [
            {"id": pid * 100 + i, "number": f"第{i + 1}条", "heading": f"条款{i + 1}", "kind": "support",
             "max_amount_yuan": cap, "conditions": conditions, "benefits": benefits}
            for i, (cap, conditions, benefits) in enumerate(clauses)
        ],
    }  # fmt: skip


def plain(cap, conditions=None):
    return (cap, conditions, [])


@pytest.mark.parametrize(
    ("text", "exclusive"),
    [
        ("从优不重复", True),
        ("就高不重复", True),
        ("就高原则", True),
        ("不重复享受", True),
        ("同一项目不重复享受", True),
        ("按最优执行,但不重复执行", True),
        ("从高、从优、不重复原则", True),
        (None, False),
        ("", False),
        ("可叠加享受", False),
    ],
)
def test_stacking_rules(text, exclusive):
    assert is_exclusive(text) is exclusive


def test_best_of_group_not_sum():
    policy = make_policy(1, "从优不重复", plain(1_000_000), plain(2_000_000), plain(500_000))
    report = match_profile([policy], HERE, AS_OF)
    assert [r.estimate.max_yuan for r in report.results] == [2_000_000, 1_000_000, 500_000]
    assert report.total_estimate_yuan == 2_000_000
    assert {r.stacking_group for r in report.results} == {"policy:1"}
    assert [r.set_aside for r in report.results] == [False, True, True]
    data = report.to_dict()
    assert data["total_estimate_yuan"] == 2_000_000
    (group,) = data["set_aside"]
    assert group["stacking_group"] == "policy:1"
    assert group["chosen"]["clause_id"] == 101
    assert [c["clause_id"] for c in group["set_aside"]] == [100, 102]


def test_policies_without_a_rule_stack():
    policy = make_policy(2, None, plain(1_000_000), plain(2_000_000))
    report = match_profile([policy], HERE, AS_OF)
    assert report.total_estimate_yuan == 3_000_000
    assert [r.stacking_group for r in report.results] == [None, None]
    assert report.to_dict()["set_aside"] == []


def test_groups_and_free_clauses_together():
    exclusive = make_policy(1, "就高不重复", plain(1_000_000), plain(3_000_000))
    free = make_policy(2, None, plain(200_000), plain(300_000))
    report = match_profile([exclusive, free], HERE, AS_OF)
    assert report.total_estimate_yuan == 3_000_000 + 200_000 + 300_000


def test_only_eligible_clauses_count():
    policy = make_policy(
        1, "从优不重复",
        plain(5_000_000, {"fact": "credit_good", "op": "is_false"}),
        plain(9_000_000, {"fact": "employees", "op": "gte", "value": 10}),
        plain(1_000_000),
    )  # fmt: skip
    report = match_profile([policy], HERE, AS_OF)
    assert [r.status for r in report.results] == ["eligible", "possible", "ineligible"]
    assert report.total_estimate_yuan == 1_000_000
    assert report.to_dict()["set_aside"] == []


def test_known_amounts_and_the_range():
    policy = make_policy(1, "从优不重复", (2_000_000, None, [RATIO]), plain(500_000))
    report = match_profile([policy], dict(HERE, facts={"project_investment_yuan": 1_000_000}), AS_OF)
    # 30% of 1,000,000 is 300,000: the fixed 500,000 clause is worth more.
    assert report.total_estimate_yuan == 500_000
    assert report.to_dict()["total_range"] == {"low": 300_000, "high": 500_000, "unmodelled": 0}
    unknown_base = match_profile([policy], HERE, AS_OF)
    assert unknown_base.total_estimate_yuan == 2_000_000
    assert unknown_base.to_dict()["total_range"]["low"] == 0


def test_unmodelled_clauses_are_counted_not_priced():
    policy = make_policy(1, None, plain(None), plain(100_000))
    data = match_profile([policy], HERE, AS_OF).to_dict()
    assert data["total_estimate_yuan"] == 100_000
    assert data["total_range"]["unmodelled"] == 1
    assert data["results"][1]["estimate"] == {"max_yuan": None, "yuan": None}
    assert data["results"][1]["stacking_group"] is None


def test_unlock_respects_the_group():
    policy = make_policy(
        1, "从优不重复",
        plain(1_000_000),
        plain(3_000_000, {"fact": "employees", "op": "gte", "value": 10}),
        plain(800_000, {"fact": "above_designated_size", "op": "is_true"}),
    )  # fmt: skip
    free = make_policy(2, None, plain(400_000, {"fact": "above_designated_size", "op": "is_true"}))
    report = match_profile([policy, free], HERE, AS_OF)
    unlock = {u.fact: u.unlock_yuan for u in report.unlock}
    # employees could lift the group from 1,000,000 to 3,000,000; 规上 adds nothing to the group but
    # 400,000 outside it.
    assert unlock == {"employees": 2_000_000, "above_designated_size": 400_000}
    assert [u.fact for u in report.unlock] == ["employees", "above_designated_size"]
    assert report.unlock[0].question == "贵单位目前有多少名员工?"


def test_results_are_ranked():
    policy = make_policy(
        1, None,
        plain(100_000, {"fact": "credit_good", "op": "is_false"}),
        plain(200_000, {"fact": "employees", "op": "gte", "value": 10}),
        plain(300_000),
        plain(900_000),
        plain(5_000_000, {"fact": "employees", "op": "gte", "value": 10}),
    )  # fmt: skip
    expired = make_policy(2, None, plain(9_000_000), effective_until="2020-01-01")
    report = match_profile([expired, policy], HERE, AS_OF)
    assert [(r.status, r.estimate.max_yuan) for r in report.results] == [
        ("eligible", 900_000),
        ("eligible", 300_000),
        ("possible", 5_000_000),
        ("possible", 200_000),
        ("ineligible", 100_000),
        ("not_in_force", 9_000_000),
    ]


def test_report_shape_matches_the_design():
    policy = make_policy(3, "就高原则", plain(1_000_000, {"fact": "employees", "op": "gte", "value": 10}))
    data = match_profile([policy], HERE, AS_OF).to_dict()
    assert data["company"] == {"credit_code": "91110105MA01C8L437", "name": "北京某某科技有限公司"}
    assert data["as_of"] == AS_OF
    assert data["total_estimate_yuan"] == 0
    (result,) = data["results"]
    assert set(result) >= {"policy", "clause", "status", "reasons", "missing", "estimate", "stacking_group"}
    assert result["policy"] == {"id": 3, "title": "政策3", "region": "朝阳区"}
    assert result["clause"] == {"id": 300, "number": "第1条", "heading": "条款1"}
    assert result["reasons"][0] == {"fact": "employees", "outcome": None, "text": "从业人数不少于10人 (未知)"}
    assert result["missing"][0]["fact"] == "employees"
    assert result["missing"][0]["decisive"] is True
    assert result["stacking_group"] == "policy:3"


def test_benchmark_runs_on_synthetic_policies():
    from eligibility.engine.bench import run_benchmark
    from eligibility.engine.synthetic import generate_policies

    result = run_benchmark(generate_policies(seed=1), 40, seed=2)
    assert result.companies == 40
    assert sum(result.statuses.values()) > 0
    assert result.to_dict()["per_company_ms"] > 0


def test_potential_total_adds_possible_clauses_best_of_group():
    from types import SimpleNamespace as R

    from eligibility.engine.stacking import ELIGIBLE_OR_POSSIBLE, totals

    def r(status, amount, group):
        return R(status=status, amount=amount, known_yuan=None, stacking_group=group, key=(group, amount))

    results = [
        r("eligible", 100, "g"),
        r("possible", 300, "g"),
        r("possible", 50, None),
        r("ineligible", 999, None),
    ]
    assert totals(results).estimate == 100
    assert totals(results, ELIGIBLE_OR_POSSIBLE).estimate == 300 + 50


def test_amounts_in_another_currency_are_never_added_to_yuan():
    policy = make_policy(7, None, plain(1_000_000), plain(2_000_000))
    policy["clauses"][1]["currency"] = "HKD"
    report = match_profile([policy], HERE, AS_OF)
    assert report.total_estimate_yuan == 1_000_000
    hkd = next(r for r in report.results if r.clause.clause_ref["id"] == 701)
    assert hkd.estimate.max_yuan is None
    # in a 从优不重复 group too: a larger HKD figure never wins against yuan
    policy = make_policy(8, "从优不重复", plain(1_000_000), plain(5_000_000))
    policy["clauses"][1]["currency"] = "TWD"
    assert match_profile([policy], HERE, AS_OF).total_estimate_yuan == 1_000_000
