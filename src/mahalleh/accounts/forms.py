from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from mahalleh.core import lockout


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing an account with too many recent failures."""

    error_messages = {
        "invalid_login": "نام کاربری یا گذرواژه نادرست است.",
        "inactive": "این حساب غیرفعال است.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        if username and lockout.is_locked(username):
            raise forms.ValidationError(
                "به دلیل چند تلاش ناموفق پیاپی، ورود به این حساب تا %(minutes)s دقیقه ممکن نیست.",
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            lockout.record_failure(username, self.request.META.get("REMOTE_ADDR") if self.request else None)
            raise
        lockout.clear(username)
        return cleaned
