"""A company's ranked matches: totals respecting stacking, set-aside alternatives, facts that unlock money."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eligibility.facts import lookup

from .match import ClauseResult
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
    paid: dict[str, int] = {}
    gains: dict[str, dict[str, int]] = {}
    deciding: dict[str, list[str]] = {}
    for result in results:
        status = result.status
        if status == "eligible":
            group = result.stacking_group
            if group is not None:
                paid[group] = max(paid.get(group, 0), result.amount or 0)
            continue
        if status != "possible":
            continue
        facts = [m.fact for m in result.missing if m.decisive and m.fact is not None and m.kind == "fact"]
        if not facts:
            continue
        group = result.stacking_group
        key = result.key
        slot = group if group is not None else f"clause:{key}"
        amount = result.amount or 0
        for fact in facts:
            per_group = gains.setdefault(fact, {})
            per_group[slot] = max(per_group.get(slot, 0), amount)
            deciding.setdefault(fact, []).append(key)
    unlocks = []
    for key, per_group in gains.items():
        total = sum(max(0, value - paid.get(slot, 0)) for slot, value in per_group.items())
        fact = lookup(key)
        unlocks.append(
            Unlock(
                fact=key,
                label=fact.label if fact else key,
                question=fact.question if fact else f"请提供{key}",
                unlock_yuan=total,
                clauses=tuple(deciding[key]),
            )
        )
    unlocks.sort(key=lambda u: (-u.unlock_yuan, -len(u.clauses), u.fact))
    return unlocks


def rank_questions(results: Iterable[ClauseResult]) -> list[Question]:
    """Unanswered declaration questions ranked by the money they would settle.

    A question's stake is, per stacking group, the best possible clause asking it (minus what the
    group already pays); clauses outside groups add up. Every possible result asking it is listed.
    """
    paid: dict[str, int] = {}
    possible = []
    for result in results:
        status = result.status
        if status == "eligible":
            group = result.stacking_group
            if group is not None:
                paid[group] = max(paid.get(group, 0), result.amount or 0)
        elif status == "possible":
            possible.append(result)
    # key -> (the declaration, the clauses asking it, the best amount per slot)
    asked: dict[str, tuple[Any, list[dict[str, Any]], dict[str, int]]] = {}
    for result in possible:
        questions = result.questions
        if not questions:
            continue
        group = result.stacking_group
        slot = group if group is not None else f"clause:{result.key}"
        amount = result.amount or 0
        for missing in questions:
            declaration = missing.declaration
            if declaration is None:
                continue
            entry = asked.get(declaration.key)
            if entry is None:
                entry = asked[declaration.key] = (declaration, [], {})
            entry[1].append(_question_clause(result, missing.text))
            per_slot = entry[2]
            per_slot[slot] = max(per_slot.get(slot, 0), amount)
    ranked = []
    for key, (declaration, clauses, per_slot) in asked.items():
        stake = 0
        for slot, value in per_slot.items():
            gain = value - paid.get(slot, 0)
            if gain > 0:
                stake += gain
        question = Question(
            key=key,
            question=declaration.question,
            answer_type=declaration.answer_type,
            unit=declaration.unit or None,
            yuan_at_stake=stake,
            clauses=tuple(clauses),
        )
        # Keys are unique, so the tuples never compare the questions themselves.
        ranked.append((-stake, -len(clauses), key, question))
    ranked.sort()
    return [entry[3] for entry in ranked]


def _question_clause(result: Any, text: str | None) -> dict[str, Any]:
    """The clause entry of a question: which clause asks it, in which words (a fresh dict each time).

    The entry depends only on the clause and the words, so an engine result's clause keeps it.
    """
    clause = result.clause
    cache = getattr(clause, "question_refs", None)
    found = cache.get(text) if cache is not None else None
    if found is None:
        found = {
            "key": result.key,
            "policy_id": clause.policy_ref["id"],
            "policy_title": clause.policy_ref["title"],
            "clause_id": clause.clause_ref["id"],
            "number": clause.clause_ref["number"],
            "heading": clause.clause_ref["heading"],
            "text": text,
        }
        if cache is not None:
            cache[text] = found
    return dict(found)


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
    return MatchReport(
        company={"credit_code": profile.get("credit_code"), "name": profile.get("name")},
        as_of=as_of,
        results=results,
        potential_yuan=totals(results, ELIGIBLE_OR_POSSIBLE).estimate,
        totals=summary,
        unlock=rank_unlocks(results),
        errors=list(errors or ()),
        questions=rank_questions(results),
    )
