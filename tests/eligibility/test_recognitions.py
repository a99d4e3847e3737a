"""A reward for obtaining a recognition pays recognitions of the policy's time, one day either side of
the first day counted (1 January of the year before the policy took effect)."""

from __future__ import annotations

import pytest

from eligibility.engine import match_clause
from eligibility.engine.recognitions import rewarded_recognitions, term_start

AS_OF = "2026-11-21"
HIGH_TECH = {"fact": "qualifications", "op": "contains", "value": "国家高新技术企业"}
REGION = {"fact": "district", "op": "in", "value": ["朝阳区"]}


def policy(words: str, **dates) -> tuple[dict, dict]:
    """A 北京市朝阳区 policy of one clause paying 30万 to the applicants ``words`` describe."""
    clause = {
        "id": 1, "number": "第一条", "heading": None, "kind": "support",
        "max_amount_yuan": 300_000, "amounts_yuan": [300_000], "ratios": [], "benefits": [],
        "conditions": {"all": [REGION, HIGH_TECH]},
        "requirements": [
            {"text": words, "span": [0, len(words)], "modelled": True, "kind": "fact", "condition": HIGH_TECH}
        ],
    }  # fmt: skip
    p = {
        "id": 9, "title": "朝阳区支持企业发展若干措施", "province": "北京市", "city": "北京市", "region": "朝阳区",
        "effective_from": None, "effective_until": None, "published_on": None, "is_draft": False,
        "stacking": None, "clauses": [clause], **dates,
    }  # fmt: skip
    return p, clause


def company(obtained_on: str | None) -> dict:
    entry = {"name": "国家高新技术企业"} | ({"obtained_on": obtained_on} if obtained_on else {})
    return {"province": "北京市", "city": "北京市", "district": "朝阳区", "qualifications": [entry]}


OBTAINING = "对获得国家高新技术企业认定的企业"
# (requirement words, policy dates, obtained on, expected, why)
CASES = [
    (OBTAINING, {"effective_from": "2024-11-24"}, "2023-01-01", "eligible", "first day counted"),
    (OBTAINING, {"effective_from": "2024-11-24"}, "2022-12-31", "ineligible", "the day before"),
    (OBTAINING, {"effective_from": "2024-11-24"}, "2025-06-30", "eligible", "recognised under the policy"),
    (OBTAINING, {"effective_from": "2024-11-24"}, "2019-06-30", "ineligible", "an old recognition"),
    (OBTAINING, {"effective_from": "2024-11-24"}, None, "possible", "when it was obtained is asked"),
    (OBTAINING, {"published_on": "2024-03-01"}, "2022-12-31", "ineligible", "issue date when no 施行日期"),
    (OBTAINING, {}, "2019-06-30", "eligible", "a policy without any date: not judged by time"),
    ("首次通过国家高新技术企业认定的", {"effective_from": "2024-11-24"}, "2019-06-30", "ineligible", "首次 is an event"),
    ("有效期内的国家高新技术企业", {"effective_from": "2024-11-24"}, "2022-06-30", "eligible", "holding, not obtaining"),
    ("国家高新技术企业开展研发的", {"effective_from": "2024-11-24"}, "2019-06-30", "eligible", "no word of obtaining"),
]  # fmt: skip


@pytest.mark.parametrize(("words", "dates", "obtained_on", "expected", "why"), CASES)
def test_a_recognition_reward_counts_recognitions_of_the_policys_time(
    words, dates, obtained_on, expected, why
):
    p, c = policy(words, **dates)
    result = match_clause(c, p, company(obtained_on), AS_OF)
    assert result.status == expected, why
    if expected == "possible":
        assert [m.fact for m in result.missing] == ["qualification_obtained_on.国家高新技术企业"]
        assert "国家高新技术企业" in result.missing[0].question


def test_a_company_without_the_title_is_ineligible_whatever_the_dates():
    p, c = policy(OBTAINING, effective_from="2024-11-24")
    profile = {**company(None), "qualifications": []}
    assert match_clause(c, p, profile, AS_OF).status == "ineligible"


def test_term_start_and_rewarded_names():
    assert str(term_start({"effective_from": "2024-11-24", "published_on": "2024-10-01"})) == "2023-01-01"
    assert term_start({}) is None
    _, c = policy(OBTAINING)
    assert rewarded_recognitions(c) == {"国家高新技术企业"}
