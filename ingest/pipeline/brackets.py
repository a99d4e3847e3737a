"""Brackets of a tiered clause: which benefit pays for which range of one figure.

"研发费用在5000万元(含)以内的,按3%给予最高150万元补助;5000万元至1亿元(含)的,按7%给予最高700万元补助;
…;50亿元以上的,按15%给予补助" pays one tier, the one the applicant's figure falls in. Each benefit
of such a clause gets ``bracket`` ``{"fact", "min", "min_inclusive", "max", "max_inclusive"}``
(None bounds are open) so that the estimate can use the tier the company's facts select.

A clause is tiered when at least two of its benefits state a range of the same figure; a single
threshold is a requirement, not a bracket.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from . import amounts
from .conditions import _METRICS

if TYPE_CHECKING:
    from .benefits import Benefit

# The figure a bracket ranges over, by the words before its amount (the nearest one wins): the
# threshold metrics of conditions.py, bar registered capital, which no support is tiered by.
_FIGURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (fact, rx) for fact, rx in _METRICS if fact != "registered_capital_yuan"
)
_INCLUDED_RE = re.compile(r"^\s*\(含(?:本数)?\)")
_UPPER_POST_RE = re.compile(r"^\s*(?:\(含(?:本数)?\))?\s*(?:及|或)?\s*(?:以内|以下|之内)")
_LOWER_POST_RE = re.compile(r"^\s*(?:\(含(?:本数)?\))?\s*(?:及|或)?\s*以上")
_UPPER_PRE_RE = re.compile(r"(?:不超过|不高于|不足|低于|少于|未达到?|未满)\s*$")
_UPPER_PRE_STRICT_RE = re.compile(r"(?:不足|低于|少于|未达到?|未满)\s*$")
_LOWER_PRE_RE = re.compile(r"(?:达到|达|超过|超|突破|不低于|不少于|高于|大于|满)\s*$")
_LOWER_PRE_STRICT_RE = re.compile(r"(?:超过|超|突破|高于|大于)\s*$")
# The bracket ends its phrase: "…以内的," / "…(含)的," / "…以上的,"
_ENDS_PHRASE_RE = re.compile(r"^[^,;。:]{0,8}?的")


def _figure(words: str) -> str | None:
    """The figure named last in ``words``."""
    best: tuple[int, str] | None = None
    for fact, rx in _FIGURES:
        hits = list(rx.finditer(words))
        if hits and (best is None or hits[-1].end() > best[0]):
            best = (hits[-1].end(), fact)
    return best[1] if best else None


def _bracket(text: str, start: int, end: int) -> tuple[dict, int] | None:
    """The range stated in text[start:end] before its support, with where its amount starts."""
    for m in amounts.find_money(text, start, end):
        if m.role != amounts.THRESHOLD or m.currency not in (None, amounts.CNY):
            continue
        after = text[m.end : end]
        if not _ENDS_PHRASE_RE.match(after):
            continue
        before = text[max(start, m.start - 6) : m.start]
        out = {"min": None, "min_inclusive": True, "max": None, "max_inclusive": True}
        if m.low_yuan is not None:  # "5000万元至1亿元(含)"
            out.update(
                min=m.low_yuan, min_inclusive=True, max=m.yuan, max_inclusive=bool(_INCLUDED_RE.match(after))
            )
            out["explicit_max"] = out["max_inclusive"]
        elif _UPPER_POST_RE.match(after) or _UPPER_PRE_RE.search(before):
            out.update(max=m.yuan, max_inclusive=not _UPPER_PRE_STRICT_RE.search(before))
            out["explicit_max"] = bool(_INCLUDED_RE.match(after))
        elif _LOWER_POST_RE.match(after) or _LOWER_PRE_RE.search(before):
            out.update(min=m.yuan, min_inclusive=not _LOWER_PRE_STRICT_RE.search(before))
        else:
            continue
        return out, m.start
    return None


def assign(text: str, found: list[Benefit]) -> None:
    """Give each benefit of a tiered clause its ``bracket`` (left None when the clause is not tiered)."""
    brackets: list[dict | None] = []
    fact: str | None = None
    for b in found:
        s, e = b.segment
        got = _bracket(text, s, e)
        if got is None:
            brackets.append(None)
            continue
        bracket, at = got
        fact = _figure(text[s:at]) or fact  # a later tier names no figure: it is the one before
        bracket["fact"] = fact
        brackets.append(bracket)
    ranged = [x for x in brackets if x is not None and x["fact"] is not None]
    if len(ranged) < 2 or len({x["fact"] for x in ranged}) != 1:
        return
    # Adjacent tiers share a boundary: it belongs to the tier that says (含), else to the upper one.
    ordered = sorted(ranged, key=lambda x: -1 if x["min"] is None else x["min"])
    for lower, upper in itertools.pairwise(ordered):
        if lower["max"] is not None and lower["max"] == upper["min"]:
            if lower.get("explicit_max"):
                upper["min_inclusive"] = False
            else:
                lower["max_inclusive"] = False
    for b, bracket in zip(found, brackets, strict=True):
        if bracket is not None and bracket["fact"] is not None:
            bracket.pop("explicit_max", None)
            b.bracket = bracket
