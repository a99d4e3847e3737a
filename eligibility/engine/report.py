"""A company's ranked matches: totals respecting stacking, set-aside alternatives, facts that unlock money."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eligibility.facts import lookup

from .match import ClauseResult, question_entry
from .stacking import ELIGIBLE_OR_POSSIBLE, Totals, totals


@dataclass(frozen=True, slots=True)
class Unlock:
    """A decisive missing fact and the money answering it could unlock (respecting stacking)."""

    fact: str
    label: str
    question: str
    unlock_yuan: int
    clauses: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The unlock entry as JSON."""
        return {
            "fact": self.fact,
            "label": self.label,
            "question": self.question,
            "unlock_yuan": self.unlock_yuan,
            "clauses": list(self.clauses),
        }


@dataclass(frozen=True, slots=True)
class Question:
    """A declaration question still unanswered, and the money answering it would settle."""

    key: str
    question: str
    answer_type: str
    unit: str | None
    yuan_at_stake: int
    clauses: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        """The question as JSON (the match command's top-level ``questions``)."""
        return {
            "key": self.key,
            "question": self.question,
            "answer_type": self.answer_type,
            "unit": self.unit,
            "yuan_at_stake": self.yuan_at_stake,
            "clauses": list(self.clauses),
        }


@dataclass(slots=True)
class MatchReport:
    """The ranked matches of one company on one date."""

    company: dict[str, Any]
    as_of: dt.date
    results: list[ClauseResult]
    totals: Totals
    potential_yuan: int = 0
    unlock: list[Unlock] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    @property
    def total_estimate_yuan(self) -> int:
        """Eligible clauses only, best of each stacking group (a ceiling, see ``stacking``)."""
        return self.totals.estimate

    def to_dict(self) -> dict[str, Any]:
        """The ``match`` command's JSON (DESIGN.md) plus total_range, set_aside, unlock and errors."""
        return {
            "company": self.company,
            "as_of": self.as_of.isoformat(),
            "total_estimate_yuan": self.totals.estimate,
            "total_potential_yuan": self.potential_yuan,
            "total_range": {
                "low": self.totals.low,
                "high": self.totals.high,
                "unmodelled": self.totals.unmodelled,
            },
            "results": [result.to_dict() for result in self.results],
            "set_aside": [
                {
                    "stacking_group": choice.group,
                    "chosen": _ref(choice.chosen),
                    "set_aside": [_ref(member) for member in choice.set_aside],
                }
                for choice in self.totals.choices
                if choice.set_aside
            ],
            "unlock": [item.to_dict() for item in self.unlock],
            "questions": [item.to_dict() for item in self.questions],
            "total_basis": TOTAL_BASIS,
            "errors": self.errors,
        }


TOTAL_BASIS = "仅计入可申报的条款(含依据贵企业声明判定的),同一不重复享受组取最高一项;可能可申报的不计入"


def _ref(result: ClauseResult) -> dict[str, Any]:
    clause = result.clause
    return {
        "policy_id": clause.policy_ref["id"],
        "clause_id": clause.clause_ref["id"],
        "number": clause.clause_ref["number"],
        "heading": clause.clause_ref["heading"],
        "estimate": result.estimate.to_dict(),
    }


def rank_unlocks(results: Iterable[ClauseResult]) -> list[Unlock]:
    """Decisive missing facts ranked by the money they could unlock.

    Only fact-based entries rank: unmodelled requirements of the text (kind "requirement", fact None)
    are not facts a profile can answer, so they never appear here. Per stacking group a fact unlocks at most the best clause it decides, minus what the group
    already pays; clauses outside groups add up. Facts that decide only unmodelled clauses rank last.
    """
    return _rank_unlocks(*_settle(results))


def rank_questions(results: Iterable[ClauseResult]) -> list[Question]:
    """Unanswered declaration questions ranked by the money they would settle.

    A question's stake is, per stacking group, the best possible clause asking it (minus what the
    group already pays); clauses outside groups add up. Every possible result asking it is listed.
    """
    return _rank_questions(*_settle(results))


def _settle(results: Iterable[Any]) -> tuple[dict[str, int], list[tuple[Any, str, int]]]:
    """What each stacking group already pays, and every possible result with its slot and amount.

    A slot is the result's stacking group, or the clause itself outside groups. Results of the engine
    (``ClauseResult``) read what depends only on their clause from it; others (the stored results of
    the pages) are read through their attributes.
    """
    paid: dict[str, int] = {}
    possible: list[tuple[Any, str, int]] = []
    for result in results:
        status = result.status
        if status == "eligible":
            group = result.stacking_group
            if group is not None:
                paid[group] = max(paid.get(group, 0), result.amount or 0)
        elif status == "possible":
            if result.__class__ is ClauseResult:
                possible.append((result, result.clause.slot, result.estimate.value or 0))
            else:
                group = result.stacking_group
                slot = group if group is not None else f"clause:{result.key}"
                possible.append((result, slot, result.amount or 0))
    return paid, possible


def _stake(per_slot: dict[str, int], paid: dict[str, int]) -> int:
    """The money at stake over slots: each slot's best amount minus what its group already pays."""
    total = 0
    for slot, value in per_slot.items():
        gain = value - paid.get(slot, 0)
        if gain > 0:
            total += gain
    return total


def _rank_unlocks(paid: dict[str, int], possible: list[tuple[Any, str, int]]) -> list[Unlock]:
    gains: dict[str, dict[str, int]] = {}
    deciding: dict[str, list[str]] = {}
    for result, slot, amount in possible:
        if result.__class__ is ClauseResult:
            facts = result.unlocking  # worked out once per clause and outcomes
        else:
            facts = [m.fact for m in result.missing if m.decisive and m.fact is not None and m.kind == "fact"]
        if not facts:
            continue
        key = result.key
        for fact in facts:
            per_slot = gains.get(fact)
            if per_slot is None:
                per_slot = gains[fact] = {}
                deciding[fact] = []
            per_slot[slot] = max(per_slot.get(slot, 0), amount)
            deciding[fact].append(key)
    ranked = []
    for key, per_slot in gains.items():
        total = _stake(per_slot, paid)
        fact = lookup(key)
        clauses = tuple(deciding[key])
        # fact, label, question, unlock_yuan, clauses
        unlock = Unlock(
            key, fact.label if fact else key, fact.question if fact else f"请提供{key}", total, clauses
        )
        # Facts are unique, so the tuples never compare the entries themselves.
        ranked.append((-total, -len(clauses), key, unlock))
    ranked.sort()
    return [entry[3] for entry in ranked]


def _rank_questions(paid: dict[str, int], possible: list[tuple[Any, str, int]]) -> list[Question]:
    # key -> (the declaration, the clauses asking it, the best amount per slot)
    asked: dict[str, tuple[Any, list[dict[str, Any]], dict[str, int]]] = {}
    for result, slot, amount in possible:
        if result.__class__ is ClauseResult:
            asks = result.asks  # worked out once per clause and outcomes
        else:
            asks = [
                (m.declaration, question_entry(result.key, result.clause, m.text))
                for m in result.questions
                if m.declaration is not None
            ]
        for declaration, clause in asks:
            entry = asked.get(declaration.key)
            if entry is None:
                entry = asked[declaration.key] = (declaration, [], {})
            entry[1].append(clause.copy())
            per_slot = entry[2]
            per_slot[slot] = max(per_slot.get(slot, 0), amount)
    ranked = []
    for key, (declaration, clauses, per_slot) in asked.items():
        stake = _stake(per_slot, paid)
        # key, question, answer_type, unit, yuan_at_stake, clauses
        question = Question(
            key,
            declaration.question,
            declaration.answer_type,
            declaration.unit or None,
            stake,
            tuple(clauses),
        )
        # Keys are unique, so the tuples never compare the questions themselves.
        ranked.append((-stake, -len(clauses), key, question))
    ranked.sort()
    return [entry[3] for entry in ranked]


def build_report(
    profile: Mapping[str, Any],
    as_of: dt.date,
    results: list[ClauseResult],
    errors: list[dict[str, Any]] | None = None,
) -> MatchReport:
    """Rank results, settle stacking groups and rank the facts worth asking for."""
    results.sort(key=ClauseResult.sort_key)
    summary = totals(results)
    for choice in summary.choices:
        for member in choice.set_aside:
            member.set_aside = True
    paid, possible = _settle(results)
    return MatchReport(
        company={"credit_code": profile.get("credit_code"), "name": profile.get("name")},
        as_of=as_of,
        results=results,
        potential_yuan=totals(results, ELIGIBLE_OR_POSSIBLE).estimate,
        totals=summary,
        unlock=_rank_unlocks(paid, possible),
        errors=list(errors or ()),
        questions=_rank_questions(paid, possible),
    )
