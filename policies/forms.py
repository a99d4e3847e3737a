"""The library's filter form: every filter lives in the URL, and the form shows what was typed."""

from __future__ import annotations

from functools import cached_property

from django import forms

from config.query import shown, unknown_parameters
from eligibility.engine.profile_input import parse_number

from .models import Validity
from .selectors import SORTS, LibraryFilters

MAX_AMOUNT_YUAN = 10**13
# The page shows these fields' errors beside them; the others' become notices above the results.
ERRORS_BESIDE = ("q", "amount_min", "amount_max")


class AmountField(forms.CharField):
    """An amount as people type it (300万, 1.2亿, 3,000,000) -> yuan; the text stays in the form."""

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        yuan = parse_number(text, money=True)
        if yuan is None or yuan < 0 or yuan > MAX_AMOUNT_YUAN:
            raise forms.ValidationError("请填写金额,如 300万、1.2亿 或 3000000")
        return int(yuan)


TRUE_WORDS, FALSE_WORDS = ("on", "true", "1", "yes"), ("", "off", "false", "0", "no")


def _ticked(value) -> bool:
    return value is True or str(value).strip().lower() in TRUE_WORDS


class SwitchInput(forms.CheckboxInput):
    """A checkbox that hands the field the value as sent (Django's turns any text into True)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=_ticked)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class SwitchField(forms.BooleanField):
    """A checkbox filter: ticked ("on", or true/1 from API clients), unticked (false/0), or absent;
    any other value is an error rather than counting as ticked."""

    widget = SwitchInput

    def to_python(self, value):
        if isinstance(value, bool) or value is None:
            return bool(value)
        text = str(value).strip().lower()
        if text not in TRUE_WORDS + FALSE_WORDS:
            raise forms.ValidationError("请填写 true 或 false", code="invalid")
        return text in TRUE_WORDS


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="关键词", max_length=100, required=False, strip=True)
    region = forms.CharField(label="地区/园区", max_length=100, required=False)
    industry = forms.CharField(label="产业", max_length=50, required=False)
    issuer = forms.CharField(label="发文机关", max_length=100, required=False)
    validity = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Validity.choices])
    has_money = SwitchField(label="有资金支持", required=False)
    open_now = SwitchField(label="申报中", required=False)
    amount_min = AmountField(label="单项最高金额不低于", max_length=30, required=False)
    amount_max = AmountField(label="单项最高金额不高于", max_length=30, required=False)
    sort = forms.ChoiceField(label="排序", required=False, choices=[("", "默认"), *SORTS.items()])

    def __init__(self, *args, choices: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices or {}
        for name in ("q", "region", "industry", "issuer", "amount_min", "amount_max"):
            self.fields[name].widget.attrs["class"] = "filter-input"
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "标题、地区、文号或条款内容,简繁均可"}
        )
        self.fields["region"].widget.attrs["list"] = "regions-list"
        self.fields["industry"].widget.attrs["list"] = "industries-list"
        self.fields["issuer"].widget.attrs["list"] = "issuers-list"
        self.fields["amount_min"].widget.attrs["placeholder"] = "如 100万"
        self.fields["amount_max"].widget.attrs["placeholder"] = "如 1亿"

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", "上限应不低于下限")
        return data

    def filters(self) -> LibraryFilters:
        """The valid filters (an invalid field is left out, and the form says why)."""
        data = self.cleaned_data if self.is_bound else {}
        return LibraryFilters(
            **{
                k: v
                for k, v in data.items()
                if k in LibraryFilters.__dataclass_fields__ and v not in (None, "")
            }
        )

    @cached_property
    def notices(self) -> list[str]:
        """What the page could not use, in Chinese: unknown parameters and invalid values are left out
        of the filters, and said so, instead of silently showing the whole library."""
        if not self.is_bound:
            return []
        notes = [
            f"不支持的筛选条件“{shown(name)}”,已忽略。" for name in unknown_parameters(self.data, self.fields)
        ]
        if self.is_valid():
            return notes
        for name, errors in self.errors.items():
            if name in ERRORS_BESIDE or name not in self.fields:
                continue
            label, value = self.fields[name].label, shown(self.data.get(name, ""))
            if isinstance(self.fields[name], forms.ChoiceField):
                notes.append(f"“{label}”没有“{value}”这一项,已忽略该条件。")
            else:
                notes.append(f"“{label}”:{errors[0]}(已忽略该条件)")
        return notes

    @property
    def active(self) -> bool:
        """Any filter other than the query and the sort is set."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return any(v not in (None, "", False) for k, v in data.items() if k not in ("q", "sort"))
