"""Sign-up and sign-in forms in Chinese."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm, UserCreationForm

from eligibility.credit_code import InvalidCreditCode, validate
from eligibility.models import Company

from .models import User
from .phones import InvalidPhone, normalise_phone


class EnterpriseSignupForm(UserCreationForm):
    """An enterprise user signing up for a company."""

    display_name = forms.CharField(label="联系人姓名", max_length=100)
    email = forms.EmailField(
        label="电子邮箱",
        max_length=254,
        help_text="用于接收申报进度通知和找回密码。",
        error_messages={"required": "请填写电子邮箱", "invalid": "请填写有效的电子邮箱地址"},
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        help_text="手机号(11位)或固定电话(区号-号码)。",
    )
    company_name = forms.CharField(label="企业名称", max_length=200)
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=30, help_text="18位,见营业执照;系统会校验最后一位校验码。"
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email", "phone", "company_name", "credit_code")
        labels = {"username": "用户名"}

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data.get("phone", ""))
        except InvalidPhone as exc:
            raise forms.ValidationError(str(exc)) from exc

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


class ResetRequestForm(PasswordResetForm):
    """忘记密码: the e-mail address the account was registered with."""

    email = forms.EmailField(
        label="注册时填写的电子邮箱",
        max_length=254,
        error_messages={"required": "请填写电子邮箱", "invalid": "请填写有效的电子邮箱地址"},
    )


class ResetPasswordForm(SetPasswordForm):
    """The new password, chosen from the link in the e-mail."""
