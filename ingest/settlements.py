"""Admins settle requirement phrases the extractor could not: writes and the ingest save-step overlay.

A requirement phrase of a clause ({text, span, modelled, kind …}) can be settled as
- ``fact``: a condition leaf on a catalogue fact ("注册资本 ≥ 300万"), attached to the requirement as
  its ``condition`` (the engine ANDs it into the clause's);
- ``declaration``: a yes/no or number question the company answers itself (key shared by every
  clause asking the same thing; a number carries the comparison the requirement makes);
- ``review``: decided by the review (择优, 经评审 …), not by the applicant's facts;
- ``none``: not a condition at all.

Settlements are keyed by the policy's lineage (its first version) and the phrase without spaces or
punctuation, so they survive re-ingest and apply to later versions whose phrase is unchanged.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from eligibility.facts import FACTS, Fact, lookup
from policies.models import Clause, Policy

from .models import RequirementSettlement
from .services import IngestError, _queue_rematch, lineage

Kind = RequirementSettlement.Kind

OP_LABELS = {
    "gte": "不低于(≥)",
    "gt": "高于(>)",
    "lte": "不高于(≤)",
    "lt": "低于(<)",
    "eq": "等于",
    "ne": "不等于",
    "in": "属于其中之一",
    "contains": "包含",
    "contains_any": "包含其中任一",
    "is_true": "是",
    "is_false": "否",
}
OPS_BY_TYPE = {
    "money": ("gte", "gt", "lte", "lt", "eq"),
    "int": ("gte", "gt", "lte", "lt", "eq"),
    "date": ("gte", "gt", "lte", "lt"),
    "bool": ("is_true", "is_false"),
    "enum": ("eq", "ne", "in"),
    "list": ("contains", "contains_any"),
    "str": ("eq", "ne", "contains"),
}
_NOT_PHRASE = re.compile(r"[\W_]+")
_LIST_SPLIT = re.compile(r"[,,、;;\s]+")
_KEY = re.compile(r"^[A-Za-z0-9_.:\-]{1,100}$")
# Keys the settlement writes into a requirement; cleared before a new settlement is laid over.
_SETTLED_KEYS = ("key", "question", "answer_type", "unit", "op", "value", "expect", "condition", "settled")


def phrase_key(text: str) -> str:
    """The phrase with spaces and punctuation removed (what a settlement is keyed by)."""
    return _NOT_PHRASE.sub("", text or "")[:500]


def fact_choices() -> list[tuple[str, str]]:
    """(key, label) of the catalogue facts a settlement may name (region facts excluded)."""
    skip = {"province", "city", "district"}
    return [(f.key, f.label) for f in FACTS.values() if f.key not in skip]


def _value(fact: Fact, op: str, raw: Any) -> Any:
    from eligibility.engine.profile_input import parse_date, parse_number

    text = str(raw if raw is not None else "").strip()
    if op in ("is_true", "is_false"):
        return None
    if not text:
        raise IngestError("请填写条件的取值")
    if fact.type in ("money", "int"):
        number = parse_number(text, money=fact.type == "money")
        if number is None:
            example = "300万 或 3000000" if fact.type == "money" else "50"
            raise IngestError(f"“{fact.label}”的取值应为数字,例如 {example}")
        return number
    if fact.type == "date":
        date = parse_date(text)
        if date is None:
            raise IngestError(f"“{fact.label}”的取值应为日期,格式如 2024-01-01")
        return date
    many = op in ("in", "contains_any")
    items = [t for t in _LIST_SPLIT.split(text) if t] if many else [text]
    if fact.type == "enum":
        by_label = {label: key for key, label in fact.choices}
        keys = {key for key, _ in fact.choices}
        resolved = []
        for item in items:
            key = item if item in keys else by_label.get(item)
            if key is None:
                allowed = "、".join(label for _, label in fact.choices)
                raise IngestError(f"“{item}”不是“{fact.label}”的可选值({allowed})")
            resolved.append(key)
        items = resolved
    return items if many else items[0]


def condition_leaf(fact_key: str, op: str, raw: Any) -> dict[str, Any]:
    """A checked condition leaf from the admin's choices; IngestError (Chinese) when it is wrong."""
    from eligibility.engine.conditions import ConditionError, compile_condition

    fact = lookup((fact_key or "").strip())
    if fact is None:
        raise IngestError("请选择画像中的一项事实")
    allowed = OPS_BY_TYPE.get(fact.type, ())
    if op not in allowed:
        names = "、".join(OP_LABELS[o] for o in allowed)
        raise IngestError(f"“{fact.label}”只能使用这些比较方式:{names}")
    leaf: dict[str, Any] = {"fact": fact.key, "op": op}
    value = _value(fact, op, raw)
    if value is not None:
        leaf["value"] = value
    try:
        compile_condition(leaf)
    except ConditionError as exc:
        raise IngestError("该条件无法用于匹配,请检查事实、比较方式与取值") from exc
    return leaf


def declaration_key(text: str) -> str:
    """A stable key for a question typed by an admin without one."""
    return "q_" + hashlib.sha1(phrase_key(text).encode()).hexdigest()[:12]


def settlement_fields(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The checked fields of a settlement of ``kind`` from form or API values."""
    out: dict[str, Any] = {"condition": None, "key": "", "question": "", "answer_type": "", "unit": ""}
    if kind == Kind.FACT:
        out["condition"] = condition_leaf(
            values.get("fact") or "", values.get("op") or "", values.get("value")
        )
    elif kind == Kind.DECLARATION:
        question = str(values.get("question") or "").strip()
        if not question:
            raise IngestError("请填写向企业提出的问题")
        if len(question) > 300:
            raise IngestError("问题不能超过 300 字")
        answer_type = values.get("answer_type") or "bool"
        if answer_type not in ("bool", "number"):
            raise IngestError("回答类型只能是“是/否”或“数字”")
        unit = str(values.get("unit") or "").strip()[:20] if answer_type == "number" else ""
        if answer_type == "number" and not unit:
            raise IngestError("数字类回答请填写单位,例如 元、人、平方米")
        if answer_type == "number":
            from eligibility.engine.profile_input import parse_number

            op = values.get("op") or ""
            if op not in OPS_BY_TYPE["int"][:4]:
                raise IngestError("数字类回答请选择比较方式(不低于、高于、不高于、低于)")
            threshold = parse_number(str(values.get("value") or "").strip(), money=unit == "元")
            if threshold is None:
                raise IngestError("数字类回答请填写条件的取值,例如 1000")
            out["condition"] = {"op": op, "value": threshold}
        key = str(values.get("key") or "").strip() or declaration_key(question)
        if not _KEY.match(key):
            raise IngestError("问题标识只能包含英文字母、数字、下划线、点、冒号和短横线")
        out.update(question=question, answer_type=answer_type, unit=unit, key=key)
    elif kind not in (Kind.REVIEW, Kind.NONE):
        raise IngestError("请选择处理方式")
    return out


def lineage_root(policy: Policy) -> Policy:
    """The first version of the policy (what settlements are keyed by)."""
    return lineage(policy)[0]


def settlements_for(policy: Policy) -> dict[str, RequirementSettlement]:
    """The settlements of the policy's lineage by phrase key."""
    if policy.pk is None and policy.previous_version_id is None:
        return {}
    root = lineage_root(policy)
    return {s.phrase_key: s for s in RequirementSettlement.objects.filter(lineage=root)}


def apply(values: dict[str, Any], settled: Mapping[str, RequirementSettlement]) -> None:
    """Lay the settlements over a clause's requirements, in place.

    A fact settlement attaches its leaf as the requirement's ``condition``, which the engine ANDs
    into the clause's condition; the clause's own ``conditions`` stay as extracted (or corrected).
    """
    requirements = [dict(r) if isinstance(r, dict) else r for r in values.get("requirements") or []]
    for r in requirements:
        if not isinstance(r, dict):
            continue
        s = settled.get(phrase_key(r.get("text") or ""))
        if s is None:
            continue
        for k in _SETTLED_KEYS:
            r.pop(k, None)
        r["kind"] = s.kind
        r["settled"] = True
        if s.kind == Kind.FACT and s.condition:
            r["condition"] = s.condition
            r["modelled"] = True
        elif s.kind == Kind.DECLARATION:
            r.update(key=s.key, question=s.question, answer_type=s.answer_type or "bool")
            if s.unit:
                r["unit"] = s.unit
            if s.answer_type == "number" and s.condition:
                r.update(op=s.condition.get("op"), value=s.condition.get("value"))
    values["requirements"] = requirements


def settle(
    clause: Clause, index: int, kind: str, values: Mapping[str, Any], user=None
) -> RequirementSettlement:
    """Settle requirement ``index`` of a clause; apply it to every version of the policy at once."""
    requirements = clause.requirements or []
    if not 0 <= index < len(requirements) or not isinstance(requirements[index], dict):
        raise IngestError("该原文条件不存在,请刷新页面后重试")
    text = str(requirements[index].get("text") or "")
    key = phrase_key(text)
    if not key:
        raise IngestError("该原文条件为空,无法处理")
    fields = settlement_fields(kind, values)
    with transaction.atomic():
        chain = lineage(clause.policy)
        settlement, _ = RequirementSettlement.objects.update_or_create(
            lineage=chain[0],
            phrase_key=key,
            defaults={
                "phrase": text,
                "kind": kind,
                "settled_by": user if user is not None and user.is_authenticated else None,
                **fields,
            },
        )
        settled = {s.phrase_key: s for s in RequirementSettlement.objects.filter(lineage=chain[0])}
        for policy in chain:
            changed = False
            for c in Clause.objects.select_for_update().filter(policy=policy):
                row = {"requirements": c.requirements}
                apply(row, settled)
                if row["requirements"] != c.requirements:
                    c.requirements = row["requirements"]
                    c.version += 1
                    c.save(update_fields=["requirements", "version", "updated_at"])
                    changed = True
            if changed and policy.status == Policy.Status.PUBLISHED:
                _queue_rematch(policy.pk)
    return settlement
