"""Form widgets for Jalali input."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from mahalleh.core.jalali import format_jalali
from mahalleh.core.times import format_time_fa


class JalaliDateInput(forms.TextInput):
    """A text input the vendored Jalali date picker (@majidh1/jalalidatepicker) attaches to via ``data-jdp``."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "data-jdp": "",
            "inputmode": "numeric",
            "dir": "ltr",
            "autocomplete": "off",
            # words, not a date that could pass for a value; read right to left they sit where the
            # day, month and year of «۱۴۰۱/۰۴/۲۳» do
            "placeholder": "روز/ماه/سال",
        }
        super().__init__(defaults | (attrs or {}))

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return format_jalali(value)
        return super().format_value(value)


class PersianTimeInput(forms.TextInput):
    """A text input for a time of day written freely («۹ صبح», «۱۴:۳۰»)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"dir": "ltr", "autocomplete": "off", "placeholder": "دقیقه:ساعت"}
        super().__init__(defaults | (attrs or {}))

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.time):
            return format_time_fa(value)
        return super().format_value(value)
