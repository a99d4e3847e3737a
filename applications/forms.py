"""Forms: the application form, attachments, workflow actions, expert assignment and reviews."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from . import rules, workflow
from .files import ALLOWED, ALLOWED_LABEL, check_upload
from .models import Review

AMOUNT_HELP = "单位:元。例如 50万元 请填写 500000。"
MAX_AMOUNT_YUAN = rules.MAX_AMOUNT_YUAN


def _amount_errors(label: str) -> dict[str, str]:
    """Chinese messages for an amount in whole 元."""
    return {
        "invalid": f"{label}请填写整数,单位为元",
        "min_value": f"{label}至少为 1 元",
        "max_value": f"{label}过大,请核对单位(元)",
    }


class AmountInput(forms.NumberInput):
    """An amount in 元 with a live 万元 reading beside it (static/js/applications.js)."""

    def __init__(self, attrs=None) -> None:
        super().__init__(
            {"min": "1", "step": "1", "data-yuan-helper": "1", "inputmode": "numeric", **(attrs or {})}
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked like a single attachment (type, content, size)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [single(item, initial) for item in files]
        errors = []
        for upload in cleaned:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.append(f"「{upload.name}」:{error.messages[0]}")
        if errors:
            raise ValidationError(errors)
        return cleaned


class ApplicationForm(forms.Form):
    """What the clause needs: requested amount, project description and, for ratio benefits, investment."""

    requested_amount_yuan = forms.IntegerField(
        label="申请金额(元)",
        min_value=1,
        max_value=MAX_AMOUNT_YUAN,
        required=False,
        widget=AmountInput(),
        help_text=AMOUNT_HELP,
        error_messages=_amount_errors("申请金额"),
    )
    project_investment_yuan = forms.IntegerField(
        label="项目总投资(元)",
        min_value=1,
        max_value=MAX_AMOUNT_YUAN,
        required=False,
        error_messages=_amount_errors("项目总投资"),
        widget=AmountInput(),
        help_text="本条款按项目投资额的比例给予支持。" + AMOUNT_HELP,
    )
    project_description = forms.CharField(
        label="项目说明",
        required=False,
        max_length=rules.MAX_DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="简要说明项目内容、进度和与本条款的对应关系。",
    )
    files = MultipleFileField(
        label="申报材料(提交时至少一个)",
        required=False,
        help_text=f"申报书、营业执照、财务报表等,可一次选择多个文件;支持 {ALLOWED_LABEL},单个文件不超过 20 MB。",
    )
    acknowledge = forms.BooleanField(
        label="我已知悉:按企业画像判断本企业可能不符合该条款的申报条件,仍要提交申报,由审核人员决定。",
        required=False,
    )

    def __init__(
        self,
        *args,
        cap_yuan: int | None = None,
        needs_investment: bool = False,
        needs_acknowledge: bool = False,
        attachments: int = 0,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cap_yuan = cap_yuan
        self.attachments = attachments  # how many the application already has
        if attachments:
            self.fields["files"].label = f"补充申报材料(已上传 {attachments} 个)"
        self.needs_acknowledge = needs_acknowledge
        if not needs_investment:
            del self.fields["project_investment_yuan"]
        if not needs_acknowledge:
            del self.fields["acknowledge"]
        if cap_yuan:
            from policies.money import format_yuan

            self.fields["requested_amount_yuan"].help_text = (
                f"本条款最高支持{format_yuan(cap_yuan)}。" + AMOUNT_HELP
            )

    def clean_requested_amount_yuan(self) -> int | None:
        value = self.cleaned_data.get("requested_amount_yuan")
        message = rules.amount_error(value, "申请金额", cap_yuan=self.cap_yuan)
        if message:
            raise forms.ValidationError(message)
        return value

    def check_for_submit(self) -> bool:
        """On submit every field the clause needs is required, and the warning must be acknowledged."""
        if not self.is_valid():
            return False
        data = self.cleaned_data
        if not data.get("requested_amount_yuan"):
            self.add_error("requested_amount_yuan", "提交前请填写申请金额。")
        if not (data.get("project_description") or "").strip():
            self.add_error("project_description", "提交前请填写项目说明。")
        if "project_investment_yuan" in self.fields and not data.get("project_investment_yuan"):
            self.add_error("project_investment_yuan", "提交前请填写项目总投资。")
        if not self.attachments and not data.get("files"):
            self.add_error("files", "提交前请上传申报材料(至少一个附件)。")
        if self.needs_acknowledge and not data.get("acknowledge"):
            self.add_error("acknowledge", "请确认已知悉资格提示后再提交。")
        return not self.errors


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件",
        help_text=f"支持 {ALLOWED_LABEL},单个文件不超过 20 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED)}),
    )
    description = forms.CharField(label="说明", max_length=200, required=False)


class ActionForm(forms.Form):
    """A workflow action with its comment and data (only the fields the action reads are used)."""

    comment = forms.CharField(
        label="意见", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    approved_amount_yuan = forms.CharField(label="批准金额(元)", required=False)
    disbursed_amount_yuan = forms.CharField(label="拨付金额(元)", required=False)
    disbursed_on = forms.CharField(label="拨付日期", required=False)
    publicity_days = forms.CharField(label="公示期(工作日)", required=False)
    proposed_amount_yuan = forms.CharField(label="拟支持金额(元)", required=False)

    def data_for(self, t: workflow.Transition) -> dict[str, str]:
        """The action data the transition reads."""
        return {name: self.cleaned_data.get(name) for name in t.fields if self.cleaned_data.get(name)}


class AssignExpertForm(forms.Form):
    expert = forms.ModelChoiceField(
        label="评审专家", queryset=None, empty_label="请选择", error_messages={"required": "请选择评审专家"}
    )

    def __init__(self, *args, experts=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class ReviewForm(forms.Form):
    """A score per criterion of the policy, a recommendation and a comment."""

    recommendation = forms.ChoiceField(label="评审建议", choices=Review.Recommendation.choices)
    reduced_amount_yuan = forms.IntegerField(
        label="核减后建议金额(元)",
        min_value=1,
        max_value=MAX_AMOUNT_YUAN,
        required=False,
        widget=AmountInput(),
        help_text="选择「建议核减后支持」时必填。" + AMOUNT_HELP,
        error_messages=_amount_errors("核减后建议金额"),
    )
    comment = forms.CharField(
        label="评审意见",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请填写评审意见"},
    )

    def __init__(self, *args, criteria: list[tuple[str, int]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scored = {}
        for index, (name, top) in enumerate(criteria):
            scored[f"score_{index}"] = forms.IntegerField(
                label=f"{name}(0-{top}分)",
                min_value=0,
                max_value=top,
                error_messages={
                    "required": f"请为「{name}」打分",
                    "invalid": "请填写整数分数",
                    "min_value": "分数不能小于 0 分",
                    "max_value": f"「{name}」最高 {top} 分",
                },
            )
        self.fields = {**scored, **self.fields}

    def clean(self):
        data = super().clean()
        if data.get("recommendation") == Review.Recommendation.SUPPORT_REDUCED and not data.get(
            "reduced_amount_yuan"
        ):
            self.add_error("reduced_amount_yuan", "建议核减后支持时,请填写核减后建议金额。")
        return data

    def scores(self) -> dict[str, int]:
        """Scores keyed by criterion name."""
        return {name: self.cleaned_data[f"score_{i}"] for i, (name, _) in enumerate(self.criteria)}
