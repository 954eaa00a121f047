"""Jalali (Solar Hijri) dates: conversion, parsing as written in minutes, arithmetic and display.

Storage stays Gregorian ``datetime.date``; everything here is for input and display.

How ``parse_jalali`` reads three numbers separated by ``/``, ``-``, ``.`` or ``\\``:

* a four-digit first part is the year: ``Y/M/D`` («۱۴۰۱/۰۴/۲۳», «1401-4-22»);
* a four-digit last part is the year: ``D/M/Y`` («۲۳/۰۴/۱۴۰۱», as text extracted right-to-left reads);
* otherwise all parts have at most two digits and the year is two-digit: ``YY/MM/DD`` when the first
  part cannot be a day (> 31, «96/08/05» = 1396/08/05), else ``D/M/YY`` (year last, as Iranian
  letters write it: «8/3/86» = 1386/03/08).

A two-digit year ``yy`` means 13yy when ``yy >= 50`` and 14yy when ``yy < 50``. A date may also be
written with a month name, «۲۳ تیر ۱۴۰۱» or «۲۳ تیرماه ۱۴۰۱»; without a year it takes
``reference_year`` (default: the current Jalali year in Tehran).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import NamedTuple
from zoneinfo import ZoneInfo

import jdatetime

from mahalleh.core.text import normalize, to_latin_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")

# Index 0 is Saturday, the first day of the Iranian week (jdatetime's weekday() counts the same way).
WEEKDAYS = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]
MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
# Keys are normalize()d spellings found in letters; «امرداد» is the older official name of Mordad.
_MONTH_BY_NAME = {normalize(name): i for i, name in enumerate(MONTHS, start=1)} | {"امرداد": 5}


# The Jalali years a person may type into a form, a filter or a deadline (1921..2122). The program's minutes
# start in the 1390s; a wider window only lets typos through, and past Jalali 3177 (the calendar's table)
# or Gregorian 9999 (``datetime.date.max``) arithmetic on the date fails.
INPUT_MIN_YEAR = 1300
INPUT_MAX_YEAR = 1500


def input_year_error(year: int) -> str | None:
    """A Persian message when ``year`` is outside the years a form takes, else None."""
    if INPUT_MIN_YEAR <= year <= INPUT_MAX_YEAR:
        return None
    return (f"سال {to_persian_digits(year)} پذیرفته نیست؛ تاریخ باید بین سال‌های "
            f"{to_persian_digits(INPUT_MIN_YEAR)} و {to_persian_digits(INPUT_MAX_YEAR)} باشد.")


class JalaliDateError(ValueError):
    """A date that does not exist in the Jalali calendar or text that is not a Jalali date."""


class JalaliMonth(NamedTuple):
    """One Jalali month with its first and last Gregorian day."""

    year: int
    month: int
    first: datetime.date
    last: datetime.date

    @property
    def label(self) -> str:
        """«تیر ۱۴۰۱»."""
        return f"{MONTHS[self.month - 1]} {to_persian_digits(self.year)}"


def _as_date(d: datetime.date | datetime.datetime) -> datetime.date:
    """A datetime becomes its calendar day in Tehran (aware) or as written (naive)."""
    if isinstance(d, datetime.datetime):
        return d.astimezone(TEHRAN).date() if d.tzinfo else d.date()
    return d


def to_jalali(d: datetime.date | datetime.datetime) -> jdatetime.date:
    """The Jalali date of a Gregorian date (an aware datetime is taken in Tehran time)."""
    return jdatetime.date.fromgregorian(date=_as_date(d))


def jalali_month_length(year: int, month: int) -> int:
    """Days in a Jalali month: 31 for the first six, 30 for the next five, 29/30 for Esfand."""
    if not 1 <= month <= 12:
        raise JalaliDateError(f"ماه {to_persian_digits(month)} وجود ندارد.")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def from_jalali(year: int, month: int, day: int) -> datetime.date:
    """The Gregorian date of a Jalali date; ``JalaliDateError`` (Persian message) when it does not exist."""
    text = to_persian_digits(f"{year:04d}/{month:02d}/{day:02d}")
    if not 1 <= year <= 3177 or not 1 <= month <= 12:
        raise JalaliDateError(f"تاریخ {text} در تقویم شمسی وجود ندارد.")
    if not 1 <= day <= jalali_month_length(year, month):
        raise JalaliDateError(f"تاریخ {text} در تقویم شمسی وجود ندارد.")
    gregorian: datetime.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def jalali_month_name(month: int) -> str:
    """Persian name of Jalali month 1..12."""
    if not 1 <= month <= 12:
        raise JalaliDateError(f"ماه {to_persian_digits(month)} وجود ندارد.")
    return MONTHS[month - 1]


def weekday_name(d: datetime.date) -> str:
    """Persian weekday name; the week starts on Saturday (شنبه)."""
    day: int = to_jalali(d).weekday()
    return WEEKDAYS[day]


def format_jalali(d: datetime.date | None, *, persian_digits: bool = True) -> str:
    """«۱۴۰۱/۰۴/۲۳» (or "1401/04/23" with ``persian_digits=False``); empty for ``None``."""
    if d is None:
        return ""
    j = to_jalali(d)
    s = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return to_persian_digits(s) if persian_digits else s


def format_jalali_long(d: datetime.date | None, *, with_weekday: bool = True) -> str:
    """«پنجشنبه ۲۳ تیر ۱۴۰۱» as official letters write a date."""
    if d is None:
        return ""
    j = to_jalali(d)
    s = f"{to_persian_digits(j.day)} {MONTHS[j.month - 1]} {to_persian_digits(j.year)}"
    return f"{weekday_name(_as_date(d))} {s}" if with_weekday else s


def format_jalali_datetime(dt: datetime.datetime | None, *, persian_digits: bool = True) -> str:
    """«۱۴۰۱/۰۴/۲۳ ساعت ۱۸:۳۰» in Tehran local time (a naive datetime is taken as already local)."""
    if dt is None:
        return ""
    local = dt.astimezone(TEHRAN) if dt.tzinfo else dt
    s = f"{format_jalali(local.date(), persian_digits=False)} ساعت {local:%H:%M}"
    return to_persian_digits(s) if persian_digits else s


def today_jalali_year() -> int:
    """The current Jalali year in Tehran."""
    year: int = to_jalali(datetime.datetime.now(TEHRAN).date()).year
    return year


# ---- parsing ---------------------------------------------------------------------------------

_NUMERIC = re.compile(r"^(\d{1,4})\s*[/\-.\\]\s*(\d{1,2})\s*[/\-.\\]\s*(\d{1,4})$")
_NAMED = re.compile(r"^(\d{1,2})\s*([^\d\s]+?)\s*(?:ماه)?\s*(\d{2}|\d{4})?$")
_WEEKDAY_PATTERN = "|".join(normalize(w).replace(" ", "").replace("شنبه", r"\s*شنبه") for w in WEEKDAYS)
_PREFIX = re.compile(r"^(?:مورخ|تاریخ|روز)?\s*(?:(?:" + _WEEKDAY_PATTERN + r")\s*[,،]?\s*)?")
_SUFFIX = re.compile(r"\s*(?:ه\s*\.?\s*ش\s*\.?|هجری\s+شمسی|شمسی)$")


def expand_two_digit_year(yy: int) -> int:
    """13yy for yy >= 50, 14yy below (minutes of this program start in the 1390s)."""
    return 1300 + yy if yy >= 50 else 1400 + yy


def _year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    if len(text) <= 2:
        return expand_two_digit_year(int(text))
    raise JalaliDateError(f"سال «{to_persian_digits(text)}» نامعتبر است.")


def parse_jalali(text: str, *, reference_year: int | None = None) -> datetime.date:
    """Read a Jalali date as written in minutes (any digits); see the module docstring for the rules.

    Raises ``JalaliDateError`` with a Persian message when the text is not a valid Jalali date.
    """
    raw = str(text or "")
    t = to_latin_digits(normalize(raw)).replace("\u200c", " ")
    t = _SUFFIX.sub("", _PREFIX.sub("", t)).strip()
    if not t:
        raise JalaliDateError("تاریخ وارد نشده است.")
    if m := _NUMERIC.match(t):
        a, b, c = m.groups()
        if len(a) == 4:
            y, mo, d = int(a), int(b), _day(c, raw)
        elif len(c) == 4:
            y, mo, d = int(c), int(b), _day(a, raw)
        elif len(a) == 3 or len(c) == 3:
            raise JalaliDateError(f"سال در «{raw}» نامعتبر است.")
        elif int(a) > 31:
            y, mo, d = _year(a), int(b), int(c)
        else:
            y, mo, d = _year(c), int(b), int(a)
        return from_jalali(y, mo, d)
    if m := _NAMED.match(t):
        day, name, year = m.groups()
        month = _MONTH_BY_NAME.get(name.removesuffix("ماه").strip())
        if month is None:
            raise JalaliDateError(f"ماه «{name}» شناخته نشد.")
        y = _year(year) if year else (reference_year or today_jalali_year())
        return from_jalali(y, month, int(day))
    raise JalaliDateError(f"«{raw}» تاریخ شمسی قابل فهم نیست.")


def _day(text: str, raw: str) -> int:
    if len(text) > 2:
        raise JalaliDateError(f"روز در «{raw}» نامعتبر است.")
    return int(text)


# ---- arithmetic ------------------------------------------------------------------------------


def add_months(d: datetime.date, n: int) -> datetime.date:
    """``d`` plus ``n`` Jalali months, clipped to the target month's last day (۱۴۰۱/۰۶/۳۱ + ۱ = ۱۴۰۱/۰۷/۳۰)."""
    j = to_jalali(d)
    index = j.year * 12 + (j.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    return from_jalali(year, month, min(j.day, jalali_month_length(year, month)))


def add_years(d: datetime.date, n: int) -> datetime.date:
    """``d`` plus ``n`` Jalali years; Esfand 30 of a leap year becomes Esfand 29 in a common year."""
    return add_months(d, 12 * n)


def jalali_month_start(d: datetime.date) -> datetime.date:
    """First day of the Jalali month containing ``d``."""
    j = to_jalali(d)
    return from_jalali(j.year, j.month, 1)


def jalali_month_end(d: datetime.date) -> datetime.date:
    """Last day of the Jalali month containing ``d``."""
    j = to_jalali(d)
    return from_jalali(j.year, j.month, jalali_month_length(j.year, j.month))


def iter_jalali_months(start: datetime.date, end: datetime.date) -> Iterator[JalaliMonth]:
    """Every Jalali month that overlaps ``start..end`` (inclusive), in order; nothing if end < start."""
    first = jalali_month_start(start)
    while first <= end:
        j = to_jalali(first)
        last = jalali_month_end(first)
        yield JalaliMonth(j.year, j.month, first, last)
        first = last + datetime.timedelta(days=1)
