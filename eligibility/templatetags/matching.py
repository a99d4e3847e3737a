"""Template filters for match results: honest amounts and outcome marks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from policies.money import format_yuan

register = template.Library()

_MARKS = {True: "✓", False: "✗", None: "?"}


@register.filter
def estimate_text(estimate: Mapping[str, Any] | None) -> str:
    """ "150万元" when computed, "最高 500万元" when only the cap is known, else "未注明金额"."""
    estimate = estimate or {}
    yuan, cap = estimate.get("yuan"), estimate.get("max_yuan")
    if yuan is not None:
        return format_yuan(yuan)
    if cap:
        return f"最高 {format_yuan(cap)}"
    return "未注明金额"


@register.filter
def outcome_mark(outcome: bool | None) -> str:
    """✓ for true, ✗ for false, ? for unknown."""
    return _MARKS.get(outcome, "?")


@register.filter
def outcome_class(outcome: bool | None) -> str:
    """CSS class of an outcome."""
    return {True: "ok", False: "bad"}.get(outcome, "warn")


@register.filter
def status_class(status: str) -> str:
    """CSS class of a match status."""
    return {"eligible": "ok", "possible": "warn", "ineligible": "bad"}.get(status, "")


@register.filter
def reason_text(text: str) -> str:
    """A reason's sentence without the engine's trailing mark (the page shows its own)."""
    text = text or ""
    for suffix in (" ✓", " ✗", " (未知)"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


@register.filter
def percent(share: float | None) -> str:
    """0.4286 -> "42.9%"; None -> "—"."""
    if share is None:
        return "—"
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"
