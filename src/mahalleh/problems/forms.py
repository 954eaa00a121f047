"""Forms of the problems pages; they only parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from mahalleh.agencies.models import Agency
from mahalleh.core.forms import IdempotentFormMixin, limit_choices
from mahalleh.core.forms import VersionForm as CoreVersionForm
from mahalleh.core.scoping import CHANGE
from mahalleh.core.services import DomainError
from mahalleh.core.text import to_latin_digits
from mahalleh.core.uploads import SafeImageField
from mahalleh.places.models import Neighborhood
from mahalleh.problems import codes
from mahalleh.problems.models import Category, Problem, ProblemPhoto, Source, Status
from mahalleh.problems.services import SETTABLE, normalize_mobile

CONSENT_CALL = "می‌پذیرم که کارشناس دستگاه مسئول برای پیگیری همین مشکل با من تماس بگیرد."
CONSENT_SMS = "می‌پذیرم که کد رهگیری و هر تغییر وضعیت این مشکل برایم پیامک شود (هر زمان می‌توانم انصراف دهم)."


class CategoryChoiceField(forms.ModelChoiceField[Category]):
    """The taxonomy grouped under its seven axes."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.axis.name} — {obj.name}"


def intake_neighborhoods(user: Any) -> QuerySet[Neighborhood]:
    """The neighborhoods this user records problems for (``problem_intake`` checks the same)."""
    return Neighborhood.objects.restrict(user, CHANGE).select_related("county").order_by("county__name", "name")


class DecimalDegreesField(forms.FloatField):
    """A coordinate typed in Persian, Arabic or Latin digits, with «٫», «/» or «.» as the decimal point."""

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        if isinstance(value, str):
            value = to_latin_digits(value).strip().replace("٫", ".").replace("/", ".").replace("،", ".")
        return super().to_python(value)


class IntakeForm(IdempotentFormMixin, forms.Form):
    """One screen, phone first: where, what, who (optional), with consent in plain words."""

    neighborhood = forms.ModelChoiceField(label="محله", queryset=Neighborhood.objects.none())
    category = CategoryChoiceField(label="دسته مشکل", queryset=Category.objects.none())
    description = forms.CharField(label="شرح مشکل", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                                  error_messages={"required": "شرح مشکل را بنویسید."})
    source = forms.ChoiceField(label="منبع", choices=Source.choices, initial=Source.SERVICE_DESK)
    reporter_name = forms.CharField(label="نام طرح‌کننده (اختیاری)", required=False, max_length=150)
    reporter_mobile = forms.CharField(
        label="تلفن همراه (اختیاری)", required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "autocomplete": "off"}),
        help_text="بی‌نام هم می‌توان ثبت کرد.")
    may_call_back = forms.BooleanField(label=CONSENT_CALL, required=False)
    sms_consent = forms.BooleanField(label=CONSENT_SMS, required=False)
    photos = SafeImageField(label="عکس (اختیاری)", required=False, multiple=True)
    # An optional point on the map (e.g. read off the phone's map app), inside Iran.
    latitude = DecimalDegreesField(label="عرض جغرافیایی (اختیاری)", required=False, min_value=24.0, max_value=40.0,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
                                error_messages={"min_value": "این نقطه در ایران نیست (عرض جغرافیایی ۲۴ تا ۴۰).",
                                                "max_value": "این نقطه در ایران نیست (عرض جغرافیایی ۲۴ تا ۴۰).",
                                                "invalid": "عرض جغرافیایی را به عدد بنویسید، مانند ۳۵٫۸۴."})
    longitude = DecimalDegreesField(label="طول جغرافیایی (اختیاری)", required=False, min_value=44.0, max_value=64.0,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
                                 error_messages={"min_value": "این نقطه در ایران نیست (طول جغرافیایی ۴۴ تا ۶۴).",
                                                 "max_value": "این نقطه در ایران نیست (طول جغرافیایی ۴۴ تا ۶۴).",
                                                 "invalid": "طول جغرافیایی را به عدد بنویسید، مانند ۵۰٫۹۷."})
    # Set from the duplicate suggestions: «همین مشکل است» records this report as a duplicate of that one.
    duplicate_of = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "neighborhood", intake_neighborhoods(user))
        limit_choices(self, "category", Category.objects.filter(is_active=True).select_related("axis"))
        self.fields["photos"].widget.attrs["capture"] = "environment"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            raise forms.ValidationError("برای نقطه روی نقشه هر دو عدد (عرض و طول جغرافیایی) را بنویسید، یا هیچ‌کدام.")
        return data

    def clean_reporter_mobile(self) -> str:
        try:
            return normalize_mobile(self.cleaned_data.get("reporter_mobile", ""))
        except DomainError as exc:
            raise forms.ValidationError(exc.message_fa) from exc


class VersionForm(CoreVersionForm):
    """An action on one problem: claims the version the page was loaded at."""

    record_kwarg = "problem"


def _province_agencies(problem: Problem) -> QuerySet[Agency]:
    return Agency.objects.filter(province_id=problem.neighborhood.county.province_id, is_active=True).order_by("name")


class AcceptForm(VersionForm):
    agency = forms.ModelChoiceField(label="دستگاه مسئول", queryset=Agency.objects.none(), required=False,
                                    help_text="خالی: همان دستگاهی که قاعده ارجاع نام برده است.")
    priority_rank = forms.IntegerField(label="رتبه اولویت", required=False, min_value=1, max_value=10_000)

    def __init__(self, *args: Any, problem: Problem, **kwargs: Any) -> None:
        super().__init__(*args, problem=problem, **kwargs)
        limit_choices(self, "agency", _province_agencies(problem))


class ReassignForm(VersionForm):
    agency = forms.ModelChoiceField(label="ارجاع به دستگاه", queryset=Agency.objects.none())
    reason = forms.CharField(label="علت", required=False, max_length=500)

    def __init__(self, *args: Any, problem: Problem, **kwargs: Any) -> None:
        super().__init__(*args, problem=problem, **kwargs)
        limit_choices(self, "agency", _province_agencies(problem))


class NotResponsibleForm(VersionForm):
    reason = forms.CharField(label="علت عدم مسئولیت", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "علت عدم مسئولیت را بنویسید."})


class StatusForm(VersionForm):
    status = forms.ChoiceField(label="وضعیت تازه", choices=[(s.value, s.label) for s in Status if s in SETTABLE])
    text = forms.CharField(label="توضیح", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    is_public = forms.BooleanField(label="توضیح در صفحه پیگیری شهروند دیده شود", required=False, initial=True)
    duplicate_code = forms.CharField(label="کد رهگیری مشکل اصلی (برای «تکراری»)", required=False, max_length=30,
                                     widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}))

    def clean_duplicate_code(self) -> str:
        raw = self.cleaned_data.get("duplicate_code", "")
        if not raw:
            return ""
        try:
            return codes.parse(raw)
        except codes.InvalidCode as exc:
            raise forms.ValidationError(codes.INVALID) from exc


class NoteForm(VersionForm):
    text = forms.CharField(label="یادداشت", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "متن یادداشت را بنویسید."})
    is_public = forms.BooleanField(label="در صفحه پیگیری شهروند دیده شود", required=False)


class PublishForm(VersionForm):
    description_public = forms.BooleanField(label="شرح مشکل در صفحه پیگیری نمایش داده شود", required=False)


class PhotoForm(VersionForm):
    kind = forms.ChoiceField(label="نوع عکس", choices=[(k.value, k.label) for k in ProblemPhoto.Kind])
    image = SafeImageField(label="عکس")
    is_public = forms.BooleanField(label="در صفحه پیگیری شهروند دیده شود", required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label="کد رهگیری", max_length=40,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off",
                                                         "class": "form-control-lg"}),
                           error_messages={"required": "کد رهگیری را وارد کنید."})

    def clean_code(self) -> str:
        try:
            return codes.parse(self.cleaned_data["code"])
        except codes.InvalidCode as exc:
            raise forms.ValidationError(codes.INVALID) from exc


class NeighborhoodChoiceField(forms.ModelChoiceField[Neighborhood]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.county.name} — {obj.name}"


class PublicReportForm(IdempotentFormMixin, forms.Form):
    """A resident's own report (no account): where, what, and — if they wish — how to reach them."""

    neighborhood = NeighborhoodChoiceField(
        label="محله", queryset=Neighborhood.objects.filter(is_target=True).select_related("county")
        .order_by("county__name", "name"))
    category = CategoryChoiceField(label="دسته مشکل", queryset=Category.objects.filter(is_active=True).select_related("axis"))
    description = forms.CharField(label="شرح مشکل", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                                  error_messages={"required": "شرح مشکل را بنویسید."},
                                  help_text="نام و نشانی کسی را ننویسید؛ شرح پس از بررسی کارشناس ممکن است عمومی شود.")
    reporter_name = forms.CharField(label="نام شما (اختیاری)", required=False, max_length=150)
    reporter_mobile = forms.CharField(
        label="تلفن همراه (اختیاری)", required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"}))
    sms_consent = forms.BooleanField(label=CONSENT_SMS, required=False)
    may_call_back = forms.BooleanField(label=CONSENT_CALL, required=False)

    clean_reporter_mobile = IntakeForm.clean_reporter_mobile
