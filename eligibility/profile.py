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


# --- bounds: one set of rules for the profile form, the API and anything else that stores a profile ---

MAX_LIST_ITEMS = {"industries": 50, "zones": 20, "qualifications": 30}
MAX_ITEM_CHARS = 60
MAX_TEXT_CHARS = {"province": 50, "city": 50, "district": 100, "name": 100}
MAX_INT = {"employees": 10_000_000, "rent_area_sqm": 100_000_000, "level": 10}
MAX_YUAN = 10**15
MIN_DATE = dt.date(1900, 1, 1)
MAX_PROFILE_BYTES = 64 * 1024
# Place and qualification names are plain words: no markup, no control or bidi-override characters.
_FORBIDDEN = set('<>{}\\"`')


def text_problem(value: str, limit: int) -> str | None:
    """Why a name is not acceptable, or None."""
    if len(value) > limit:
        return f"不超过{limit}个字"
    if any(ch in _FORBIDDEN for ch in value):
        return '不能含有 < > { } \\ " ` 等符号'
    import unicodedata

    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in value):
        return "不能含有控制字符"
    return None


def _date_problem(value: Any, today: dt.date) -> str | None:
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return "日期格式应为 年-月-日"
    if day < MIN_DATE:
        return f"不能早于{MIN_DATE:%Y年}"
    if day > today:
        return "不能晚于今天"
    return None


def _value_problem(key: str, value: Any, today: dt.date) -> str | None:
    fact = lookup(key)
    kind = fact.type if fact else None
    if key in MAX_TEXT_CHARS or kind == "str":
        if not isinstance(value, str):
            return "应为文字"
        return text_problem(value, MAX_TEXT_CHARS.get(key, 100))
    if kind in ("int", "money"):
        if isinstance(value, bool) or not isinstance(value, int):
            return "应为整数"
        if value < 0:
            return "不能为负数"
        limit = MAX_YUAN if kind == "money" else MAX_INT.get(key, MAX_INT["employees"])
        if value > limit:
            return "数值过大,请核对单位" + (f"({fact.unit})" if fact and fact.unit else "")
        return None
    if kind == "date":
        return _date_problem(value, today)
    if key == "qualifications":
        return _qualifications_problem(value, today)
    if kind == "list":
        if not isinstance(value, list):
            return "应为名称列表"
        if len(value) > MAX_LIST_ITEMS.get(key, 50):
            return f"最多{MAX_LIST_ITEMS.get(key, 50)}项"
        for item in value:
            problem = text_problem(item, MAX_ITEM_CHARS) if isinstance(item, str) else "每项应为文字"
            if problem:
                return f"「{str(item)[:20]}」{problem}"
    return None


def _qualifications_problem(value: Any, today: dt.date) -> str | None:
    if not isinstance(value, list):
        return "应为资质列表"
    if len(value) > MAX_LIST_ITEMS["qualifications"]:
        return f"最多{MAX_LIST_ITEMS['qualifications']}项"
    for item in value:
        entry = item if isinstance(item, Mapping) else {"name": item}
        name = entry.get("name")
        problem = text_problem(name, 100) if isinstance(name, str) and name.strip() else "资质名称不能为空"
        if not problem and entry.get("level") is not None:
            level = entry["level"]
            if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= MAX_INT["level"]:
                problem = f"等级应为 1 到 {MAX_INT['level']} 的整数"
        if not problem and entry.get("obtained_on"):
            problem = _date_problem(entry["obtained_on"], today)
            problem = f"取得日期{problem}" if problem else None
        if problem:
            return f"「{str(name)[:20]}」{problem}"
    return None


def bounds_errors(profile: Mapping[str, Any], today: dt.date | None = None) -> dict[str, str]:
    """``{key: Chinese message}`` for every value outside its bounds (``facts.x`` keys flattened to x).

    The form and the API both call this before a profile is saved, so neither accepts what the
    other refuses; unknown (None) values are not checked.
    """
    import json

    today = today or dt.date.today()
    errors: dict[str, str] = {}
    for key, value in flatten(profile).items():
        name = key.removeprefix("facts.")
        if value is None or name in IDENTITY_KEYS:
            continue
        problem = _value_problem(name, value, today)
        if problem:
            errors[name] = f"{label(name)}:{problem}"
    if not errors and len(json.dumps(profile, ensure_ascii=False, default=str).encode()) > MAX_PROFILE_BYTES:
        errors["facts"] = f"企业画像内容过多(不超过{MAX_PROFILE_BYTES // 1024} KB)"
    return errors
