"""Deadlines as minutes write them («دو هفته», «۱۵ روز کاری», «بطور مستمر», «تا پایان تیر ۱۴۰۱»).

``parse_deadline`` reads the text; ``due_date`` turns it into a date from the meeting date:

- duration: days and weeks are calendar days; months and years use Jalali month arithmetic that
  clips to the month end (1401/06/31 + 1 month = 1401/07/30); working days skip Fridays, holidays
  and closures (``core.workdays``);
- date: the date written; «تا پایان تیر» with no year means the next end of Tir on or after the meeting;
- continuous («مستمر»): the end of the meeting's Jalali month, when the first monthly report is due;
- asap («در اسرع وقت», «فوری»): the meeting date + 7 calendar days. A due date is needed because a
  resolution is overdue when its due date passes; a week is the provincial HQ's meeting cadence, so
  «as soon as possible» is checked at the next meeting. The UI still shows the words as written;
- none: no due date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import jdatetime

from mahalleh.core.doctext import MONTH_RE, NUMBER_WORDS, find_date, key
from mahalleh.core.jalali import MONTHS, add_months, add_years, input_year_error, jalali_month_end

ASAP_DAYS = 7
KINDS = ("duration", "date", "continuous", "asap", "none")
UNITS = ("day", "working_day", "week", "month", "year")


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline. ``date`` is set for kind "date" when the year is known; otherwise
    ``month`` (and ``day``, None = month end) say which day of the meeting's year is meant."""

    kind: str = "none"
    amount: int | None = None
    unit: str | None = None
    date: datetime.date | None = None
    month: int | None = None
    day: int | None = None
    raw: str | None = None


_WORD = "(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_AMOUNT = rf"(\d{{1,3}}|{_WORD}(?:\s+و\s+{_WORD})?|نیم)"
_UNIT = r"(روز\s*(?:های\s*)?(?:کاری|اداری)|روز|هفته|ماه|سال)"
_DURATION = re.compile(rf"(?<![\w\d]){_AMOUNT}\s*{_UNIT}(?!\w)")
_GLUED = re.compile(r"(?<!\w)(یک|دو|سه|چهار|شش)(ماه|هفته|سال|روز)(?!\w)")  # «یکماه», «یکسال»
_HALF = re.compile(rf"(?<!\w)(?:یک\s+)?{_UNIT}\s+و\s+نیم(?!\w)")
_CONTINUOUS = re.compile(
    r"مستمر|دائم|دایم|همیشگی|ماهانه|ماهیانه|هفتگی|فصلی|دوره\s*ای|(?<!\w)هر\s+(?:\S{1,20}\s+)?(?:روز|هفته|ماه|سال|فصل)"
)
_ASAP = re.compile(r"اسرع|فوری|فورا|فوریت|عاجل|بلافاصله|سریع|زودتر")
_END_OF = re.compile(
    rf"(?:پایان|آخر|انتهای|اتمام|نیمه|اواسط)\s+(?:ماه\s+)?({MONTH_RE}|سال)(?:\s*ماه)?(?:\s*(?:سال\s*)?(\d{{4}}))?"
)
_NONE = re.compile(r"^[\s\-–—_.]*$|^(?:ندارد|بدون\s+مهلت|ندارد\.)$")


def _amount(text: str) -> int | None:
    t = text.strip()
    if t.isdigit():
        return int(t)
    total = 0
    for part in re.split(r"\s+و\s+", t):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total


def _unit(text: str) -> str:
    t = text.replace(" ", "")
    if t.startswith("روز") and ("کاری" in t or "اداری" in t):
        return "working_day"
    return {"روز": "day", "هفته": "week", "ماه": "month", "سال": "year"}[t]


def parse_deadline(raw: str | None) -> Deadline:
    """Read a deadline as written; unknown wording is kind "none" with ``raw`` kept."""
    if raw is None:
        return Deadline()
    t = key(raw).replace("\u200c", " ")
    written = raw.strip() or None
    if _NONE.match(t):
        return Deadline(raw=written)
    if _CONTINUOUS.search(t):
        return Deadline(kind="continuous", raw=written)
    found = find_date(t)
    if found:
        return Deadline(kind="date", date=found[0], raw=written)
    m = _END_OF.search(t)
    if m:
        which, year = m.group(1), m.group(2)
        month = 12 if which == "سال" else MONTHS.index(which) + 1
        day = 15 if m.group(0).startswith(("نیمه", "اواسط")) and which != "سال" else None
        if year:
            y = int(year)
            if input_year_error(y):  # «پایان سال ۹۹۹۹»: not a deadline anyone means, and past the calendar
                return Deadline(raw=written)
            d = day or _month_end(y, month).day
            return Deadline(kind="date", date=jdatetime.date(y, month, d).togregorian(), raw=written)
        return Deadline(kind="date", month=month, day=day, raw=written)
    m = _HALF.search(t)
    if m:
        unit = _unit(m.group(1))
        if unit in ("month", "year"):
            amount, unit = (45, "day") if unit == "month" else (18, "month")
            return Deadline(kind="duration", amount=amount, unit=unit, raw=written)
    m = _GLUED.search(t)
    if m:
        return Deadline(
            kind="duration", amount=NUMBER_WORDS[m.group(1)], unit=_unit(m.group(2)), raw=written
        )
    m = _DURATION.search(t)
    if m:
        unit = _unit(m.group(2))
        if m.group(1) == "نیم":
            half = {"month": (15, "day"), "year": (6, "month"), "week": (3, "day")}.get(unit)
            if half:
                return Deadline(kind="duration", amount=half[0], unit=half[1], raw=written)
        else:
            n = _amount(m.group(1))
            if n:
                return Deadline(kind="duration", amount=n, unit=unit, raw=written)
    if re.search(r"(?<!\w)(?:هفته|ماه)\s+(?:آینده|بعد)", t):
        unit = "week" if "هفته" in t else "month"
        return Deadline(kind="duration", amount=1, unit=unit, raw=written)
    if _ASAP.search(t):
        return Deadline(kind="asap", raw=written)
    return Deadline(raw=written)


def _month_end(year: int, month: int) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=jalali_month_end(jdatetime.date(year, month, 1).togregorian()))


def due_date(deadline: Deadline, meeting_date: datetime.date | None) -> datetime.date | None:
    """The day a resolution is due, counted from the meeting date (see the module docstring)."""
    if deadline.kind == "date":
        if deadline.date is not None:
            return deadline.date
        if meeting_date is None or deadline.month is None:
            return None
        jm = jdatetime.date.fromgregorian(date=meeting_date)
        year = jm.year
        for y in (year, year + 1):
            end = _month_end(y, deadline.month)
            target = (
                end if deadline.day is None else jdatetime.date(y, deadline.month, min(deadline.day, end.day))
            )
            gregorian: datetime.date = target.togregorian()
            if gregorian >= meeting_date:
                return gregorian
        return None
    if meeting_date is None:
        return None
    if deadline.kind == "continuous":
        return jalali_month_end(meeting_date)
    if deadline.kind == "asap":
        return meeting_date + datetime.timedelta(days=ASAP_DAYS)
    if deadline.kind != "duration" or not deadline.amount or not deadline.unit:
        return None
    n = deadline.amount
    if deadline.unit == "day":
        return meeting_date + datetime.timedelta(days=n)
    if deadline.unit == "week":
        return meeting_date + datetime.timedelta(weeks=n)
    if deadline.unit == "month":
        return add_months(meeting_date, n)
    if deadline.unit == "year":
        return add_years(meeting_date, n)
    from mahalleh.core.workdays import add_working_days  # reads closures from the database

    return add_working_days(meeting_date, n)
