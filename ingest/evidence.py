"""Evidence spans for every extracted clause value, as offsets into the document's normalised text."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

Span = list[int] | None


def _finders():
    try:
        from .pipeline.amounts import find_money, find_ratios
    except ImportError:  # the amount layer is being rewritten; spans are then located less precisely
        return None, None
    return find_money, find_ratios


def _locate_values(values: list, found: list[tuple[float, int, int]]) -> list[Span]:
    """For each value in order, the first unused match of equal value (after the previous one if possible)."""
    spans: list[Span] = []
    used: set[int] = set()
    cursor = -1
    for v in values:
        pick = None
        for i, (fv, s, _e) in enumerate(found):
            if i not in used and abs(fv - v) < 1e-9 and s > cursor:
                pick = i
                break
        if pick is None:
            pick = next(
                (i for i, (fv, _s, _e) in enumerate(found) if i not in used and abs(fv - v) < 1e-9), None
            )
        if pick is None:
            spans.append(None)
            continue
        used.add(pick)
        cursor = found[pick][1]
        spans.append([found[pick][1], found[pick][2]])
    return spans


def _locate_strings(items: list[str], text: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    for item in items:
        pos = text.find(str(item), start, end) if item else -1
        out.append([pos, pos + len(str(item))] if pos >= 0 else None)
    return out


def clause_evidence(c: dict[str, Any], text: str) -> dict[str, Any]:
    """Where the clause states each of its values; the pipeline's own evidence, when given, wins."""
    span = list(c.get("span") or [])
    ev: dict[str, Any] = {"span": span or None}
    if len(span) == 2 and 0 <= span[0] <= span[1] <= len(text):
        start, end = span
        find_money, find_ratios = _finders()
        money: list[tuple[float, int, int]] = []
        ratios: list[tuple[float, int, int]] = []
        try:
            if find_money is not None:
                money = [(float(m.yuan), m.start, m.end) for m in find_money(text, start, end)]
            if find_ratios is not None:
                ratios = [(float(r.value), r.start, r.end) for r in find_ratios(text, start, end)]
        except Exception:  # evidence must never take the save down
            log.exception("locating evidence failed")
        amounts = list(c.get("amounts_yuan") or [])
        ev["amounts_yuan"] = _locate_values(amounts, money)
        ev["ratios"] = _locate_values(list(c.get("ratios") or []), ratios)
        cap = c.get("max_amount_yuan")
        ev["max_amount_yuan"] = None
        if cap is not None:
            for v, s in zip(amounts, ev["amounts_yuan"], strict=False):
                if v == cap and s:
                    ev["max_amount_yuan"] = s
                    break
            else:
                ev["max_amount_yuan"] = (_locate_values([cap], money) or [None])[0]
        heading = c.get("heading")
        ev["heading"] = _locate_strings([heading], text, start, end)[0] if heading else None
        for key in ("thresholds", "qualifications", "departments"):
            ev[key] = _locate_strings(list(c.get(key) or []), text, start, end)
    ev["benefits"] = [list(b.get("evidence") or []) or None for b in c.get("benefits") or []]
    given = c.get("evidence")
    if isinstance(given, dict):
        ev.update({k: v for k, v in given.items() if v is not None})
    return ev
