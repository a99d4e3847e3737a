"""Forms for uploading documents and correcting extracted values."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings

from policies.models import Benefit, Clause, Policy
from policies.money import format_yuan

from . import services

MAX_AMOUNT_YUAN = 10**15


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.docx,.pdf"}))
        kwargs.setdefault("allow_empty_file", True)  # an empty file is kept and its run says why it failed
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="政策文件",
        error_messages={"required": "请选择要上传的文件", "empty": "文件为空", "invalid": "文件无效"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = services.format_size(settings.UPLOAD_MAX_BYTES)
        self.fields[
            "files"
        ].help_text = f"支持 txt、html、docx、pdf,可一次选择多个文件,单个文件不超过 {limit}。"
        self.fields["files"].widget.attrs["multiple"] = True


def _lines(values) -> str:
    return "\n".join(str(v) for v in values or [])


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) if value else ""


class _CorrectionForm(forms.Form):
    """Shared cleaning: each field goes through the service's own checks."""

    fields_map: dict[str, str] = {}
    json_fields: tuple[str, ...] = ()

    def _clean_with(self, field: str, value: Any) -> Any:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for field in self.fields_map:
            if field not in data or field in self.errors:
                continue
            value = data[field]
            if field in self.json_fields:
                if isinstance(value, str) and value.strip():
                    try:
                        value = json.loads(value)
                    except ValueError:
                        self.add_error(field, "格式不正确,请检查括号、引号和逗号")
                        continue
                elif isinstance(value, str):
                    value = {} if field == "conditions" else []
            try:
                data[field] = self._clean_with(field, value)
            except services.IngestError as exc:
                self.add_error(field, exc.reason)
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned value of every correctable field (services skip the unchanged ones)."""
        return {f: self.cleaned_data[f] for f in self.fields_map if f in self.cleaned_data}


class ClauseCorrectionForm(_CorrectionForm):
    """A clause's own fields; its benefits and conditions are rows (BenefitRowForm, ConditionRowForm)."""

    fields_map = {k: v for k, v in services.CLAUSE_FIELDS.items() if k not in ("benefits", "conditions")}

    number = forms.CharField(label="编号", max_length=100, error_messages={"required": "请填写编号"})
    heading = forms.CharField(label="标题", max_length=300, required=False)
    kind = forms.ChoiceField(label="类型", choices=Clause.Kind.choices)
    text = forms.CharField(label="条款原文", widget=forms.Textarea(attrs={"rows": 6}))
    max_amount_yuan = forms.CharField(
        label="最高金额",
        required=False,
        help_text="如 300万、1.2亿 或 3000000;无上限请留空。支持内容的上限改动后,最高金额随之更新",
    )
    amounts_yuan = forms.CharField(
        label="原文金额",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="原文提到的金额,每行一个,如 300万",
    )
    ratios = forms.CharField(
        label="比例",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个,如 30% 或 0.3",
    )
    qualifications = forms.CharField(
        label="资质要求", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="每行一项"
    )
    thresholds = forms.CharField(
        label="门槛", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="每行一项"
    )
    departments = forms.CharField(
        label="责任部门", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="每行一个"
    )
    tags = forms.CharField(
        label="标签", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="每行一个"
    )
    combine = forms.ChoiceField(
        label="申报条件之间",
        choices=[("all", "同时满足"), ("any", "满足其一")],
        initial="all",
        widget=forms.RadioSelect,
    )

    def _clean_with(self, field: str, value: Any) -> Any:
        return services.clean_clause_value(field, value)

    @staticmethod
    def initial_for(clause: Clause) -> dict[str, Any]:
        """The clause's current values as form text (amounts in 万/亿 as people read them)."""
        return {
            "number": clause.number,
            "heading": clause.heading or "",
            "kind": clause.kind,
            "text": clause.text,
            "max_amount_yuan": _amount_text(clause.max_amount_yuan),
            "amounts_yuan": "\n".join(_amount_text(a) for a in clause.amounts_yuan or []),
            "ratios": "\n".join(_pct(r) for r in clause.ratios or []),
            "qualifications": _lines(clause.qualifications),
            "thresholds": _lines(clause.thresholds),
            "departments": _lines(clause.departments),
            "tags": _lines(clause.tags),
            "combine": "any" if isinstance(clause.conditions, dict) and "any" in clause.conditions else "all",
        }


def _amount_text(value) -> str:
    """3000000 -> "300万"; None -> ""."""
    if value in (None, ""):
        return ""
    text = format_yuan(value)
    return text[:-1] if text.endswith("元") else text


def _pct(ratio) -> str:
    return f"{float(ratio) * 100:.4f}".rstrip("0").rstrip(".") + "%"


_OPS = (
    ("eq", "等于"),
    ("ne", "不等于"),
    ("in", "属于其中之一"),
    ("contains", "包含"),
    ("contains_any", "包含任一"),
    ("gte", "不低于"),
    ("gt", "高于"),
    ("lte", "不高于"),
    ("lt", "低于"),
    ("is_true", "是"),
    ("is_false", "否"),
)
_NO_VALUE = ("is_true", "is_false")
_LIST_OPS = ("in", "contains_any")


class BenefitRowForm(forms.Form):
    """One support the clause grants: kind, ratio of a base, cap (万/亿 accepted), years."""

    kind = forms.ChoiceField(label="类型", choices=[("", "—"), *Benefit.Kind.choices], required=False)
    ratio = forms.CharField(label="比例", required=False, max_length=20, help_text="如 30%")
    base = forms.CharField(label="比例基数", required=False, max_length=200)
    cap_yuan = forms.CharField(label="上限", required=False, max_length=30, help_text="如 300万")
    per_year = forms.BooleanField(label="按年", required=False)
    years = forms.IntegerField(label="年限", required=False, min_value=0, max_value=100)
    currency = forms.CharField(required=False, widget=forms.HiddenInput)
    evidence = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_cap_yuan(self):
        try:
            return services.clean_clause_value("max_amount_yuan", self.cleaned_data.get("cap_yuan"))
        except services.IngestError as exc:
            raise forms.ValidationError(exc.reason.replace("最高金额(元)", "上限")) from exc

    def clean_ratio(self):
        value = (self.cleaned_data.get("ratio") or "").strip()
        if not value:
            return None
        try:
            return services.clean_clause_value("ratios", value)[0]
        except services.IngestError as exc:
            raise forms.ValidationError("比例应如 30% 或 0.3") from exc

    def row(self) -> dict[str, Any]:
        d = self.cleaned_data
        evidence = [int(x) for x in (d.get("evidence") or "").split(",") if x.strip().isdigit()]
        return {
            "kind": d["kind"],
            "ratio": d.get("ratio"),
            "base": (d.get("base") or "").strip() or None,
            "cap_yuan": d.get("cap_yuan"),
            "currency": d.get("currency") or "CNY",
            "per_year": bool(d.get("per_year")),
            "years": d.get("years"),
            "evidence": evidence,
        }

    @staticmethod
    def initial_for(row: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": row.get("kind"),
            "ratio": "" if row.get("ratio") is None else _pct(row["ratio"]),
            "base": row.get("base") or "",
            "cap_yuan": _amount_text(row.get("cap_yuan")),
            "per_year": bool(row.get("per_year")),
            "years": row.get("years"),
            "currency": row.get("currency") or "CNY",
            "evidence": ",".join(str(x) for x in row.get("evidence") or []),
        }


def _fact_choices(extra: list[str] = ()) -> list[tuple[str, str]]:
    from eligibility.facts import FACTS, lookup

    choices = [(k, f.label) for k, f in FACTS.items()]
    known = {k for k, _ in choices}
    for key in extra:
        if key and key not in known:
            fact = lookup(key)
            choices.append((key, fact.label if fact else key))
            known.add(key)
    return [("", "请选择条件"), *choices]


class ConditionRowForm(forms.Form):
    """One condition: fact, operator, value (the value is read by the fact's type)."""

    fact = forms.ChoiceField(label="条件", required=False)
    op = forms.ChoiceField(label="关系", choices=_OPS, required=False)
    value = forms.CharField(label="值", required=False, max_length=500)

    def __init__(self, *args, facts: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fact"].choices = _fact_choices(list(facts))

    def clean(self):
        data = super().clean()
        if not data.get("fact"):
            return data
        op = data.get("op") or "eq"
        if op not in _NO_VALUE and not (data.get("value") or "").strip():
            self.add_error("value", "请填写值")
            return data
        try:
            data["leaf"] = condition_leaf(data["fact"], op, data.get("value") or "")
        except ValueError as exc:
            self.add_error("value", str(exc))
        return data

    @staticmethod
    def initial_for(leaf: dict[str, Any]) -> dict[str, Any]:
        value = leaf.get("value")
        if isinstance(value, list):
            text = "、".join(str(v) for v in value)
        elif isinstance(value, bool):
            text = "是" if value else "否"
        elif value is None:
            text = ""
        else:
            from eligibility.facts import lookup

            fact = lookup(str(leaf.get("fact", "")))
            text = _amount_text(value) if fact and fact.type == "money" else str(value)
        return {"fact": leaf.get("fact", ""), "op": leaf.get("op", "eq"), "value": text}


def condition_leaf(fact_key: str, op: str, text: str) -> dict[str, Any]:
    """A condition leaf from form text, the value read by the fact's type (money accepts 万/亿)."""
    from eligibility.engine.profile_input import as_list, parse_date, parse_number
    from eligibility.facts import lookup

    fact = lookup(fact_key)
    if op in _NO_VALUE:
        return {"fact": fact_key, "op": op}
    text = text.strip()
    kind = fact.type if fact else "str"

    def one(v: str) -> Any:
        if kind == "money":
            n = parse_number(v, money=True)
            if n is None:
                raise ValueError("金额应如 300万 或 3000000")
            return n
        if kind == "int":
            n = parse_number(v)
            if n is None:
                raise ValueError("应为数字")
            return n
        if kind == "date":
            d = parse_date(v)
            if d is None:
                raise ValueError("日期应如 2026-01-01")
            return d
        if kind == "bool":
            return v in ("是", "true", "1", "有")
        return v

    if op in _LIST_OPS:
        return {"fact": fact_key, "op": op, "value": [one(v) for v in as_list(text) or []]}
    return {"fact": fact_key, "op": op, "value": one(text)}


BenefitFormSet = forms.formset_factory(BenefitRowForm, extra=1, can_delete=True)
ConditionFormSet = forms.formset_factory(ConditionRowForm, extra=2, can_delete=True)


def condition_rows(conditions: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """(editable leaves, groups kept as they are) of a clause's conditions."""
    node = conditions if isinstance(conditions, dict) else {}
    items = [node] if "fact" in node else node.get("all", node.get("any", []))
    leaves = [i for i in items if isinstance(i, dict) and "fact" in i]
    kept = [i for i in items if not (isinstance(i, dict) and "fact" in i)]
    return leaves, kept


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label="下架原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写下架原因"},
        help_text="将告知曾匹配到该政策的企业",
    )
    confirm = forms.BooleanField(
        label="我已确认下架后企业将看不到该政策", error_messages={"required": "请勾选确认"}
    )


class PolicyCorrectionForm(_CorrectionForm):
    fields_map = services.POLICY_FIELDS

    title = forms.CharField(label="标题", max_length=300, error_messages={"required": "请填写标题"})
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    issuer = forms.CharField(label="发文机关", max_length=200, required=False)
    province = forms.CharField(label="省份", max_length=50, required=False)
    city = forms.CharField(label="城市", max_length=50, required=False)
    region = forms.CharField(label="区县/园区", max_length=100, required=False)
    published_on = forms.CharField(label="发布日期", required=False, help_text="格式如 2026-01-01")
    effective_from = forms.CharField(label="施行日期", required=False, help_text="格式如 2026-01-01")
    effective_until = forms.CharField(label="有效期至", required=False, help_text="格式如 2026-01-01")
    is_draft = forms.BooleanField(label="征求意见稿/草案", required=False)
    stacking = forms.CharField(label="不重复享受规则", max_length=100, required=False)
    apply_from = forms.CharField(label="申报开始日期", required=False, help_text="申报时间与有效期不同时填写")
    apply_until = forms.CharField(label="申报截止日期", required=False, help_text="格式如 2026-06-30")
    handling_office = forms.CharField(label="受理部门", max_length=200, required=False)
    contact_phone = forms.CharField(label="咨询电话", max_length=100, required=False)

    def _clean_with(self, field: str, value: Any) -> Any:
        return services.clean_policy_value(field, value)

    @staticmethod
    def initial_for(policy: Policy) -> dict[str, Any]:
        """The policy's current values as form text."""
        out = {f: getattr(policy, f) for f in services.POLICY_FIELDS}
        for f in ("published_on", "effective_from", "effective_until", "apply_from", "apply_until"):
            out[f] = out[f].isoformat() if out[f] else ""
        return {k: ("" if v is None else v) for k, v in out.items()}


class SettlementForm(forms.Form):
    """How an admin settles one requirement phrase, without editing JSON."""

    kind = forms.ChoiceField(
        label="处理方式",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择处理方式", "invalid_choice": "请选择处理方式"},
    )
    fact = forms.ChoiceField(label="画像事实", choices=[], required=False)
    op = forms.ChoiceField(label="比较方式", choices=[], required=False)
    value = forms.CharField(label="取值", required=False, max_length=200, help_text="金额可写 300万")
    question = forms.CharField(label="向企业提出的问题", required=False, max_length=300)
    answer_type = forms.ChoiceField(
        label="回答类型", choices=[("bool", "是/否"), ("number", "数字")], required=False
    )
    unit = forms.CharField(label="单位", required=False, max_length=20)
    key = forms.CharField(
        label="问题标识", required=False, max_length=100, help_text="留空自动生成;相同标识的问题只问一次"
    )

    def __init__(self, *args, **kwargs) -> None:
        from . import settlements

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = settlements.Kind.choices
        self.fields["fact"].choices = [("", "请选择"), *settlements.fact_choices()]
        self.fields["op"].choices = [("", "请选择"), *settlements.OP_LABELS.items()]

    def clean(self) -> dict[str, Any]:
        from . import settlements

        data = super().clean()
        if self.errors:
            return data
        try:
            self.settled_fields = settlements.settlement_fields(data["kind"], data)
        except services.IngestError as exc:
            raise forms.ValidationError(exc.reason) from exc
        return data

    @staticmethod
    def initial_for(requirement: dict[str, Any]) -> dict[str, Any]:
        condition = requirement.get("condition") or {}
        value = condition.get("value")
        return {
            "kind": requirement.get("kind") if requirement.get("settled") else None,
            "fact": condition.get("fact", ""),
            "op": condition.get("op", ""),
            "value": "、".join(map(str, value)) if isinstance(value, list) else (value or ""),
            "question": requirement.get("question") or "",
            "answer_type": requirement.get("answer_type") or "bool",
            "unit": requirement.get("unit") or "",
            "key": requirement.get("key") or "",
        }
