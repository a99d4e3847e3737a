"""Money a clause may pay: its cap, and ratio x base when the base is a known fact.

Three cases stay apart: "not modelled" (the clause states no money: ``max_yuan`` None), "amount
unknown" (an interval [0, max_yuan]: ``yuan`` None) and a computed amount (``yuan``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eligibility.facts import FACTS

from .conditions import as_number
from .text import format_money

MONETARY_KINDS = frozenset({"grant", "subsidy", "award", "matching", "rent", "voucher"})

# Benefit "base" words -> the fact holding that base; the first matching word wins.
BASE_FACTS: tuple[tuple[str, str], ...] = (
    ("设备", "equipment_investment_yuan"),
    ("软硬件", "equipment_investment_yuan"),
    ("研发", "rd_expense_last_year_yuan"),
    ("融资", "financing_yuan"),
    ("投资", "project_investment_yuan"),
    ("投入", "project_investment_yuan"),
)


def base_fact(base: object) -> str | None:
    """The fact a benefit's base stands for: 项目总投资 -> project_investment_yuan; else None."""
    if not isinstance(base, str):
        return None
    for word, key in BASE_FACTS:
        if word in base:
            return key
    return None


@dataclass(frozen=True, slots=True)
class Formula:
    """One monetary benefit: pays ``ratio`` x the base fact, capped at ``cap``."""

    cap: int | None
    ratio: float | None
    base: str | None  # fact key
    base_words: str = ""
    # The range of the clause's bracket figure this tier pays for: (min, min inclusive, max, max
    # inclusive), None bounds open; None when the benefit is not a tier.
    bracket: tuple[float | None, bool, float | None, bool] | None = None

    def holds(self, value: float) -> bool:
        """Whether ``value`` of the bracket figure falls in this tier."""
        if self.bracket is None:
            return False
        low, low_in, high, high_in = self.bracket
        if low is not None and (value < low or (value == low and not low_in)):
            return False
        return not (high is not None and (value > high or (value == high and not high_in)))


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a clause may pay: ``max_yuan`` (None = not modelled) and ``yuan`` (None = in [0, max])."""

    max_yuan: int | None
    yuan: int | None
    basis: str = ""
    base_fact: str | None = None  # the fact that would turn the interval into an amount

    @property
    def value(self) -> int | None:
        """The amount when known, else the ceiling; None when not modelled."""
        return self.yuan if self.yuan is not None else self.max_yuan

    def to_dict(self) -> dict[str, Any]:
        """The estimate as JSON."""
        out: dict[str, Any] = {"max_yuan": self.max_yuan, "yuan": self.yuan}
        if self.basis:
            out["basis"] = self.basis
        if self.base_fact and self.yuan is None:
            out["needs"] = self.base_fact
        return out


NO_MONEY = Estimate(None, None)


def _int(value: object) -> int | None:
    number = as_number(value)
    return None if number is None or number < 0 else round(number)


@dataclass(frozen=True, slots=True)
class ClauseMoney:
    """The compiled money of a clause: its cap and the formulas of its monetary benefits."""

    cap: int | None
    formulas: tuple[Formula, ...]
    bracket_fact: str | None = None  # the figure whose value selects the tier paid (tiered clauses)

    @property
    def modelled(self) -> bool:
        """Whether the clause states any money."""
        return self.cap is not None

    @property
    def reads_profile(self) -> bool:
        """Whether ``estimate`` reads the profile (a tier figure, or a first formula with ratio and base)."""
        return self.bracket_fact is not None or (
            bool(self.formulas) and self.formulas[0].ratio is not None and self.formulas[0].base is not None
        )

    def estimate(self, view: Mapping[str, Any]) -> Estimate:
        """The estimate for a prepared profile; ``yuan`` only when every monetary benefit computes.

        A tiered clause pays the tier its figure falls in: when the figure is known only that tier
        (and the clause's untiered benefits) count, the one with the highest lower bound when stated
        tiers overlap (1000万以上…;5000万以上…); unknown, the estimate is the range up to the top cap.
        """
        if self.cap is None and not self.formulas:
            return NO_MONEY
        formulas, cap, prefix = self.formulas, self.cap, ""
        if self.bracket_fact is not None:
            value = as_number(view.get(self.bracket_fact))
            label = FACTS[self.bracket_fact].label if self.bracket_fact in FACTS else self.bracket_fact
            if value is None or value < 0:
                caps = sorted({f.cap for f in formulas if f.bracket is not None and f.cap is not None})
                spread = (
                    f",各档最高{format_money(caps[0])}至{format_money(caps[-1])}" if len(caps) > 1 else ""
                )
                return Estimate(self.cap, None, basis=f"按{label}分档{spread}", base_fact=self.bracket_fact)
            held = [f for f in formulas if f.holds(value)]
            held.sort(
                key=lambda f: float("-inf") if f.bracket is None or f.bracket[0] is None else f.bracket[0]
            )
            formulas = tuple(f for f in formulas if f.bracket is None) + tuple(held[-1:])
            if not formulas:
                return Estimate(0, 0, basis=f"{label}{format_money(value)},不在任何支持档位")
            caps = [f.cap for f in formulas]
            # an uncapped tier (50亿元以上的,按15%给予补助) has no ceiling but its computed amount
            cap = max(c for c in caps if c is not None) if None not in caps else None
            prefix = f"{label}{format_money(value)}所在档位: "
            # a tier's ratio with no base of its own is of the figure that selects the tier
            formulas = tuple(
                Formula(f.cap, f.ratio, self.bracket_fact, f.base_words, f.bracket)
                if f.bracket is not None and f.ratio is not None and f.base is None and not f.base_words
                else f
                for f in formulas
            )
        amounts: list[int] = []
        basis: list[str] = []
        needs: str | None = None
        for formula in formulas:
            if formula.ratio is None or formula.base is None:
                cap = self.cap if cap is None else cap
                return Estimate(
                    cap, None, basis=prefix + f"最高{format_money(cap)}" if prefix and cap else ""
                )
            base = as_number(view.get(formula.base))
            if base is None or base < 0:
                needs = needs or formula.base
                continue
            amount = round(formula.ratio * base)
            label = FACTS[formula.base].label if formula.base in FACTS else formula.base
            text = f"{label}{format_money(base)} × {formula.ratio * 100:g}%"
            if formula.cap is not None and amount > formula.cap:
                amount = formula.cap
                text += f",上限{format_money(formula.cap)}"
            amounts.append(amount)
            basis.append(text)
        if needs is not None or not amounts:
            return Estimate(self.cap if cap is None else cap, None, base_fact=needs)
        yuan = max(amounts)
        if cap is not None:
            yuan = min(yuan, cap)
        ceiling = yuan if cap is None and self.bracket_fact is not None else cap
        return Estimate(ceiling, yuan, basis=prefix + "; ".join(basis))


def clause_money(clause: Mapping[str, Any]) -> ClauseMoney:
    """Compile a clause's money from INGEST_JSON fields (max_amount_yuan, amounts_yuan, benefits)."""
    if (clause.get("currency") or "CNY") != "CNY":
        # Estimates and totals are in yuan: an amount in 港元/澳门元/新台币/美元 is never added to them
        # or compared with them, so such a clause is matched without a yuan estimate.
        return ClauseMoney(cap=None, formulas=())
    formulas: list[Formula] = []
    caps: list[int] = []
    tier_facts: set[str] = set()
    for benefit in clause.get("benefits") or ():
        if not isinstance(benefit, Mapping) or benefit.get("kind", "grant") not in MONETARY_KINDS:
            continue
        cap = _int(benefit.get("cap_yuan"))
        ratio = as_number(benefit.get("ratio"))
        if cap is not None:
            caps.append(cap)
        if cap is None and ratio is None:
            continue
        words = benefit.get("base") if isinstance(benefit.get("base"), str) else ""
        tier = _bracket(benefit.get("bracket"))
        if tier is not None:
            tier_facts.add(tier[0])
        formulas.append(
            Formula(
                cap=cap,
                ratio=ratio,
                base=base_fact(words),
                base_words=words or "",
                bracket=None if tier is None else tier[1],
            )
        )
    cap = _int(clause.get("max_amount_yuan"))
    if cap is None and caps:
        cap = max(caps)
    if cap is None:
        amounts = [a for a in (_int(v) for v in clause.get("amounts_yuan") or ()) if a is not None]
        cap = max(amounts) if amounts else None
    if len(tier_facts) != 1 or sum(f.bracket is not None for f in formulas) < 2:
        # not tiered on one figure: every benefit counts as before
        formulas = [Formula(f.cap, f.ratio, f.base, f.base_words) for f in formulas]
        return ClauseMoney(cap=cap, formulas=tuple(formulas))
    return ClauseMoney(cap=cap, formulas=tuple(formulas), bracket_fact=next(iter(tier_facts)))


def _bracket(raw: object) -> tuple[str, tuple[float | None, bool, float | None, bool]] | None:
    """A benefit's ``bracket`` (INGEST_JSON) as (fact, (min, min inclusive, max, max inclusive))."""
    if not isinstance(raw, Mapping) or raw.get("fact") not in FACTS:
        return None
    low, high = as_number(raw.get("min")), as_number(raw.get("max"))
    if low is None and high is None:
        return None
    return raw["fact"], (
        low,
        raw.get("min_inclusive") is not False,
        high,
        raw.get("max_inclusive") is not False,
    )
