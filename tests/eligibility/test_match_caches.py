"""What the engine works out once and reuses is what it would work out afresh for each company.

Missing facts are kept per clause by leaf outcomes (and the unknown facts of place leaves), place
tests and text reads are kept on the profile's view, and the report ranks the engine's results from
per-clause entries. None of it may change a result or a report.
"""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from eligibility.engine import CandidateIndex
from eligibility.engine.conditions import K_CITY, K_DISTRICT, K_PLACE, K_PROVINCE, K_ZONES, at_date, prepare
from eligibility.engine.match import as_of_date, compile_clause, evaluate
from eligibility.engine.regions import city_key, company_zones, district_key, province_key
from eligibility.engine.report import rank_questions, rank_unlocks
from eligibility.engine.synthetic import generate_profiles

from .adviser_profiles import PROFILES
from .test_adviser_table import POLICIES
from .test_declarations import INVEST, OFFSHORE, OPEN
from .test_properties import INDEX, SETTINGS, conditions, policy_with, profiles

DAY = as_of_date("2026-11-21")

answers = st.dictionaries(
    st.sampled_from([OFFSHORE["key"], INVEST["key"]]), st.one_of(st.booleans(), st.integers(0, 10_000))
)


def view_of(profile: dict) -> dict:
    return at_date(prepare(profile), DAY)


def seen(result) -> tuple:
    """Everything a result tells, including what the report ranks from it."""
    return result.to_dict(), result.unlocking, result.asks, result.questions


@SETTINGS
@given(conditions, st.lists(st.tuples(profiles(), answers), min_size=2, max_size=6), st.booleans())
def test_a_clause_matched_for_many_companies_tells_each_what_a_fresh_compile_does(condition, companies, asks):
    policy = policy_with(condition)
    clause = policy["clauses"][0]
    if asks:
        clause = {**clause, "requirements": [OFFSHORE, INVEST, OPEN]}
    shared = compile_clause(clause, policy)
    for profile, declared in companies:
        profile = {**profile, "declarations": declared}
        fresh = compile_clause(clause, policy)
        assert seen(evaluate(shared, view_of(profile), DAY)) == seen(evaluate(fresh, view_of(profile), DAY))


@SETTINGS
@given(st.lists(profiles(), min_size=1, max_size=4))
def test_what_is_kept_per_place_is_what_each_profile_would_get(companies):
    # Region outcomes and candidates are kept per place; read afresh (no place kept) they are the same.
    for profile in companies:
        view = view_of(profile)
        city = city_key(view.get("city"))
        place = (province_key(view.get("province")), city, district_key(view.get("district")))
        assert (view[K_PROVINCE], view[K_CITY], view[K_DISTRICT]) == place
        assert view[K_ZONES] == company_zones(view.get("zones"), view.get("district"), city)
        alone = {k: v for k, v in view.items() if k != K_PLACE}
        for clause in INDEX.clauses:
            for leaf in clause.condition.leaves:
                if leaf.fact in ("province", "city", "district", "zones"):
                    assert leaf.test(view) is leaf.test(alone)
                    assert leaf.unknown_facts(view) == leaf.unknown_facts(alone)
        assert [id(c) for c in INDEX.candidates(view)] == [id(c) for c in INDEX._candidates(alone)]


def plain(result) -> SimpleNamespace:
    """A result read through its attributes only, as the pages hand their stored results to the ranking."""
    return SimpleNamespace(
        status=result.status,
        stacking_group=result.stacking_group,
        amount=result.amount,
        key=result.key,
        missing=result.missing,
        questions=result.questions,
        clause=SimpleNamespace(policy_ref=result.clause.policy_ref, clause_ref=result.clause.clause_ref),
    )


def test_the_report_ranks_engine_results_as_it_ranks_any_results():
    index = CandidateIndex(POLICIES)
    companies = [*PROFILES.values(), *generate_profiles(40, 3)]
    keys = sorted({found.key for clause in index.clauses for found, _ in clause.declarations.values()})
    assert keys, "the seed policies ask declaration questions"
    ranked_any = 0
    for n, profile in enumerate(companies):
        # Some questions answered (yes or no), so groups pay and stakes shrink.
        declared = {key: n % 3 == 0 for key in keys[n % 4 :: 5]}
        report = index.match({**profile, "declarations": declared}, DAY)
        results = report.results
        questions = [q.to_dict() for q in rank_questions([plain(r) for r in results])]
        unlocks = [u.to_dict() for u in rank_unlocks([plain(r) for r in results])]
        assert [q.to_dict() for q in report.questions] == questions
        assert [q.to_dict() for q in rank_questions(results)] == questions
        assert [u.to_dict() for u in report.unlock] == unlocks
        assert [u.to_dict() for u in rank_unlocks(results)] == unlocks
        ranked_any += bool(questions) + bool(unlocks)
    assert ranked_any, "some report ranks questions or unlocks"


def test_a_report_does_not_share_its_question_entries_with_another():
    index = CandidateIndex(POLICIES)
    profile = PROFILES["demo_ai_chaoyang"]
    first, second = index.match(profile, DAY), index.match(profile, DAY)
    assert first.questions, "the demo company has questions to answer"
    first.questions[0].clauses[0]["text"] = "changed by a reader"
    assert second.questions[0].clauses[0]["text"] != "changed by a reader"
    assert index.match(profile, DAY).to_dict() == second.to_dict()
