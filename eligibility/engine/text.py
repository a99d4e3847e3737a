"""Chinese sentences for condition leaves, and money, date and value formatting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eligibility.facts import Fact

MARKS = {True: " ✓", False: " ✗", None: " (未知)"}


def _trim(number: float) -> str:
    return f"{number:.4f}".rstrip("0").rstrip(".")


def format_money(yuan: float | int) -> str:
    """Money the way a Chinese reader writes it: 5000000 -> 500万元, 250000000 -> 2.5亿元."""
    magnitude = abs(yuan)
    if magnitude >= 100_000_000:
        return f"{_trim(yuan / 100_000_000)}亿元"
    if magnitude >= 10_000:
        return f"{_trim(yuan / 10_000)}万元"
    return f"{_trim(yuan)}元"


def format_date(value: dt.date) -> str:
    """A date as 2020年1月1日."""
    return f"{value.year}年{value.month}月{value.day}日"


def format_value(fact: Fact | None, value: Any) -> str:
    """A condition value for display, with the fact's unit and choice labels."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(format_value(fact, item) for item in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return format_date(value)
    if fact is not None:
        if fact.type == "money" and isinstance(value, (int, float)):
            return format_money(value)
        if fact.choices:
            for key, label in fact.choices:
                if key == value:
                    return label
        if isinstance(value, (int, float)):
            return f"{_trim(value)}{'' if fact.unit == '元' else fact.unit}"
    if isinstance(value, float):
        return _trim(value)
    return str(value)


_COMPARE_WORDS = {
    "number": {"gte": "不低于", "gt": "高于", "lte": "不高于", "lt": "低于"},
    "count": {"gte": "不少于", "gt": "多于", "lte": "不多于", "lt": "少于"},
    "date": {"gte": "不早于", "gt": "晚于", "lte": "不晚于", "lt": "早于"},
}


def _label(fact: Fact | None, key: str) -> str:
    return fact.label if fact is not None else key


def _list_sentence(key: str, label: str, op: str, shown: str, many: bool) -> str:
    if key == "qualifications":
        if op == "ne":
            return f"未取得{shown}认定"
        if many:
            return f"已取得{shown}中的任一认定"
        return f"已取得{shown}认定"
    verb = "涉及" if key == "industries" else "包含"
    if key == "zones":
        verb = "位于"
        label = ""
    if op == "ne":
        return f"{label}不{verb}{shown}" if label else f"不{verb}{shown}"
    return f"{label}{verb}{shown}{'之一' if many else ''}"


def sentence(fact: Fact | None, key: str, op: str, value: Any, kind: str) -> str:
    """The Chinese sentence for one leaf, e.g. "项目投资额不低于500万元".

    ``kind`` is the compiled comparison kind: number, count, date, bool, list, text.
    """
    label = _label(fact, key)
    if op in ("is_true", "is_false") or (kind == "bool" and op in ("eq", "ne") and isinstance(value, bool)):
        truth = op == "is_true" or (op == "eq" and value is True) or (op == "ne" and value is False)
        if fact is not None and fact.type == "bool":
            return fact.sentence(truth)
        if kind == "list":
            return f"{label}{'不为空' if truth else '为空'}"
        return f"{label}: {'是' if truth else '否'}"
    shown = format_value(fact, value)
    if op in _COMPARE_WORDS["number"]:
        words = _COMPARE_WORDS.get(kind, _COMPARE_WORDS["number"])
        return f"{label}{words[op]}{shown}"
    many = isinstance(value, (list, tuple)) and len(value) > 1
    if kind == "list":
        return _list_sentence(key, label, op, shown, many or op == "contains_any")
    if op == "eq":
        return f"{label}为{shown}"
    if op == "ne":
        return f"{label}不为{shown}"
    if op == "in":
        return f"{label}为{shown}{'之一' if many else ''}"
    if op == "contains":
        return f"{label}包含“{shown}”"
    if op == "contains_any":
        return f"{label}包含“{shown}”之一" if many else f"{label}包含“{shown}”"
    return f"{label} {op} {shown}"
