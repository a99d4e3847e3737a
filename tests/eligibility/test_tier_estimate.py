"""Tiered clauses pay the tier the company's figure falls in; an unknown figure shows the range.

Each row is read from the clause words as an adviser would: the figure just either side of every
boundary, and the most the company can get there.
"""

from __future__ import annotations

import pytest

from eligibility.engine.estimate import MONETARY_KINDS, clause_money
from ingest.pipeline import brackets
from ingest.pipeline.benefits import find_benefits

WAN = 10_000
YI = 100_000_000

RD_TIERS = (
    "对符合条件的企业年度研发投入按比例给予一次性补助,研发费用在5000万元(含)以内的,按3%给予最高150万元补助;"
    "5000万元至1亿元(含)的,按7%给予最高700万元补助;1亿元至50亿元(含)的,按9%给予最高3000万元补助;"
    "50亿元以上的,按15%给予补助。"
)
REVENUE_STEPS = (
    "对营业收入达到1000万元以上的企业,给予10万元奖励;达到5000万元以上的,给予50万元奖励;"
    "超过1亿元的,给予100万元奖励。"
)
INVESTMENT_RANGES = (
    "对外实际投资累计达到10亿元(含)-50亿元的,给予资金支持50万元;50亿元(含)-100亿元的,给予资金支持100万元;"
    "100亿元(含)以上的,给予资金支持200万元。"
)


def _clause(text: str) -> dict:
    found = find_benefits(text, 0, len(text))
    brackets.assign(text, found)
    caps = [b.cap_yuan for b in found if b.cap_yuan]
    return {"max_amount_yuan": max(caps), "benefits": [b.as_dict() for b in found]}


# (clause, fact, value, most the company can get, amount when computable)
ROWS = [
    (RD_TIERS, "rd_expense_last_year_yuan", 500 * WAN, 150 * WAN, 15 * WAN),
    (RD_TIERS, "rd_expense_last_year_yuan", 5000 * WAN, 150 * WAN, 150 * WAN),
    (RD_TIERS, "rd_expense_last_year_yuan", 5000 * WAN + 1, 700 * WAN, 350 * WAN),
    (RD_TIERS, "rd_expense_last_year_yuan", YI, 700 * WAN, 700 * WAN),
    (RD_TIERS, "rd_expense_last_year_yuan", YI + 1, 3000 * WAN, 900 * WAN),
    (RD_TIERS, "rd_expense_last_year_yuan", 50 * YI, 3000 * WAN, 3000 * WAN),
    (REVENUE_STEPS, "revenue_last_year_yuan", 1000 * WAN - 1, 0, 0),
    (REVENUE_STEPS, "revenue_last_year_yuan", 1000 * WAN, 10 * WAN, None),
    (REVENUE_STEPS, "revenue_last_year_yuan", 5000 * WAN - 1, 10 * WAN, None),
    (REVENUE_STEPS, "revenue_last_year_yuan", 5000 * WAN, 50 * WAN, None),
    (REVENUE_STEPS, "revenue_last_year_yuan", YI, 50 * WAN, None),
    (REVENUE_STEPS, "revenue_last_year_yuan", YI + 1, 100 * WAN, None),
    (INVESTMENT_RANGES, "project_investment_yuan", 10 * YI - 1, 0, 0),
    (INVESTMENT_RANGES, "project_investment_yuan", 10 * YI, 50 * WAN, None),
    (INVESTMENT_RANGES, "project_investment_yuan", 50 * YI - 1, 50 * WAN, None),
    (INVESTMENT_RANGES, "project_investment_yuan", 50 * YI, 100 * WAN, None),
    (INVESTMENT_RANGES, "project_investment_yuan", 100 * YI - 1, 100 * WAN, None),
    (INVESTMENT_RANGES, "project_investment_yuan", 100 * YI, 200 * WAN, None),
]


@pytest.mark.parametrize(("text", "fact", "value", "most", "amount"), ROWS)
def test_the_tier_the_figure_falls_in_is_paid(text, fact, value, most, amount):
    estimate = clause_money(_clause(text)).estimate({fact: value})
    assert estimate.max_yuan == most
    assert estimate.yuan == amount


@pytest.mark.parametrize("text", [RD_TIERS, REVENUE_STEPS, INVESTMENT_RANGES])
def test_unknown_figure_shows_the_range_up_to_the_top_tier(text):
    money = clause_money(_clause(text))
    estimate = money.estimate({})
    assert estimate.yuan is None
    assert estimate.max_yuan == money.cap
    assert estimate.to_dict()["needs"] == money.bracket_fact
    assert "分档" in estimate.basis and "至" in estimate.basis  # the range of the tiers' caps is shown


def test_uncapped_top_tier_computes_from_the_figure():
    estimate = clause_money(_clause(RD_TIERS)).estimate({"rd_expense_last_year_yuan": 60 * YI})
    assert estimate.yuan == 9 * YI


def test_one_threshold_is_a_requirement_not_a_tier():
    text = "对营业收入达到1000万元以上的企业,给予最高50万元奖励。"
    money = clause_money(_clause(text))
    assert money.bracket_fact is None
    assert money.estimate({"revenue_last_year_yuan": 1}).max_yuan == 50 * WAN


def _tiered_seed_clauses() -> list[tuple[str, dict]]:
    from .test_seed_clauses import POLICIES

    return [
        (f"{p['id']}:{c['number']}", c)
        for p in POLICIES
        for c in p["clauses"]
        if sum(1 for b in c.get("benefits") or () if b.get("bracket")) >= 2
    ]


TIERED = _tiered_seed_clauses()


def test_the_seeds_hold_tiered_clauses():
    assert TIERED


@pytest.mark.parametrize(("label", "c"), TIERED, ids=[label for label, _ in TIERED])
def test_seed_tiers_either_side_of_every_boundary(label, c):
    """Just either side of each boundary the figure falls in one tier at most, and that tier is paid."""
    money = clause_money(c)
    tiers = [b for b in c["benefits"] if b.get("bracket")]
    # the clause's other supports (…上市并成功退出的,给予…) are paid besides the tier
    others = [b["cap_yuan"] for b in money_benefits(c) if not b.get("bracket")]
    bounds = {v for b in tiers for v in (b["bracket"]["min"], b["bracket"]["max"]) if v is not None}
    for value in sorted({x for v in bounds for x in (v - 1, v, v + 1)}):
        held = [b for b in tiers if _holds(b["bracket"], value)]
        estimate = money.estimate({money.bracket_fact: value})
        if not held:
            assert estimate.max_yuan == (max(others) if others and None not in others else 0), (label, value)
            continue
        best = max(held, key=lambda b: -1 if b["bracket"]["min"] is None else b["bracket"]["min"])
        caps = [best["cap_yuan"], *others]
        if None not in caps:
            assert estimate.max_yuan == max(caps), (label, value)
            if estimate.yuan is not None:
                assert estimate.yuan <= max(caps), (label, value)


def money_benefits(c: dict) -> list[dict]:
    """The benefits the estimate reads: monetary ones stating a cap or a ratio."""
    return [
        b
        for b in c.get("benefits") or ()
        if b.get("kind", "grant") in MONETARY_KINDS
        and (b.get("cap_yuan") is not None or b.get("ratio") is not None)
    ]


def _holds(bracket: dict, value: float) -> bool:
    low, high = bracket["min"], bracket["max"]
    if low is not None and (value < low or (value == low and not bracket["min_inclusive"])):
        return False
    return not (high is not None and (value > high or (value == high and not bracket["max_inclusive"])))
