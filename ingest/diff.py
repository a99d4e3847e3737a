"""Clause-by-clause difference between a policy version and the one before it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

DIFF_FIELDS = {
    "currency": "币种",
    "max_amount_yuan": "最高金额",
    "amounts_yuan": "金额",
    "ratios": "比例",
    "conditions": "申报条件",
    "qualifications": "资质要求",
    "thresholds": "门槛",
    "kind": "类型",
    "heading": "标题",
    "text": "条款原文",
}
META_FIELDS = {
    "title": "标题",
    "doc_number": "文号",
    "issuer": "发文机关",
    "region": "区县/园区",
    "effective_from": "施行日期",
    "effective_until": "有效期至",
    "is_draft": "征求意见稿/草案",
    "stacking": "不重复享受规则",
}
_SPACE = re.compile(r"\s+")


def clause_values(clause) -> dict[str, Any]:
    """The compared values of a saved clause."""
    return {
        "number": clause.number,
        "extracted_number": clause.extracted_number or clause.number,
        **{f: getattr(clause, f) for f in DIFF_FIELDS},
    }


def _leaves(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    numbers = [r["number"] for r in rows]
    return [r for r in rows if not any(n.startswith(f"{r['number']}/") for n in numbers)]


def _norm_text(s: str | None) -> str:
    return _SPACE.sub("", s or "")


def _similar(a: str, b: str) -> float:
    m = difflib.SequenceMatcher(None, _norm_text(a), _norm_text(b), autojunk=False)
    if m.real_quick_ratio() < 0.6 or m.quick_ratio() < 0.6:
        return 0.0
    return m.ratio()


def _last(number: str) -> str:
    return number.rsplit("/", 1)[-1]


def _body(row: dict[str, Any]) -> str:
    """The clause text without its leading number label."""
    text = _norm_text(row["text"])
    label = _norm_text(_last(row["number"]))
    return text[len(label) :] if label and text.startswith(label) else text


def _pair(old: list[dict], new: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Match old clauses to new ones: same number with like content, same heading, like text, same number."""
    pairs: list[tuple[dict | None, dict | None]] = []
    old_left, new_left = list(old), list(new)

    def take(test) -> None:
        for n in list(new_left):
            for o in old_left:
                if test(o, n):
                    pairs.append((o, n))
                    old_left.remove(o)
                    new_left.remove(n)
                    break

    def same_heading(o: dict, n: dict) -> bool:
        return bool(o["heading"]) and o["heading"] == n["heading"]

    take(
        lambda o, n: (
            o["number"] == n["number"] and (same_heading(o, n) or _similar(_body(o), _body(n)) >= 0.6)
        )
    )
    take(same_heading)
    for n in list(new_left):
        scored = [(_similar(_body(o), _body(n)), i) for i, o in enumerate(old_left)]
        best = max(scored, default=(0.0, -1))
        if best[0] >= 0.7:
            pairs.append((old_left.pop(best[1]), n))
            new_left.remove(n)
    take(
        lambda o, n: (
            o["number"] == n["number"] and o["kind"] == n["kind"] and _similar(_body(o), _body(n)) >= 0.4
        )
    )
    pairs.extend((o, None) for o in old_left)
    pairs.extend((None, n) for n in new_left)
    return pairs


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": row["number"],
        "heading": row["heading"],
        "max_amount_yuan": row["max_amount_yuan"],
        "currency": row.get("currency", "CNY"),
    }


def policy_diff(previous, values: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What changed from ``previous`` (a saved Policy) to the new values and clause rows (leaves compared)."""
    old_rows = _leaves([clause_values(c) for c in previous.clauses.order_by("order", "id")])
    new_rows = _leaves(rows)
    added, removed, changed, unchanged = [], [], [], 0
    for o, n in _pair(old_rows, new_rows):
        if o is None:
            added.append(_summary(n))
            continue
        if n is None:
            removed.append(_summary(o))
            continue
        changes = []
        for field, label in DIFF_FIELDS.items():
            a, b = o.get(field), n.get(field)
            if field == "text":
                if _body(o) != _body(n):
                    changes.append({"field": field, "label": label, "old": a, "new": b})
            elif (a or None) != (b or None):
                changes.append({"field": field, "label": label, "old": a, "new": b})
        if changes:
            changed.append(
                {
                    "number": n["number"],
                    "previous_number": o["number"],
                    "heading": n["heading"],
                    "changes": changes,
                }
            )
        else:
            unchanged += 1
    metadata = []
    for field, label in META_FIELDS.items():
        a, b = _plain(getattr(previous, field)), _plain(values.get(field))
        if (a or None) != (b or None):
            metadata.append({"field": field, "label": label, "old": a, "new": b})
    return {
        "previous_id": previous.pk,
        "previous_version": previous.version,
        "added": added,
        "removed": removed,
        "changed": changed,
        "metadata": metadata,
        "unchanged": unchanged,
        "unchanged_all": not (added or removed or changed or metadata),
    }
