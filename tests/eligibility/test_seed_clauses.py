"""The real seed clauses through the engine: every numeric threshold just either side, every region.

Built from what the pipeline extracts from fixtures/seeds, so a new seed or a new threshold phrase is
covered without editing this table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eligibility.engine import match_clause, match_profile
from eligibility.facts import FACTS
from ingest.pipeline import run
from places import is_zone_name

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "seeds").glob("*.txt"))
AS_OF = "2026-11-21"
NUMERIC_OPS = {"gte", "gt", "lte", "lt"}
# A district name that exists in another city: the same name must not match.
OTHER_CITY = {"北京市": ("吉林省", "长春市"), "上海市": ("江苏省", "南京市"), "吉林省": ("北京市", "北京市")}


def _policies() -> list[dict]:
    out = []
    for seed in SEEDS:
        for policy in run(seed.read_bytes(), seed.name)["policies"]:
            policy = {**policy, "id": len(out) + 1, "effective_from": None, "effective_until": None}
            policy["clauses"] = [{**c, "id": i + 1} for i, c in enumerate(policy["clauses"])]
            out.append(policy)
    return out


POLICIES = _policies()


def _leaves(node) -> list[dict]:
    if not node:
        return []
    if "fact" in node:
        return [node]
    found = [leaf for child in node.get("all", []) + node.get("any", []) for leaf in _leaves(child)]
    return found + (_leaves(node["not"]) if "not" in node else [])


def _home(policy: dict) -> dict:
    """A profile registered where the policy applies."""
    profile = {"credit_code": "91110105MA01C8L437", "name": "测试企业", "province": policy["province"]}
    profile["city"] = policy["city"]
    if policy["region"] and is_zone_name(policy["region"]):
        profile["zones"] = [policy["region"]]
    elif policy["region"]:
        profile["district"] = policy["region"]
    return profile


def _with(profile: dict, fact: str, value) -> dict:
    spec = FACTS[fact]
    if spec.in_profile:
        return {**profile, fact: value}
    return {**profile, "facts": {**profile.get("facts", {}), fact: value}}


def _threshold_cases() -> list[tuple]:
    cases = []
    for policy in POLICIES:
        for clause in policy["clauses"]:
            if clause["kind"] != "support":
                continue
            leaves = _leaves(clause["conditions"])
            for leaf in leaves:
                fact, op = leaf["fact"], leaf["op"]
                if op not in NUMERIC_OPS or fact not in FACTS or FACTS[fact].type not in ("int", "money"):
                    continue
                if sum(1 for other in leaves if other["fact"] == fact) != 1:
                    continue  # tiers on one fact: the sentence of each leaf is checked elsewhere
                v = leaf["value"]
                passes = {"gte": (v, v + 1), "gt": (v + 1,), "lte": (v, v - 1), "lt": (v - 1,)}[op]
                fails = {"gte": (v - 1,), "gt": (v,), "lte": (v + 1,), "lt": (v,)}[op]
                ident = f"{policy['title'][:12]}-{clause['number']}-{fact}-{op}-{v}"
                cases.append(pytest.param(policy, clause, fact, passes, fails, id=ident))
    return cases


THRESHOLDS = _threshold_cases()


def test_the_seeds_state_thresholds():
    assert len(THRESHOLDS) >= 3, "the seeds hold investment, revenue and R&D thresholds"


def _outcome(policy: dict, clause: dict, profile: dict, fact: str):
    result = match_clause(clause, policy, profile, AS_OF)
    outcomes = {r.outcome for r in result.reasons if r.fact == fact}
    assert len(outcomes) == 1, result.reasons
    return outcomes.pop(), result.status


@pytest.mark.parametrize(("policy", "clause", "fact", "passes", "fails"), THRESHOLDS)
def test_threshold_either_side(policy, clause, fact, passes, fails):
    home = _home(policy)
    for value in passes:
        outcome, status = _outcome(policy, clause, _with(home, fact, value), fact)
        assert outcome is True, (value, status)
        assert status != "ineligible" or any(
            r.outcome is False and r.fact != fact
            for r in match_clause(clause, policy, _with(home, fact, value), AS_OF).reasons
        )
    for value in fails:
        outcome, status = _outcome(policy, clause, _with(home, fact, value), fact)
        assert outcome is False, value
        assert status != "eligible", value
    unknown, status = _outcome(policy, clause, home, fact)
    assert unknown is None and status != "eligible"


@pytest.mark.parametrize("policy", POLICIES, ids=[p["title"][:20] for p in POLICIES])
def test_each_policy_reaches_its_region_and_not_a_same_named_one(policy):
    home = _home(policy)
    ours = {r.clause.policy_ref["id"] for r in match_profile(POLICIES, home, AS_OF).results}
    if any(c["kind"] == "support" for c in policy["clauses"]):
        assert policy["id"] in ours
    province, city = OTHER_CITY[policy["province"]]
    elsewhere = {**home, "province": province, "city": city}
    results = match_profile(POLICIES, elsewhere, AS_OF).results
    assert all(
        r.status in ("ineligible", "not_in_force")
        for r in results
        if r.clause.policy_ref["id"] == policy["id"]
    )
