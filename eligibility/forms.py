"""The company profile form: every fact of DESIGN.md with its unit; an empty field means unknown."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone

import places

from . import profile as profile_rules
from .facts import ENTITY_TYPES, FACTS, STAGES

UNKNOWN = ("", "未填写")
TRI_STATE = [UNKNOWN, ("yes", "是"), ("no", "否")]
_SPLIT = re.compile(r"[,,、;;\n\r]+")
_MONEY = re.compile(r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>亿元|亿|万元|万|元)?$")
_UNITS = {"亿元": 100_000_000, "亿": 100_000_000, "万元": 10_000, "万": 10_000, "元": 1, None: 1}
MAX_YUAN = profile_rules.MAX_YUAN
MAX_LIST_TEXT = 3000


class MoneyField(forms.CharField):
    """An amount in 元; accepts 5000000, 5,000,000, 500万 or 1.2亿 and stores whole yuan."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "placeholder": "单位:元,可写“500万”", "class": "money"}
        )

    def to_python(self, value: Any) -> int | None:
        text = super().to_python(value)
        if not text:
            return None
        text = text.replace(",", "").replace(",", "").replace(" ", "")
        match = _MONEY.match(text)
        if not match:
            raise ValidationError("请输入金额数字,单位为元(也可写“500万”“1.2亿”)", code="invalid")
        try:
            amount = Decimal(match.group("num")) * _UNITS[match.group("unit")]
        except InvalidOperation as exc:
            raise ValidationError("金额格式不正确", code="invalid") from exc
        if amount != amount.to_integral_value():
            raise ValidationError("金额请精确到元", code="fraction")
        if amount > MAX_YUAN:
            raise ValidationError("金额过大,请核对单位(元)", code="too_large")
        return int(amount)


class TriStateField(forms.TypedChoiceField):
    """Yes / no / unknown: unknown stays None (never False)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=TRI_STATE,
            coerce=lambda v: {"yes": True, "no": False}[v],
            empty_value=None,
            required=False,
            **kwargs,
        )


class ListField(forms.CharField):
    """Several names separated by 顿号, commas or new lines; empty is unknown."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "、".join(str(v) for v in value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str] | None:
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > MAX_LIST_TEXT:
            raise ValidationError(f"内容过长(不超过{MAX_LIST_TEXT}个字)", code="too_long")
        items: dict[str, None] = {}  # insertion-ordered set: linear in the number of items
        for part in _SPLIT.split(text):
            part = part.strip()
            if part and part not in items:
                if len(part) > profile_rules.MAX_ITEM_CHARS:
                    raise ValidationError(
                        f"每项名称不超过{profile_rules.MAX_ITEM_CHARS}个字", code="too_long"
                    )
                items[part] = None
        return list(items) or None


def _label(key: str) -> str:
    fact = FACTS[key]
    return f"{fact.label}({fact.unit})" if fact.unit else fact.label


def _help(key: str, extra: str = "") -> str:
    return " ".join(p for p in (FACTS[key].question, extra, "不清楚可留空(视为“未知”)。") if p)


def _int_field(key: str, extra: str = "", max_value: int = 10_000_000) -> forms.IntegerField:
    return forms.IntegerField(
        label=_label(key),
        required=False,
        min_value=0,
        max_value=max_value,
        help_text=_help(key, extra),
        widget=forms.NumberInput(attrs={"min": 0, "step": 1}),
    )


def _money_field(key: str, extra: str = "") -> MoneyField:
    return MoneyField(
        label=_label(key), help_text=_help(key, extra or "单位:元,例如 500万元 填 5000000 或“500万”。")
    )


def _choice_field(key: str, choices: tuple[tuple[str, str], ...]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=FACTS[key].label, choices=[UNKNOWN, *choices], required=False, help_text=_help(key)
    )


def _tri(key: str) -> TriStateField:
    return TriStateField(label=FACTS[key].label, help_text=_help(key))


class ProfileForm(forms.Form):
    """The profile facts; field names are the fact keys."""

    entity_type = _choice_field("entity_type", ENTITY_TYPES)
    independent_legal_person = _tri("independent_legal_person")
    province = forms.CharField(
        label="注册地省份", required=False, max_length=50,
        help_text="例如 北京市、吉林省。与城市、区县一起填写,才能区分同名区县(北京市朝阳区 / 长春市朝阳区)。",
        widget=forms.TextInput(attrs={"list": "province-options", "autocomplete": "off"}),
    )  # fmt: skip
    city = forms.CharField(
        label="注册地城市", required=False, max_length=50, help_text="直辖市填写与省份相同的名称,例如 北京市。",
        widget=forms.TextInput(attrs={"list": "city-options", "autocomplete": "off"}),
    )  # fmt: skip
    district = forms.CharField(
        label="注册地区县", required=False, max_length=100, help_text="例如 朝阳区、海淀区。",
        widget=forms.TextInput(attrs={"list": "district-options", "autocomplete": "off"}),
    )  # fmt: skip
    zones = ListField(
        label="所在园区/开发区",
        help_text="例如 中关村朝阳园、北京经济技术开发区;多个用顿号或换行分隔。不清楚可留空。",
    )
    no_zones = forms.BooleanField(label="不位于任何开发区或产业园区", required=False)
    established_on = forms.DateField(
        label="成立日期", required=False, help_text=_help("established_on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    stage = _choice_field("stage", STAGES)
    industries = ListField(
        label="所属行业/领域", help_text=_help("industries", "多个用顿号或换行分隔,例如 人工智能、数字人。")
    )
    employees = _int_field("employees")
    registered_capital_yuan = _money_field("registered_capital_yuan")
    revenue_last_year_yuan = _money_field("revenue_last_year_yuan")
    rd_expense_last_year_yuan = _money_field("rd_expense_last_year_yuan")
    above_designated_size = _tri("above_designated_size")
    no_qualifications = forms.BooleanField(label="暂无任何资质或认定", required=False)
    credit_good = _tri("credit_good")
    major_penalty_3y = _tri("major_penalty_3y")
    # profile["facts"]
    project_investment_yuan = _money_field("project_investment_yuan")
    equipment_investment_yuan = _money_field("equipment_investment_yuan")
    rent_area_sqm = _int_field("rent_area_sqm", max_value=100_000_000)
    financing_yuan = _money_field("financing_yuan")
    project_level = _choice_field("project_level", FACTS["project_level"].choices)
    first_time = _tri("first_time")
    relocated_in = _tri("relocated_in")

    SECTIONS = (
        ("基本情况", ("entity_type", "independent_legal_person", "established_on", "stage", "industries")),
        ("注册地与园区", ("province", "city", "district", "zones", "no_zones")),
        ("规模与经营(上一年度)", (
            "employees", "registered_capital_yuan", "revenue_last_year_yuan",
            "rd_expense_last_year_yuan", "above_designated_size",
        )),
        ("信用", ("credit_good", "major_penalty_3y")),
        ("拟申报项目", (
            "project_investment_yuan", "equipment_investment_yuan", "rent_area_sqm", "financing_yuan",
            "project_level", "first_time", "relocated_in",
        )),
    )  # fmt: skip
    EXTRA = ("project_investment_yuan", "equipment_investment_yuan", "rent_area_sqm", "financing_yuan",
             "project_level", "first_time", "relocated_in")  # fmt: skip

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in their fieldsets."""
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean_established_on(self):
        day = self.cleaned_data.get("established_on")
        if day and day > timezone.localdate():
            raise ValidationError("成立日期不能晚于今天")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        province, city = data.get("province") or "", data.get("city") or ""
        if province in places.MUNICIPALITY_NAMES and not city:
            data["city"] = city = province
        district, zones = data.get("district") or "", data.get("zones") or []
        for name, message in places.region_errors(province, city, district, zones).items():
            self.add_error(name, message)
        if data.get("no_zones") and data.get("zones"):
            self.add_error("no_zones", "已填写园区,请不要同时勾选“不位于任何园区”")
        given = {
            k: v for k, v in data.items() if k in self.fields and v not in (None, "") and k not in self.errors
        }
        for name, message in profile_rules.bounds_errors(given, timezone.localdate()).items():
            self.add_error(name if name in self.fields else None, message)
        return data

    def profile(
        self, qualifications: list[dict[str, Any]] | None, existing: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The profile (DESIGN.md shape) without unknown values; keys the form does not show stay."""
        data = self.cleaned_data
        existing = existing or {}
        managed = {*self.fields, "qualifications"}
        out: dict[str, Any] = {k: v for k, v in existing.items() if k not in managed and k != "facts"}
        facts: dict[str, Any] = {
            k: v for k, v in (existing.get("facts") or {}).items() if k not in self.EXTRA
        }
        for name in self.fields:
            if name in ("no_zones", "no_qualifications"):
                continue
            value = data.get(name)
            if value is None or value == "":
                continue
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            (facts if name in self.EXTRA else out)[name] = value
        if data.get("no_zones") and not out.get("zones"):
            out["zones"] = []
        if qualifications:
            out["qualifications"] = qualifications
        elif data.get("no_qualifications"):
            out["qualifications"] = []
        if facts:
            out["facts"] = facts
        return out

    @classmethod
    def initial_from(cls, profile: dict[str, Any]) -> dict[str, Any]:
        """Form initial values from a stored profile (booleans as yes/no, unknown as empty)."""
        flat = {**profile, **(profile.get("facts") or {})}
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            value = flat.get(name)
            if value is None:
                continue
            if isinstance(field, TriStateField):
                value = "yes" if value is True else "no" if value is False else ""
            initial[name] = value
        initial["no_zones"] = profile.get("zones") == []
        initial["no_qualifications"] = profile.get("qualifications") == []
        return initial


class QualificationForm(forms.Form):
    """One qualification held: its name, level (if graded) and the date obtained."""

    name = forms.CharField(
        label="资质/认定名称", required=False, max_length=100,
        widget=forms.TextInput(attrs={"list": "qualification-options", "placeholder": "如 国家高新技术企业", "aria-label": "资质/认定名称"}),
    )  # fmt: skip
    level = forms.IntegerField(
        label="等级(级)", required=False, min_value=1, max_value=10,
        help_text="分级的资质填写,如 DCMM 3级、CMMI 5级",
        widget=forms.NumberInput(attrs={"min": 1, "max": 10, "aria-label": "等级(级)"}),
        error_messages={"invalid": "等级请填写整数", "min_value": "等级至少为 1 级", "max_value": "等级不超过 10 级"},
    )  # fmt: skip
    obtained_on = forms.DateField(
        label="取得日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "aria-label": "取得日期"}),
        error_messages={"invalid": "请填写正确的日期,例如 2024-05-01"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("name") and (data.get("level") is not None or data.get("obtained_on")):
            self.add_error("name", "请填写资质名称")
        day = data.get("obtained_on")
        if day and day > timezone.localdate():
            self.add_error("obtained_on", "取得日期不能晚于今天")
        return data

    def entry(self) -> dict[str, Any] | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("name"):
            return None
        entry: dict[str, Any] = {"name": data["name"].strip()}
        if data.get("level") is not None:
            entry["level"] = data["level"]
        if data.get("obtained_on"):
            entry["obtained_on"] = data["obtained_on"].isoformat()
        return entry


QualificationFormSet = formset_factory(QualificationForm, extra=2, max_num=30, validate_max=True)
QUALIFICATION_SUGGESTIONS = (
    "国家高新技术企业",
    "专精特新中小企业",
    '专精特新"小巨人"企业',
    "创新型中小企业",
    "科技型中小企业",
    "中关村高新技术企业",
    "DCMM",
    "CMMI",
)


def qualification_entries(formset: Any) -> list[dict[str, Any]]:
    """The filled qualification rows as profile entries."""
    return [e for e in (form.entry() for form in formset.forms) if e]


def qualification_initial(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """Formset initial rows from the stored profile."""
    rows = []
    for item in profile.get("qualifications") or ():
        if isinstance(item, dict) and item.get("name"):
            rows.append({k: item.get(k) for k in ("name", "level", "obtained_on")})
        elif isinstance(item, str):
            rows.append({"name": item})
    return rows
