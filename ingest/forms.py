"""Forms for uploading documents and correcting extracted values."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings

from policies.models import Clause, Policy

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
    fields_map = services.CLAUSE_FIELDS
    json_fields = ("conditions", "benefits")

    number = forms.CharField(label="编号", max_length=100, error_messages={"required": "请填写编号"})
    heading = forms.CharField(label="标题", max_length=300, required=False)
    kind = forms.ChoiceField(label="类型", choices=Clause.Kind.choices)
    text = forms.CharField(label="条款原文", widget=forms.Textarea(attrs={"rows": 6}))
    max_amount_yuan = forms.CharField(
        label="最高金额(元)", required=False, help_text="整数,单位为元;无上限请留空"
    )
    amounts_yuan = forms.CharField(
        label="金额(元)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个,单位为元",
    )
    ratios = forms.CharField(
        label="比例",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个,如 0.3 或 30%",
    )
    benefits = forms.CharField(
        label="支持内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="按导入结果的格式填写,每项包含类型、比例、基数、上限等",
    )
    conditions = forms.CharField(
        label="申报条件",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="条件表达式:all 表示同时满足,any 表示满足其一,not 表示不满足",
    )
    qualifications = forms.CharField(
        label="资质要求", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    thresholds = forms.CharField(label="门槛", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    departments = forms.CharField(label="责任部门", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(label="标签", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_max_amount_yuan(self) -> str:
        """Rejects amounts too large to store before the service parses them."""
        value = (self.cleaned_data.get("max_amount_yuan") or "").strip()
        digits = value.replace(",", "").replace(",", "")
        if digits.isdigit() and int(digits) > MAX_AMOUNT_YUAN:
            raise forms.ValidationError("金额过大,请核对单位(元)")
        return value

    def _clean_with(self, field: str, value: Any) -> Any:
        return services.clean_clause_value(field, value)

    @staticmethod
    def initial_for(clause: Clause) -> dict[str, Any]:
        """The clause's current values as form text."""
        return {
            "number": clause.number,
            "heading": clause.heading or "",
            "kind": clause.kind,
            "text": clause.text,
            "max_amount_yuan": "" if clause.max_amount_yuan is None else clause.max_amount_yuan,
            "amounts_yuan": _lines(clause.amounts_yuan),
            "ratios": _lines(clause.ratios),
            "benefits": _json_text(services.clause_benefits(clause)),
            "conditions": _json_text(clause.conditions),
            "qualifications": _lines(clause.qualifications),
            "thresholds": _lines(clause.thresholds),
            "departments": _lines(clause.departments),
            "tags": _lines(clause.tags),
        }


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

    def _clean_with(self, field: str, value: Any) -> Any:
        return services.clean_policy_value(field, value)

    @staticmethod
    def initial_for(policy: Policy) -> dict[str, Any]:
        """The policy's current values as form text."""
        out = {f: getattr(policy, f) for f in services.POLICY_FIELDS}
        for f in ("published_on", "effective_from", "effective_until"):
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
