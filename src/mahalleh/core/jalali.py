"""Jalali dates (stub; the kernel helper replaces it)."""

import datetime

import jdatetime

from mahalleh.core.text import to_persian_digits

WEEKDAYS = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]


def format_jalali(d: datetime.date | None, *, persian_digits: bool = True) -> str:
    if d is None:
        return ""
    j = jdatetime.date.fromgregorian(date=d)
    s = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return to_persian_digits(s) if persian_digits else s


def weekday_name(d: datetime.date) -> str:
    return WEEKDAYS[jdatetime.date.fromgregorian(date=d).weekday()]
