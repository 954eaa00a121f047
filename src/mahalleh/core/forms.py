"""Form fields that read Jalali dates and Persian times, with Persian errors; the mixins of edit and create forms."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

from django import forms
from django.db import models
from django.forms.utils import ErrorList

from mahalleh.core.jalali import JalaliDateError, format_jalali, input_year_error, parse_jalali, to_jalali
from mahalleh.core.text import to_latin_digits, to_persian_digits
from mahalleh.core.times import TimeParseError, format_time_fa, parse_time_fa
from mahalleh.core.widgets import JalaliDateInput, PersianTimeInput


class JalaliDateField(forms.Field):
    """A ``datetime.date`` entered as a Jalali date in Persian, Arabic or Latin digits."""

    widget = JalaliDateInput
    default_error_messages = {"invalid": "تاریخ نامعتبر است: %(value)s"}

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_jalali(str(value).strip())
        except JalaliDateError as exc:
            raise forms.ValidationError(
                to_persian_digits(f"{self.error_messages['invalid'] % {'value': value}} ({exc})"), code="invalid"
            ) from exc

    def validate(self, value: Any) -> None:
        """Only the years a person means (``core.jalali.INPUT_MIN_YEAR``..``INPUT_MAX_YEAR``): a date far
        out would overflow the deadline arithmetic and the date types downstream."""
        super().validate(value)
        if isinstance(value, datetime.date):
            try:
                year = int(to_jalali(value).year)
            except ValueError:  # past Jalali 9377, beyond jdatetime's range
                year = value.year
            if message := input_year_error(year):
                raise forms.ValidationError(message, code="out_of_range")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return format_jalali(value)
        return value


class PersianTimeField(forms.Field):
    """A ``datetime.time`` written as «۷/۳۰», «۷:۳۰», «۹ صبح» or «۱۵»."""

    widget = PersianTimeInput
    default_error_messages = {"invalid": "ساعت نامعتبر است: %(value)s"}

    def to_python(self, value: Any) -> datetime.time | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        try:
            return parse_time_fa(str(value))
        except TimeParseError as exc:
            raise forms.ValidationError(
                to_persian_digits(self.error_messages["invalid"] % {"value": value}), code="invalid"
            ) from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.time):
            return format_time_fa(value)
        return value


def jalali_formfield_callback(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """``Meta.formfield_callback`` for model forms: date fields become Jalali, time fields Persian."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return db_field.formfield(form_class=JalaliDateField, **kwargs)
    if isinstance(db_field, models.TimeField):
        return db_field.formfield(form_class=PersianTimeField, **kwargs)
    return db_field.formfield(**kwargs)


KEY_FIELD = "idempotency_key"

# A value made only of digits and the separators of numbers, dates and codes («۲۱/۲۵/۵۱۲۷», «۰۲۱-۳۳۴۴»):
# shown with Persian digits (``ui.bs``), kept with Latin ones whichever were typed (``DigitsMixin``).
CODE = re.compile(r"[\d\s/\\\-.,:٬٫+()]*\d[\d\s/\\\-.,:٬٫+()]*")


class PersianErrorList(ErrorList):
    """Form errors with Persian digits: Django's own («حداکثر 200 کاراکتر») and every form's."""

    def __getitem__(self, i: Any) -> Any:
        item = super().__getitem__(i)
        return to_persian_digits(item) if isinstance(item, str) else item


class DigitsMixin:
    """Persian digits in errors; codes typed with Persian or Latin digits are kept with Latin ones, as
    imported minutes keep them, so a form saved unchanged changes nothing."""

    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_class", PersianErrorList)
        super().__init__(*args, **kwargs)

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]  # forms.BaseForm's, next in every form's MRO
        for name, value in self.cleaned_data.items():
            if isinstance(value, str) and CODE.fullmatch(value):
                self.cleaned_data[name] = to_latin_digits(value)


def key_field() -> forms.UUIDField:
    """The hidden key of a create form, new each time the form is rendered (``initial`` is called then)."""
    return forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


def version_field(version: int | None) -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, initial=version)


class VersionForm(forms.Form):
    """An action on one edited record: carries the version the page was loaded at, which the service claims
    (``bump_version``). An unbound form takes it from ``version=`` or from the record passed by the keyword
    ``record_kwarg`` names (``problem=``, ``desk=``); a bound one reads it from the post."""

    record_kwarg = "record"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        record = kwargs.pop(self.record_kwarg, None)
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"] = version_field(version if version is not None else getattr(record, "version", None))


class IdempotentFormMixin(DigitsMixin):
    """A create form: carries ``idempotency_key`` for an ``@idempotent`` service (a resent form makes nothing new)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[KEY_FIELD] = key_field()


class ModelEditFormMixin(DigitsMixin):
    """A ModelForm that edits or creates: editing, it carries the ``version`` it was loaded at (the
    service claims it, so a stale save is refused instead of undoing the other); creating, the key."""

    fields: dict[str, forms.Field]
    instance: Any  # the ModelForm's: each form's ``ModelForm[M]`` gives it its model's type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"] = version_field(getattr(self.instance, "version", None))
        else:
            self.fields[KEY_FIELD] = key_field()


def limit_choices(form: forms.BaseForm, name: str, queryset: models.QuerySet[Any]) -> None:
    """Offer only ``queryset`` in the form's model choice field ``name`` (the rows the user may pick)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), f"{name} is not a model choice field"
    field.queryset = queryset
