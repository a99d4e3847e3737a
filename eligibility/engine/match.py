"""Matching one clause against one company profile at a date."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eligibility.facts import lookup

from .conditions import (
    DECLARATION,
    CompiledCondition,
    ConditionError,
    Leaf,
    Outcome,
    as_date,
    at_date,
    compile_condition,
    prepare,
)
from .declarations import Declaration, declaration_of, with_kinds
from .estimate import NO_MONEY, ClauseMoney, Estimate, clause_money
from .recognitions import rewarded_recognitions, term_start, within_term
from .regions import policy_region
from .stacking import group_id, is_exclusive

STATUSES = ("eligible", "possible", "ineligible", "not_in_force")
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass(frozen=True, slots=True)
class Reason:
    """One leaf's outcome with its Chinese sentence."""

    fact: str
    outcome: Outcome
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The reason as JSON."""
        return {"fact": self.fact, "outcome": self.outcome, "text": self.text}


@dataclass(frozen=True, slots=True)
class MissingFact:
    """A fact the profile lacks that this clause reads, or a requirement of its text no fact models."""

    fact: str | None
    question: str
    label: str
    decisive: bool
    # fact | declaration (a question only the company answers) | requirement (text no check models)
    kind: str = "fact"
    text: str | None = None
    span: tuple[int, int] | None = None
    declaration: Declaration | None = None

    def to_dict(self) -> dict[str, Any]:
        """The missing fact as JSON (requirements add kind, text and span; declarations their question)."""
        out = {"fact": self.fact, "question": self.question, "label": self.label, "decisive": self.decisive}
        if self.kind == "requirement":
            out.update(kind=self.kind, text=self.text, span=list(self.span) if self.span else None)
        elif self.kind == "declaration" and self.declaration is not None:
            out.update(kind=self.kind, text=self.text, **self.question_dict())
        return out

    def question_dict(self) -> dict[str, Any]:
        """The declaration question as JSON: key, question, answer_type and unit."""
        found = self.declaration
        if found is None:
            return {}
        return {
            "key": found.key,
            "question": found.question,
            "answer_type": found.answer_type,
            "unit": found.unit or None,
        }


def requirement_missing(requirement: Mapping[str, Any]) -> MissingFact:
    """The missing entry for a requirement as written that no condition models."""
    text = str(requirement.get("text") or "")
    span = requirement.get("span")
    note = requirement.get("note") if requirement.get("role") == "beneficiary" else None
    return MissingFact(
        fact=None,
        question=f"{note},请对照原文核实" if note else f"是否满足原文条件:{text}?",
        label=text,
        decisive=True,
        kind="requirement",
        text=text,
        span=(int(span[0]), int(span[1])) if isinstance(span, (list, tuple)) and len(span) == 2 else None,
    )


@dataclass(frozen=True, slots=True)
class Unsettled:
    """What a possible result lacks, worked out once per clause and outcomes and shared by its results."""

    missing: tuple[MissingFact, ...]
    # The declaration questions among ``missing``.
    questions: tuple[MissingFact, ...]
    # The decisive facts a profile can answer (what ``report.rank_unlocks`` ranks).
    unlocking: tuple[str, ...]
    # Each question's declaration and the clause's entry under it (``report.rank_questions`` copies it).
    asks: tuple[tuple[Declaration, dict[str, Any]], ...]


def question_entry(key: str, clause: Any, text: str | None) -> dict[str, Any]:
    """The entry of a clause asking a question: which clause, in which words."""
    return {
        "key": key,
        "policy_id": clause.policy_ref["id"],
        "policy_title": clause.policy_ref["title"],
        "clause_id": clause.clause_ref["id"],
        "number": clause.clause_ref["number"],
        "heading": clause.clause_ref["heading"],
        "text": text,
    }


def unsettled(compiled: CompiledClause, missing: tuple[MissingFact, ...]) -> Unsettled:
    """The questions, unlocking facts and question entries of a possible result of ``compiled``."""
    questions = tuple(m for m in missing if m.kind == "declaration")
    return Unsettled(
        missing=missing,
        questions=questions,
        unlocking=tuple(m.fact for m in missing if m.decisive and m.fact is not None and m.kind == "fact"),
        asks=tuple(
            (m.declaration, question_entry(compiled.key, compiled, m.text))
            for m in questions
            if m.declaration is not None
        ),
    )


@dataclass(slots=True)
class CompiledClause:
    """A clause compiled for matching: its condition, money, window and stacking group."""

    policy_ref: dict[str, Any]
    clause_ref: dict[str, Any]
    condition: CompiledCondition
    money: ClauseMoney
    effective_from: dt.date | None
    effective_until: dt.date | None
    draft: bool
    stacking_group: str | None
    order: tuple[int, int]
    evidence: dict[str, Any] | None = None
    # Requirements of the text (its own and its parents') that no condition leaf models (kind "open").
    unmodelled: tuple[MissingFact, ...] = ()
    # Declarations the clause asks (fact "declaration.<key>" -> the declaration and its words).
    declarations: dict[str, tuple[Declaration, str]] = field(default_factory=dict)
    # Requirements decided by the review (经评审, 择优 ...): shown beside the result, never uncertain.
    review: tuple[str, ...] = ()
    # What possible results lack, by leaf outcomes and the unknown facts of the leaves whose unknown
    # facts depend on the profile (see ``_missing``).
    missing_cache: dict[tuple, Unsettled] = field(default_factory=dict)
    # Leaves whose unknown facts depend on the profile (region and size leaves): (index, unknown_facts).
    variable_leaves: tuple[tuple[int, Callable[[Mapping[str, Any]], tuple[str, ...]]], ...] = ()
    # "policy id:clause id", and the stacking slot the report ranks it in (its group, else itself).
    key: str = ""
    slot: str = ""
    # The estimate when the clause does not pay (ineligible, not in force), and when it pays the
    # same whatever the profile (None when it reads the profile); set on creation.
    unpaid: Estimate = NO_MONEY
    fixed_estimate: Estimate | None = None
    # Alternatives paying different caps (对A给予30万;对B给予50万): each one's condition and cap.
    alternative_caps: tuple[tuple[CompiledCondition, int], ...] = ()

    def __post_init__(self) -> None:
        self.key = f"{self.policy_ref['id']}:{self.clause_ref['id']}"
        self.slot = self.stacking_group if self.stacking_group is not None else f"clause:{self.key}"
        self.unpaid = Estimate(self.money.cap, 0)
        self.fixed_estimate = None if self.money.reads_profile else self.money.estimate({})
        self.variable_leaves = tuple(
            (leaf.index, leaf.unknown_facts)
            for leaf in self.condition.leaves
            if not getattr(leaf.unknown_facts, "constant", False)
        )

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the policy is in force on ``as_of`` (open ends allowed)."""
        if self.effective_from is not None and as_of < self.effective_from:
            return False
        return not (self.effective_until is not None and as_of > self.effective_until)


@dataclass(slots=True)
class ClauseResult:
    """The match of one clause: status, every leaf's outcome, missing facts and the money estimate."""

    clause: CompiledClause
    status: str
    outcomes: list[Outcome]
    found_missing: tuple[MissingFact, ...] | None
    estimate: Estimate
    set_aside: bool = False
    # The prepared profile, kept so missing facts are worked out only when someone reads them.
    view: Mapping[str, Any] | None = None
    # What a possible result lacks, with its questions (worked out with ``missing``).
    found_unsettled: Unsettled | None = None

    @property
    def missing(self) -> tuple[MissingFact, ...]:
        """Facts and questions whose answers would decide the clause (worked out on first use)."""
        if self.found_missing is None:
            found = _missing(self.clause, self.view or {}, self.outcomes)
            self.found_unsettled, self.found_missing = found, found.missing
            self.view = None
        return self.found_missing

    def _unsettled(self) -> Unsettled:
        found = self.found_unsettled
        if found is None:
            missing = self.missing
            found = self.found_unsettled
            if found is None:
                found = self.found_unsettled = unsettled(self.clause, missing)
        return found

    @property
    def unlocking(self) -> tuple[str, ...]:
        """The decisive facts a profile can answer, when the clause is possible."""
        return self._unsettled().unlocking if self.status == "possible" else ()

    @property
    def asks(self) -> tuple[tuple[Declaration, dict[str, Any]], ...]:
        """Each unanswered question's declaration and this clause's entry under it, when possible."""
        return self._unsettled().asks if self.status == "possible" else ()

    @property
    def by_declaration(self) -> bool:
        """Eligible because the company declared something the clause asks (可申报 — 依据贵企业的声明)."""
        if self.status != "eligible" or not self.clause.declarations:
            return False
        return any(
            outcome is True and leaf.fact.startswith(DECLARATION)
            for leaf, outcome in zip(self.clause.condition.leaves, self.outcomes, strict=True)
        )

    @property
    def questions(self) -> list[MissingFact]:
        """The declaration questions still unanswered for this clause."""
        if self.status not in ("possible",):
            return []
        return list(self._unsettled().questions)

    @property
    def reasons(self) -> list[Reason]:
        """Every leaf with its outcome and sentence, in the clause's order."""
        return [
            Reason(leaf.fact, outcome, leaf.text(outcome))
            for leaf, outcome in zip(self.clause.condition.leaves, self.outcomes, strict=True)
        ]

    @property
    def stacking_group(self) -> str | None:
        """The clause's stacking group, or None when it stacks with everything."""
        return self.clause.stacking_group

    @property
    def draft(self) -> bool:
        """Whether the policy is a draft (草案 / 征求意见稿)."""
        return self.clause.draft

    @property
    def amount(self) -> int | None:
        """The money this result is worth when paid: computed amount, else the cap; None if not modelled."""
        return self.estimate.value

    @property
    def known_yuan(self) -> int | None:
        """The computed amount, None when only the cap is known."""
        return self.estimate.yuan

    @property
    def key(self) -> str:
        """A stable identifier of the clause within the report."""
        return self.clause.key

    def sort_key(self) -> tuple:
        """Eligible first (largest money first), then possible, then the rest."""
        amount = self.estimate.value
        return (STATUS_RANK[self.status], 1 if amount is None else -amount, self.clause.order)

    def to_dict(self) -> dict[str, Any]:
        """The result in the shape of the ``match`` command's JSON."""
        return {
            "policy": self.clause.policy_ref,
            "clause": self.clause.clause_ref,
            "status": self.status,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "missing": [m.to_dict() for m in self.missing],
            "estimate": self.estimate.to_dict(),
            "stacking_group": self.stacking_group,
            "draft": self.draft,
            "set_aside": self.set_aside,
            "evidence": self.clause.evidence,
            "by_declaration": self.by_declaration,
            "review": [f"以评审结果为准: {text}" for text in self.clause.review],
            "questions": [{**m.question_dict(), "text": m.text} for m in self.questions],
        }


# --- compiling policies -------------------------------------------------------------------------


@dataclass(slots=True)
class CompiledPolicy:
    """The matchable clauses of one policy, and the clauses that failed to compile."""

    clauses: list[CompiledClause]
    by_clause: dict[Any, CompiledClause]
    errors: list[dict[str, Any]] = field(default_factory=list)


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


_CACHE: OrderedDict[tuple, CompiledPolicy] = OrderedDict()
_CACHE_SIZE = 512


def compile_policy(policy: Mapping[str, Any], *, position: int = 0) -> CompiledPolicy:
    """Compile every clause of a policy once; cached by the policy's id and content hash."""
    key = (policy.get("id"), position, _digest(policy))
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return cached
    compiled = _compile_policy(policy, position)
    _CACHE[key] = compiled
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return compiled


def _has_money(clause: Mapping[str, Any]) -> bool:
    return clause_money(clause).modelled


def _compile_policy(policy: Mapping[str, Any], position: int) -> CompiledPolicy:
    clauses = [c for c in policy.get("clauses") or () if isinstance(c, Mapping)]
    # by_clause is keyed by the clause's position among the policy's clauses.
    numbers = {c.get("number"): c for c in clauses if isinstance(c.get("number"), str)}
    exclusive = is_exclusive(policy.get("stacking"))
    region = policy_region(policy)
    result = CompiledPolicy(clauses=[], by_clause={})
    for index, clause in enumerate(clauses):
        number = clause.get("number")
        # A clause whose sub-items carry the money is a container: its sub-items are matched instead.
        if isinstance(number, str) and any(
            other.get("number", "").startswith(number + "/") and _has_money(other)
            for other in clauses
            if isinstance(other.get("number"), str)
        ):
            continue
        try:
            compiled = compile_clause(
                clause, policy, region=region, exclusive=exclusive, order=(position, index), numbers=numbers
            )
        except ConditionError as error:
            result.errors.append(
                {"policy": policy.get("id"), "clause": clause.get("id"), "error": str(error)}
            )
            continue
        result.by_clause[index] = compiled
        if clause.get("kind", "support") == "support":
            result.clauses.append(compiled)
    return result


def _inherited(clause: Mapping[str, Any], numbers: Mapping[str, Mapping[str, Any]]) -> Any:
    """The clause's conditions joined with those of its parent items (第六条 for 第六条/(一))."""
    number = clause.get("number")
    parts: list[Any] = []
    if isinstance(number, str):
        labels = number.split("/")
        for depth in range(1, len(labels)):
            parent = numbers.get("/".join(labels[:depth]))
            if parent is not None and parent.get("conditions"):
                parts.append(parent["conditions"])
    if clause.get("conditions"):
        parts.append(clause["conditions"])
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"all": parts}


def _requirement_items(
    clause: Mapping[str, Any], numbers: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Requirement items of the clause and of its parents' own words (not their other sub-items), with kinds."""
    found: list[dict[str, Any]] = []
    number = clause.get("number")
    chain: list[Mapping[str, Any]] = []
    if isinstance(number, str):
        labels = number.split("/")
        for depth in range(1, len(labels)):
            parent = numbers.get("/".join(labels[:depth]))
            if parent is not None:
                chain.append(parent)
    for owner in [*chain, clause]:
        subs = [
            c.get("span")
            for key, c in numbers.items()
            if owner is not clause and isinstance(key, str) and key.startswith(f"{owner.get('number')}/")
        ]
        for req in owner.get("requirements") or ():
            if not isinstance(req, Mapping) or (owner is not clause and req.get("intro")):
                continue  # a parent's sentence announcing its sub-items asks nothing of them
            span = req.get("span")
            inside_sub = isinstance(span, (list, tuple)) and any(
                isinstance(sub, (list, tuple)) and sub[0] <= span[0] and span[1] <= sub[1] for sub in subs
            )
            if not inside_sub:
                found.extend(with_kinds(dict(req)))
    return found


@dataclass(slots=True)
class _Requirements:
    """What a clause's requirement items add to matching, by kind."""

    conditions: list[Any] = field(default_factory=list)
    declarations: dict[str, tuple[Declaration, str]] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)
    unmodelled: list[MissingFact] = field(default_factory=list)
    # (condition, cap) per alternative when every alternative states what it pays and they differ
    alternative_caps: list[tuple[Any, int]] = field(default_factory=list)


def _requirements(items: list[dict[str, Any]]) -> _Requirements:
    """Sort requirement items by kind: attached conditions, declaration leaves, review notes, open text.

    "Who gets it not written" (role beneficiary) stays open unless another item of the clause or of
    its parents says who: a parent's 对…的企业 names the beneficiary of its sub-items.
    """
    out = _Requirements()
    alternatives: dict[Any, list[Any]] = {}
    caps: dict[Any, int] = {}
    named = any(i.get("kind") in ("fact", "declaration") and i.get("role") != "beneficiary" for i in items)
    for item in items:
        if item.get("role") == "beneficiary" and item.get("kind") == "open" and named:
            continue
        kind = item.get("kind")
        text = str(item.get("text") or "")
        cap = item.get("cap_yuan")
        if item.get("alternative") is not None and isinstance(cap, int) and not isinstance(cap, bool):
            caps[item["alternative"]] = cap
        if kind == "fact":
            condition = item.get("condition") if isinstance(item.get("condition"), Mapping) else None
            if item.get("alternative") is not None:
                # an alternative settled by facts alone: its condition, or nothing more to ask
                alternatives.setdefault(item["alternative"], []).append(condition or {"all": []})
                shared = item.get("shared") if isinstance(item.get("shared"), list) else []
                for index in shared if condition is not None else ():
                    alternatives.setdefault(index, []).append(condition)  # a later year's, same applicant
            elif condition is not None:
                out.conditions.append(condition)  # a condition an admin attached to the phrase
        elif kind == "declaration":
            found = declaration_of(item)
            if found is None:
                out.unmodelled.append(requirement_missing(item))
            else:
                fact = DECLARATION + found.key
                first = fact not in out.declarations
                out.declarations.setdefault(fact, (found, text))
                alternative = item.get("alternative")
                if alternative is not None:
                    # a question about spending other rates of the same support pay on is theirs too
                    shared = item.get("shared") if isinstance(item.get("shared"), list) else []
                    for index in (alternative, *shared):
                        alternatives.setdefault(index, []).append(found.leaf(text))
                    if isinstance(item.get("condition"), Mapping):
                        # a threshold in the question's words, checked on the profile's facts
                        alternatives[alternative].append(item["condition"])
                elif first:
                    out.conditions.append(found.leaf(text))
        elif kind == "review":
            if text and text not in out.review:
                out.review.append(text)
        elif kind == "open":
            out.unmodelled.append(requirement_missing(item))
    # Requirements of different benefits (对A…给予X;对B…给予Y): one alternative's questions suffice.
    groups = [{"all": leaves} if len(leaves) > 1 else leaves[0] for leaves in alternatives.values()]
    branches = max((i.get("branches") or 0 for i in items if isinstance(i.get("branches"), int)), default=0)
    if groups and {"all": []} not in groups and len(groups) >= branches:
        out.conditions.append({"any": groups} if len(groups) > 1 else groups[0])
        # the result is paid through one of these alternatives (benefits whose requirements were not
        # read are not among them): its cap is the best of those that hold
        if set(caps) == set(alternatives):
            out.alternative_caps = [
                ({"all": leaves} if len(leaves) > 1 else leaves[0], caps[index])
                for index, leaves in alternatives.items()
            ]
    return out


def compile_clause(
    clause: Mapping[str, Any],
    policy: Mapping[str, Any],
    *,
    region: Any = None,
    exclusive: bool | None = None,
    order: tuple[int, int] = (0, 0),
    numbers: Mapping[str, Mapping[str, Any]] | None = None,
) -> CompiledClause:
    """Compile one clause in its policy's context (region, window, stacking rule)."""
    if region is None:
        region = policy_region(policy)
    if exclusive is None:
        exclusive = is_exclusive(policy.get("stacking"))
    reqs = _requirements(_requirement_items(clause, numbers or {}))
    expr = _inherited(clause, numbers or {})
    if reqs.conditions:
        expr = {"all": [expr, *reqs.conditions]} if expr else {"all": reqs.conditions}
    alternatives = [alt for alt, _ in reqs.alternative_caps]
    since = term_start(policy)
    rewarded = rewarded_recognitions(clause) if since else set()
    if rewarded and since:
        expr = within_term(expr, rewarded, since)
        alternatives = [within_term(alt, rewarded, since) for alt in alternatives]
    condition = compile_condition(expr, context=region, implicit_region=region)
    money = clause_money(clause)
    alternative_caps = tuple(
        (compile_condition(alt, context=region), cap)
        for alt, (_, cap) in zip(alternatives, reqs.alternative_caps, strict=True)
    )
    return CompiledClause(
        policy_ref={"id": policy.get("id"), "title": policy.get("title"), "region": policy.get("region")},
        clause_ref={"id": clause.get("id"), "number": clause.get("number"), "heading": clause.get("heading")},
        condition=condition,
        money=money,
        effective_from=as_date(policy.get("effective_from")),
        effective_until=as_date(policy.get("effective_until")),
        draft=bool(policy.get("is_draft")),
        stacking_group=group_id(policy) if exclusive and money.modelled else None,
        order=order,
        evidence=_evidence(clause),
        unmodelled=tuple(reqs.unmodelled),
        declarations=reqs.declarations,
        review=tuple(reqs.review),
        alternative_caps=alternative_caps,
    )


def _evidence(clause: Mapping[str, Any]) -> dict[str, Any] | None:
    """Where the clause and its money are stated in the policy text (offsets), when known."""
    benefits = [b.get("evidence") for b in clause.get("benefits") or () if isinstance(b, Mapping)]
    evidence = {"span": clause.get("span"), "benefits": [e for e in benefits if e]}
    return evidence if evidence["span"] or evidence["benefits"] else None


# --- matching -------------------------------------------------------------------------------------


def as_of_date(as_of: dt.date | str | None) -> dt.date:
    """The matching date: a date, an ISO string, or today when None."""
    if as_of is None:
        return dt.date.today()
    day = as_date(as_of)
    if day is None:
        raise ValueError(f"as_of must be a date or YYYY-MM-DD, got {as_of!r}")
    return day


def _missing(compiled: CompiledClause, view: Mapping[str, Any], outcomes: Sequence[Outcome]) -> Unsettled:
    """The clause's missing facts and questions (with its unmodelled requirements) and what follows.

    They depend only on the leaf outcomes and on the unknown facts of the unknown leaves, which are
    fixed for most leaves and read from the profile for the others (``variable_leaves``): cached by both.
    """
    key: tuple = tuple(outcomes)
    if compiled.variable_leaves:
        read = [unknown(view) for i, unknown in compiled.variable_leaves if outcomes[i] is None]
        if read:  # (outcomes, facts...) never equals a tuple of outcomes alone
            key = (key, *read)
    found = compiled.missing_cache.get(key)
    if found is None:
        found = unsettled(compiled, _missing_now(compiled, view, outcomes) + compiled.unmodelled)
        if len(compiled.missing_cache) < 512:
            compiled.missing_cache[key] = found
    return found


def _missing_now(compiled: CompiledClause, view: Mapping[str, Any], outcomes: Sequence[Outcome]) -> tuple:
    condition = compiled.condition
    found: list[MissingFact] = []
    top = condition.top
    for key, indexes in condition.missing_facts(view, outcomes).items():
        # Unknown top-level conjuncts of an unknown whole: false would make it false, so they decide it.
        decisive = all(i in top for i in indexes) or len(condition.outcomes_when(outcomes, indexes)) > 1
        asked = compiled.declarations.get(key)
        if asked is not None:
            declaration, text = asked
            found.append(
                MissingFact(
                    fact=key,
                    question=declaration.question,
                    label=text or declaration.question,
                    decisive=decisive,
                    kind="declaration",
                    text=text,
                    declaration=declaration,
                )
            )
            continue
        fact = lookup(key)
        found.append(
            MissingFact(
                fact=key,
                question=fact.question if fact else f"请提供{key}",
                label=fact.label if fact else key,
                decisive=decisive,
            )
        )
    found.sort(key=lambda m: not m.decisive)
    return tuple(found)


def evaluate(compiled: CompiledClause, view: Mapping[str, Any], as_of: dt.date) -> ClauseResult:
    """Match a compiled clause against a prepared profile view."""
    condition = compiled.condition  # CompiledCondition.evaluate, inlined: this is the hot loop
    outcomes = [test(view) for test in condition.tests]
    outcome = condition.combine(outcomes)
    if not compiled.in_force(as_of):
        return ClauseResult(compiled, "not_in_force", outcomes, (), compiled.unpaid)
    if outcome is False:
        return ClauseResult(compiled, "ineligible", outcomes, (), compiled.unpaid)
    estimate = compiled.fixed_estimate
    if estimate is None:
        estimate = compiled.money.estimate(view)
    # A requirement of the text no condition models caps the clause at possible: region alone never qualifies.
    if outcome is True:
        if compiled.unmodelled:
            return ClauseResult(compiled, "possible", outcomes, compiled.unmodelled, estimate)
        if compiled.alternative_caps:
            estimate = _best_alternative(compiled, view, estimate)
        return ClauseResult(compiled, "eligible", outcomes, (), estimate)
    return ClauseResult(compiled, "possible", outcomes, None, estimate, False, view)


def _best_alternative(compiled: CompiledClause, view: Mapping[str, Any], estimate: Estimate) -> Estimate:
    """An eligible clause is worth the best of its alternatives that hold, not its largest amount."""
    held = [cap for condition, cap in compiled.alternative_caps if condition.evaluate(view)[0] is True]
    if not held:
        return estimate
    cap = max(held)
    ceiling = cap if estimate.max_yuan is None else min(estimate.max_yuan, cap)
    yuan = None if estimate.yuan is None else min(estimate.yuan, ceiling)
    return Estimate(ceiling, yuan, estimate.basis, estimate.base_fact)


def find_compiled(clause: Mapping[str, Any], policy: Mapping[str, Any]) -> CompiledClause:
    """The compiled form of a clause of ``policy`` (compiled alone when it is not among its clauses)."""
    members = [m for m in policy.get("clauses") or () if isinstance(m, Mapping)]
    index = next((i for i, m in enumerate(members) if m is clause), None)
    if index is None:
        index = next((i for i, m in enumerate(members) if m == clause), None)
    if index is not None:
        found = compile_policy(policy).by_clause.get(index)
        if found is not None:
            return found
    numbers = {m.get("number"): m for m in members if isinstance(m.get("number"), str)}
    return compile_clause(clause, policy, numbers=numbers)


def match_clause(
    clause: Mapping[str, Any],
    policy: Mapping[str, Any],
    profile: Mapping[str, Any],
    as_of: dt.date | str | None = None,
) -> ClauseResult:
    """Match one clause of ``policy`` against a company ``profile`` on ``as_of`` (default today).

    Status is eligible | possible | ineligible | not_in_force; drafts are matched and flagged.
    Raises ConditionError when the clause's conditions are invalid.
    """
    day = as_of_date(as_of)
    return evaluate(find_compiled(clause, policy), at_date(prepare(profile), day), day)


__all__ = [
    "STATUSES",
    "ClauseResult",
    "CompiledClause",
    "CompiledPolicy",
    "Leaf",
    "MissingFact",
    "Reason",
    "as_of_date",
    "compile_clause",
    "compile_policy",
    "evaluate",
    "match_clause",
    "requirement_missing",
]
