"""Requirements as written, by kind: open text caps a clause at possible, declarations are questions,
review notes never make a clause uncertain, and hand-written conditions are unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility.engine import match_clause, match_profile

AS_OF = "2026-11-21"
HERE = {"province": "北京市", "city": "北京市", "district": "朝阳区"}
REGION = {"all": [{"fact": "district", "op": "in", "value": ["朝阳区"]}]}
INVEST = {"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000}
UNMODELLED = {"text": "对经认定的低效楼宇改造项目", "span": [10, 23], "modelled": False, "kind": "open"}
MODELLED = {"text": "对投资500万元以上的项目", "span": [30, 43], "modelled": True, "kind": "fact"}


def policy(*clauses):
    """A 北京市朝阳区 policy holding ``clauses``."""
    return {
        "id": 7, "title": "朝阳区促进产业发展若干措施", "province": "北京市", "city": "北京市", "region": "朝阳区",
        "effective_from": None, "effective_until": None, "is_draft": False, "stacking": None,
        "clauses": [
            {"id": 200 + i, "number": f"第{i + 1}条", "heading": None, "kind": "support",
             "max_amount_yuan": 1_000_000, "amounts_yuan": [1_000_000], "ratios": [], "benefits": [], **c}
            for i, c in enumerate(clauses)
        ],
    }  # fmt: skip


def company(**facts):
    return {**HERE, "facts": facts}


# (conditions, requirements (None: no key), profile, expected status, requirement entries in missing)
CASES = [
    (REGION, None, company(), "eligible", 0),
    (REGION, [], company(), "eligible", 0),
    (REGION, [MODELLED], company(), "eligible", 0),
    (REGION, [UNMODELLED], company(), "possible", 1),
    (
        REGION,
        [UNMODELLED, MODELLED, {**UNMODELLED, "text": "对孵化器", "span": [1, 6]}],
        company(),
        "possible",
        2,
    ),
    (
        {"all": [*REGION["all"], INVEST]},
        [UNMODELLED],
        company(project_investment_yuan=6_000_000),
        "possible",
        1,
    ),
    (
        {"all": [*REGION["all"], INVEST]},
        [UNMODELLED],
        company(project_investment_yuan=4_000_000),
        "ineligible",
        0,
    ),
    ({"all": [*REGION["all"], INVEST]}, [UNMODELLED], company(), "possible", 1),
    (
        {"all": [{"fact": "district", "op": "in", "value": ["海淀区"]}]},
        [UNMODELLED],
        company(),
        "ineligible",
        0,
    ),
    ({"all": [*REGION["all"], INVEST]}, None, company(project_investment_yuan=6_000_000), "eligible", 0),
]


@pytest.mark.parametrize(("conditions", "requirements", "profile", "status", "n_requirements"), CASES)
def test_requirements_cap_at_possible(conditions, requirements, profile, status, n_requirements):
    clause = {"conditions": conditions}
    if requirements is not None:
        clause["requirements"] = requirements
    p = policy(clause)
    result = match_clause(p["clauses"][0], p, profile, AS_OF)
    assert result.status == status
    entries = [m.to_dict() for m in result.missing if m.kind == "requirement"]
    assert len(entries) == n_requirements
    for entry in entries:
        assert entry["fact"] is None and entry["decisive"] is True and entry["kind"] == "requirement"
        assert entry["question"] == f"是否满足原文条件:{entry['text']}?"
        assert isinstance(entry["span"], list) and len(entry["span"]) == 2


def test_reasons_are_unchanged_by_requirements():
    plain = policy({"conditions": REGION})
    capped = policy({"conditions": REGION, "requirements": [UNMODELLED]})
    a = match_clause(plain["clauses"][0], plain, company(), AS_OF)
    b = match_clause(capped["clauses"][0], capped, company(), AS_OF)
    assert [r.to_dict() for r in a.reasons] == [r.to_dict() for r in b.reasons]


def test_fact_entries_keep_their_shape():
    p = policy({"conditions": {"all": [*REGION["all"], INVEST]}, "requirements": [UNMODELLED]})
    result = match_clause(p["clauses"][0], p, company(), AS_OF)
    fact, requirement = (m.to_dict() for m in result.missing)
    assert set(fact) == {"fact", "question", "label", "decisive"}
    assert requirement["kind"] == "requirement" and requirement["text"] == UNMODELLED["text"]


def test_sub_items_inherit_the_parents_own_requirements_only():
    parent = {"number": "第1条", "span": [0, 100], "conditions": REGION,
              "requirements": [{"text": "对符合条件的企业", "span": [2, 10], "modelled": False, "kind": "open"},
                               {"text": "对孵化器", "span": [60, 65], "modelled": False, "kind": "open"}]}  # fmt: skip
    first = {"number": "第1条/(一)", "span": [20, 50], "conditions": None, "requirements": []}
    second = {"number": "第1条/(二)", "span": [55, 100], "conditions": None, "requirements": []}
    p = policy(parent, first, second)
    p["clauses"][0]["number"], p["clauses"][1]["number"], p["clauses"][2]["number"] = (
        "第1条", "第1条/(一)", "第1条/(二)"
    )  # fmt: skip
    result = match_clause(p["clauses"][1], p, company(), AS_OF)
    assert [m.text for m in result.missing] == ["对符合条件的企业"]


def test_unlock_ranks_only_facts():
    p = policy(
        {"conditions": {"all": [*REGION["all"], INVEST]}, "requirements": [UNMODELLED]},
        {"conditions": REGION, "requirements": [UNMODELLED]},
    )
    report = match_profile([p], company(), AS_OF)
    assert [u.fact for u in report.unlock] == ["project_investment_yuan"]
    assert report.total_estimate_yuan == 0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    investment=st.one_of(st.none(), st.integers(0, 10_000_000)),
    modelled=st.lists(st.booleans(), max_size=3),
)
def test_answering_never_flips_ineligible_and_requirements_block_eligible(investment, modelled):
    reqs = [
        {"text": f"条件{i}", "span": [i, i + 2], "modelled": m, "kind": "fact" if m else "open"}
        for i, m in enumerate(modelled)
    ]
    p = policy({"conditions": {"all": [*REGION["all"], INVEST]}, "requirements": reqs})
    unknown = match_clause(p["clauses"][0], p, company(), AS_OF)
    facts = {} if investment is None else {"project_investment_yuan": investment}
    known = match_clause(p["clauses"][0], p, company(**facts), AS_OF)
    assert unknown.status == "possible"
    if known.status == "ineligible":
        assert investment is not None and investment < 5_000_000
    if not all(modelled):
        assert known.status != "eligible"
    elif investment is not None:
        assert known.status == ("eligible" if investment >= 5_000_000 else "ineligible")
