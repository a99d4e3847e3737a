"""Stacking: clauses of a policy that says 从优不重复 / 就高不重复 / 不重复享受 are worth their best member.

Totals, as reported by ``totals``:

- ``total_estimate_yuan`` counts eligible clauses only. Each stacking group contributes its best
  eligible member and every clause outside a group contributes itself. A member is worth its computed
  ``yuan`` when known, else its ``max_yuan``: the total is therefore a ceiling ("up to"), never a sum
  of alternatives the policy forbids combining.
- ``total_range`` is ``{"low", "high"}``: ``low`` counts, per group, the best *computed* amount
  (0 when none is computed), ``high`` equals ``total_estimate_yuan``. Eligible clauses that state no
  money ("not modelled") add to neither and are counted in ``unmodelled``.
- ``total_potential_yuan`` is the same ceiling over eligible and possible clauses: what the company
  could get if every open question were answered in its favour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

STACKING_RULE = re.compile(
    r"不重复|就高|从优|从高|最优|择一|择优不叠加|不叠加|不同时享受|不再同时享受|不得重复"
)


def is_exclusive(stacking: object) -> bool:
    """Whether a policy's stacking text forbids stacking its clauses (从优不重复, 就高原则 ...)."""
    return isinstance(stacking, str) and STACKING_RULE.search(stacking) is not None


def group_id(policy: Mapping[str, Any]) -> str:
    """The stacking group id of a policy: ``policy:<id>`` (the title when it has no id yet)."""
    key = policy.get("id")
    return f"policy:{key if key is not None else policy.get('title', '')}"


@dataclass(slots=True)
class GroupChoice:
    """The member a stacking group pays and the eligible alternatives set aside."""

    group: str
    chosen: Any
    set_aside: list[Any] = field(default_factory=list)


@dataclass(slots=True)
class Totals:
    """Totals over eligible results, respecting stacking groups."""

    estimate: int
    low: int
    high: int
    unmodelled: int
    choices: list[GroupChoice]


def best_of(members: Iterable[Any]) -> Any:
    """The member worth most (its known amount, else its cap); ties keep the first."""
    best, best_value = None, -1
    for member in members:
        value = member.amount if member.amount is not None else -1
        if best is None or value > best_value:
            best, best_value = member, value
    return best


ELIGIBLE_ONLY = frozenset({"eligible"})
ELIGIBLE_OR_POSSIBLE = frozenset({"eligible", "possible"})


def totals(results: Iterable[Any], statuses: frozenset[str] = ELIGIBLE_ONLY) -> Totals:
    """Totals of results with these statuses: best member per stacking group, others stack."""
    groups: dict[str, list[Any]] = {}
    low = high = unmodelled = 0
    for result in results:
        if result.status not in statuses:
            continue
        if result.amount is None:
            unmodelled += 1
            continue
        if result.stacking_group is None:
            high += result.amount
            low += result.known_yuan or 0
        else:
            groups.setdefault(result.stacking_group, []).append(result)
    choices: list[GroupChoice] = []
    for group, members in groups.items():
        chosen = best_of(members)
        high += chosen.amount
        low += max((m.known_yuan or 0 for m in members), default=0)
        choices.append(GroupChoice(group, chosen, [m for m in members if m is not chosen]))
    return Totals(estimate=high, low=low, high=high, unmodelled=unmodelled, choices=choices)
