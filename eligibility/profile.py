"""The company profile as data: its keys, normalisation, differences and display of values.

A key that is absent is unknown; ``None`` and ``""`` are dropped on the way in so that unknown is
never stored as false or 0. Lists stay lists: ``[]`` means "none" (known), absent means unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from policies.money import format_yuan

from .facts import FACTS, lookup

# Top-level keys of the profile (DESIGN.md), besides ``facts``.
TOP_KEYS: tuple[str, ...] = ("credit_code", "name", *(f.key for f in FACTS.values() if f.in_profile))
# Keys that live in profile["facts"].
EXTRA_KEYS: tuple[str, ...] = tuple(f.key for f in FACTS.values() if not f.in_profile)
IDENTITY_KEYS = ("credit_code", "name")


def is_unknown(value: Any) -> bool:
    """Whether a value stands for "unknown" (absent): None or blank text."""
    return value is None or (isinstance(value, str) and not value.strip())


def normalise(data: Mapping[str, Any]) -> dict[str, Any]:
    """A profile with unknown values dropped (top level and ``facts``), other values kept as given."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("facts", "declarations"):
            continue
        if not is_unknown(value):
            out[key] = value.strip() if isinstance(value, str) else value
    for nested in ("facts", "declarations"):
        values = data.get(nested)
        if isinstance(values, Mapping):
            kept = {
                k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if not is_unknown(v)
            }
            if kept:
                out[nested] = kept
    return out


def flatten(profile: Mapping[str, Any]) -> dict[str, Any]:
    """Top-level keys, ``facts.<key>`` and ``declarations.<key>`` in one flat dict (for comparing versions)."""
    flat = {k: v for k, v in profile.items() if k not in ("facts", "declarations")}
    for nested in ("facts", "declarations"):
        values = profile.get(nested)
        if isinstance(values, Mapping):
            flat.update({f"{nested}.{k}": v for k, v in values.items()})
    return flat


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{key: [old, new]}`` for every key whose value changed (None = absent)."""
    before, after = flatten(old), flatten(new)
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(before.keys() | after.keys(), key=_key_order)
        if before.get(key) != after.get(key)
    }


_ORDER = {key: i for i, key in enumerate((*TOP_KEYS, *(f"facts.{k}" for k in EXTRA_KEYS)))}


def _key_order(key: str) -> tuple[int, str]:
    return (_ORDER.get(key, len(_ORDER)), key)


def label(key: str, questions: Mapping[str, str] | None = None) -> str:
    """The Chinese label of a profile key (``facts.x`` included; ``declarations.x`` reads its question)."""
    if key.startswith("declarations."):
        name = key.removeprefix("declarations.")
        return f"声明:{(questions or {}).get(name) or name}"
    if key == "credit_code":
        return "统一社会信用代码"
    if key == "name":
        return "企业名称"
    fact = lookup(key.removeprefix("facts."))
    return fact.label if fact else key


def _choice_label(key: str, value: Any) -> str | None:
    fact = lookup(key)
    if fact and fact.choices:
        return dict(fact.choices).get(value)
    return None


def display(key: str, value: Any) -> str:
    """A value as a Chinese reader expects it, with its unit; None reads "未填写"."""
    if value is None:
        return "未回答" if key.startswith("declarations.") else "未填写"
    key = key.removeprefix("facts.")
    fact = lookup(key)
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "qualifications" and isinstance(value, list):
        return "、".join(qualification_text(q) for q in value) if value else "无"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) if value else "无"
    choice = _choice_label(key, value)
    if choice:
        return choice
    if fact and fact.type == "money" and isinstance(value, int | float):
        return format_yuan(value)
    if fact and fact.unit and isinstance(value, int | float):
        return f"{value:,}{fact.unit}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def qualification_text(item: Any) -> str:
    """One qualification entry: "DCMM(3级,2023-10-01取得)"."""
    if not isinstance(item, Mapping):
        return str(item)
    extras = []
    if item.get("level") is not None:
        extras.append(f"{item['level']}级")
    if item.get("obtained_on"):
        extras.append(f"{item['obtained_on']}取得")
    name = str(item.get("name", ""))
    return f"{name}({','.join(extras)})" if extras else name
