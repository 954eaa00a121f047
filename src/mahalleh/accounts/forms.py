from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from mahalleh.accounts.lockout import login_gate


class GatedLoginMixin:
    """Runs the form's authentication inside ``login_gate`` (see ``accounts.lockout``). Every sign-in
    form (ours, the admin's) uses it; the gate commits what axes recorded before the error is raised."""

    request: Any

    def clean(self) -> dict[str, Any]:
        error: forms.ValidationError | None = None
        with login_gate(self.request):
            try:
                cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]  # the form class it is mixed into
            except forms.ValidationError as exc:
                error = exc
        if error is not None:
            raise error
        return cleaned


class LoginForm(GatedLoginMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "نام کاربری یا گذرواژه نادرست است.",
        "inactive": "این حساب غیرفعال است.",
    }


class AdminLoginForm(GatedLoginMixin, AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "نام کاربری یا گذرواژه نادرست است، یا این حساب کارمند نیست.",
    }


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label="رمز یک‌بارمصرف", max_length=8, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}),
    )

    def clean_token(self) -> str:
        from mahalleh.core.text import to_latin_digits

        return to_latin_digits(self.cleaned_data["token"]).strip()
