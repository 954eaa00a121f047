"""The forms of the user administration; the choices they offer are what the actor administers."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from mahalleh.accounts.models import User
from mahalleh.administration import selectors
from mahalleh.agencies.models import Agency
from mahalleh.core.forms import IdempotentFormMixin, version_field
from mahalleh.core.text import to_latin_digits
from mahalleh.places.models import County, Neighborhood, Province

MOBILE = re.compile(r"^09\d{9}$")
MOBILE_HELP = "مانند ۰۹۱۲۳۴۵۶۷۸۹"


def clean_mobile(value: str) -> str:
    """An Iranian mobile number as «09xxxxxxxxx» (Persian digits, spaces, dashes and +98 accepted); ValueError if not one."""
    digits = re.sub(r"[\s\-()]", "", to_latin_digits(value or ""))
    if not digits:
        return ""
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    elif digits.startswith("0098"):
        digits = "0" + digits[4:]
    elif digits.startswith("98") and len(digits) == 12:
        digits = "0" + digits[2:]
    elif digits.startswith("9") and len(digits) == 10:
        digits = "0" + digits
    if not MOBILE.match(digits):
        raise ValueError("شماره همراه نادرست است؛ باید ۱۱ رقم و با ۰۹ آغاز شود (مانند ۰۹۱۲۳۴۵۶۷۸۹).")
    return digits


class ContactFields(forms.Form):
    first_name = forms.CharField(label="نام", max_length=150, required=False)
    last_name = forms.CharField(label="نام خانوادگی", max_length=150, required=False)
    phone = forms.CharField(label="تلفن همراه", max_length=20, required=False, help_text=MOBILE_HELP)
    email = forms.EmailField(label="رایانامه", required=False, error_messages={"invalid": "رایانامه نادرست است."})

    def clean_phone(self) -> str:
        try:
            return clean_mobile(self.cleaned_data.get("phone", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class UserCreateForm(IdempotentFormMixin, ContactFields):
    username = forms.CharField(label="نام کاربری", max_length=150, validators=[UnicodeUsernameValidator(
        message="نام کاربری فقط از حروف، رقم و نشانه‌های @ . + - _ ساخته می‌شود.")])
    province = forms.ModelChoiceField(label="استان", queryset=Province.objects.none(), empty_label=None)
    password = forms.CharField(label="گذرواژه اولیه", required=False, strip=False,
                               widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                               help_text="خالی بگذارید تا به‌جای آن پیوند تعیین گذرواژه ساخته شود.")
    field_order = ["username", "first_name", "last_name", "phone", "email", "province", "password"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.grantable_provinces(user)


class UserEditForm(ContactFields):
    def __init__(self, *args: Any, user: User, account: User, version: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"first_name": account.first_name, "last_name": account.last_name,
                                      "phone": account.phone, "email": account.email})
        super().__init__(*args, **kwargs)
        self.fields["version"] = version_field(version)


class DeactivateForm(forms.Form):
    reason = forms.CharField(label="دلیل", max_length=300, required=False, help_text="مانند «بازنشستگی» یا «انتقال به دستگاه دیگر»")

    def __init__(self, *args: Any, user: User, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = version_field(version)


class ReactivateForm(forms.Form):
    def __init__(self, *args: Any, user: User, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = version_field(version)


class RoleGrantForm(IdempotentFormMixin, forms.Form):
    role = forms.ChoiceField(label="نقش")
    province = forms.ModelChoiceField(label="استان (برای دبیرخانه و استاندار)", queryset=Province.objects.none(),
                                      required=False)
    county = forms.ModelChoiceField(label="شهرستان (برای کارشناس فرمانداری)", queryset=County.objects.none(),
                                    required=False)
    agency = forms.ModelChoiceField(label="دستگاه (برای رابط دستگاه و شریک)", queryset=Agency.objects.none(),
                                    required=False)
    neighborhood = forms.ModelChoiceField(label="محله (برای مدیر محله)", queryset=Neighborhood.objects.none(),
                                          required=False)
    note = forms.CharField(label="توضیح", max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = selectors.grantable_roles(user)
        for name, qs in (("province", selectors.grantable_provinces(user)), ("county", selectors.grantable_counties(user)),
                         ("agency", selectors.grantable_agencies(user)),
                         ("neighborhood", selectors.grantable_neighborhoods(user))):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs

    def scope(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("province", "county", "agency", "neighborhood") if self.cleaned_data.get(k)}


class HandoverForm(IdempotentFormMixin, forms.Form):
    to_user = forms.ModelChoiceField(label="تحویل‌گیرنده", queryset=User.objects.none(),
                                     error_messages={"invalid_choice": "این کاربر را نمی‌توان برگزید."})
    note = forms.CharField(label="توضیح", max_length=300, required=False, help_text="مانند «بازنشستگی آقای …»")

    def __init__(self, *args: Any, user: User, holder: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.manageable_users(user).filter(is_active=True).exclude(pk=holder.pk)


class RevokeForm(IdempotentFormMixin, forms.Form):
    note = forms.CharField(label="توضیح", max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class OnboardingForm(IdempotentFormMixin, forms.Form):
    province = forms.ModelChoiceField(label="استان", queryset=Province.objects.none(), empty_label=None)
    file = forms.FileField(label="کارنامه اکسل (xlsx)", error_messages={"required": "پرونده‌ای برگزیده نشده است."})
    dry_run = forms.BooleanField(label="فقط بررسی شود (چیزی ثبت نشود)", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.grantable_provinces(user)
