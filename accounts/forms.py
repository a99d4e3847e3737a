"""Sign-up and sign-in forms in Chinese."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from eligibility.credit_code import InvalidCreditCode, validate
from eligibility.models import Company

from .models import User

PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{5,18}[0-9]")


class EnterpriseSignupForm(UserCreationForm):
    """An enterprise user signing up for a company."""

    display_name = forms.CharField(label="联系人姓名", max_length=100)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    company_name = forms.CharField(label="企业名称", max_length=200)
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=30, help_text="18位,见营业执照;系统会校验最后一位校验码。"
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "phone", "company_name", "credit_code")
        labels = {"username": "用户名"}

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError("请填写正确的手机号或座机号(数字,可含 + - 空格与括号)。")
        return phone

    def clean_credit_code(self) -> str:
        try:
            code = validate(self.cleaned_data["credit_code"])
        except InvalidCreditCode as exc:
            raise forms.ValidationError(str(exc)) from exc
        if Company.objects.filter(credit_code=code).exists():
            raise forms.ValidationError("该企业已注册。请联系企业管理员将您添加为成员。")
        return code


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账户已停用。",
    }

    def get_invalid_login_error(self):
        throttled = getattr(self.request, "login_throttled", None)
        if throttled:
            return forms.ValidationError(throttled, code="throttled")
        return super().get_invalid_login_error()
