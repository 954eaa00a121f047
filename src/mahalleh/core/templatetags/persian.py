"""Template filters for Persian display: ``jdate``, ``fa``."""

from django import template

from mahalleh.core.jalali import format_jalali
from mahalleh.core.text import to_persian_digits

register = template.Library()


@register.filter
def jdate(value):  # type: ignore[no-untyped-def]
    if value is None or value == "":
        return ""
    if hasattr(value, "date") and callable(value.date):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_jalali(value)


@register.filter
def fa(value):  # type: ignore[no-untyped-def]
    if value is None:
        return ""
    return to_persian_digits(value)
