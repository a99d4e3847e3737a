"""Template filters for the review pages: conditions, ratios and diff values in Chinese."""

from __future__ import annotations

from typing import Any

from django import template

from eligibility.facts import lookup
from policies.money import format_yuan

register = template.Library()

_OPS = {
    "eq": "为",
    "ne": "不为",
    "in": "属于",
    "contains": "包含",
    "contains_any": "包含任一",
    "gte": "不低于",
    "gt": "高于",
    "lte": "不高于",
    "lt": "低于",
    "is_true": "是",
    "is_false": "否",
}


def _value(fact, value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_value(fact, v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if fact is not None:
        if fact.type == "money" and isinstance(value, int | float):
            return format_yuan(value)
        choices = dict(fact.choices)
        if value in choices:
            return choices[value]
        if fact.unit and isinstance(value, int | float):
            return f"{value}{fact.unit}"
    return str(value)


def _condition(node: Any) -> str:
    if not isinstance(node, dict) or not node:
        return ""
    if "all" in node:
        parts = [p for p in (_condition(n) for n in node["all"]) if p]
        return ";".join(parts) if len(parts) < 2 else "同时满足:" + ";".join(parts)
    if "any" in node:
        parts = [p for p in (_condition(n) for n in node["any"]) if p]
        return "满足其一:" + " 或 ".join(parts)
    if "not" in node:
        return "不满足:" + _condition(node["not"])
    fact = lookup(str(node.get("fact", "")))
    label = fact.label if fact else "其他条件"
    op = node.get("op", "")
    if op in ("is_true", "is_false"):
        return fact.sentence(op == "is_true") if fact else f"{label}{_OPS[op]}"
    return f"{label}{_OPS.get(op, '满足')}{_value(fact, node.get('value'))}"


@register.filter
def conditions_text(node: Any) -> str:
    """A condition tree as a Chinese sentence; empty conditions read “未识别到申报条件”."""
    return _condition(node) or "未识别到申报条件"


@register.filter
def pct(ratio: Any) -> str:
    """0.3 -> 30%."""
    if ratio in (None, ""):
        return ""
    return f"{float(ratio) * 100:.4f}".rstrip("0").rstrip(".") + "%"


@register.filter
def diff_value(value: Any, field: str) -> str:
    """A value in a version diff, shown with its unit."""
    if value in (None, "", [], {}):
        return "无"
    if field in ("max_amount_yuan", "cap_yuan"):
        return format_yuan(value)
    if field == "amounts_yuan":
        return "、".join(format_yuan(v) for v in value)
    if field == "ratios":
        return "、".join(pct(v) for v in value)
    if field == "conditions":
        return conditions_text(value)
    if field == "kind":
        return {"support": "支持条款", "general": "一般条款"}.get(value, str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


@register.filter
def correction_value(value: Any, field: str) -> str:
    """A stored correction value, readable."""
    if field == "benefits":
        return f"{len(value or [])} 项支持内容"
    if field == "text":
        text = str(value or "")
        return text[:60] + ("…" if len(text) > 60 else "")
    return diff_value(value, field)


@register.filter
def field_label(field: str) -> str:
    """The Chinese name of a correctable field."""
    from ingest.services import CLAUSE_FIELDS, POLICY_FIELDS

    return CLAUSE_FIELDS.get(field) or POLICY_FIELDS.get(field) or field
