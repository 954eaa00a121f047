"""Deadline parsing and due dates for every form met in the seeds and DOMAIN.md."""

from __future__ import annotations

import datetime

import jdatetime
import pytest

from mahalleh.meetings.deadlines import ASAP_DAYS, Deadline, due_date, parse_deadline


def j(y: int, m: int, d: int) -> datetime.date:
    return jdatetime.date(y, m, d).togregorian()


@pytest.mark.parametrize(
    ("raw", "kind", "amount", "unit"),
    [
        ("یک هفته", "duration", 1, "week"),
        ("دو هفته", "duration", 2, "week"),
        ("یک ماه", "duration", 1, "month"),
        ("سه ماه", "duration", 3, "month"),
        ("یک سال", "duration", 1, "year"),
        ("یکسال", "duration", 1, "year"),
        ("۱۰ روز", "duration", 10, "day"),
        ("10 روز", "duration", 10, "day"),
        ("١٠ روز", "duration", 10, "day"),
        ("۱۵ روز کاری", "duration", 15, "working_day"),
        ("ده روز کاری", "duration", 10, "working_day"),
        ("پانزده روز", "duration", 15, "day"),
        ("بیست روز", "duration", 20, "day"),
        ("بیست و پنج روز", "duration", 25, "day"),
        ("سی روز", "duration", 30, "day"),
        ("ظرف مدت ۲ هفته", "duration", 2, "week"),
        ("حداکثر شش ماه", "duration", 6, "month"),
        ("نیم ماه", "duration", 15, "day"),
        ("يک ماه", "duration", 1, "month"),  # Arabic yeh
        ("بطور مستمر", "continuous", None, None),
        ("به صورت مستمر", "continuous", None, None),
        ("مستمر", "continuous", None, None),
        ("ماهانه", "continuous", None, None),
        ("هر دو هفته یکبار", "continuous", None, None),
        ("در اسرع وقت", "asap", None, None),
        ("فوری", "asap", None, None),
        ("هر چه سریع تر", "asap", None, None),
        ("", "none", None, None),
        ("  ", "none", None, None),
        ("-", "none", None, None),
        ("نامشخص", "none", None, None),
    ],
)
def test_parse_deadline_forms(raw, kind, amount, unit):
    d = parse_deadline(raw)
    assert (d.kind, d.amount, d.unit) == (kind, amount, unit)


def test_none_input():
    assert parse_deadline(None) == Deadline()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۱۴۰۱/۰۵/۱۵", j(1401, 5, 15)),
        ("1401/5/15", j(1401, 5, 15)),
        ("تا ۱۴۰۱/۰۵/۱۵", j(1401, 5, 15)),
        ("تا پایان تیر ماه ۱۴۰۱", j(1401, 4, 31)),
        ("تا پایان اسفند ۱۴۰۲", j(1402, 12, 29)),
        ("تا پایان اسفند ۱۴۰۳", j(1403, 12, 30)),  # leap year
        ("۱۵ مرداد ۱۴۰۱", j(1401, 5, 15)),
    ],
)
def test_parse_deadline_dates(raw, expected):
    d = parse_deadline(raw)
    assert d.kind == "date" and d.date == expected


def test_end_of_month_without_year_resolves_against_meeting():
    d = parse_deadline("تا پایان مهر")
    assert d.kind == "date" and d.date is None and d.month == 7
    assert due_date(d, j(1402, 7, 29)) == j(1402, 7, 30)
    assert due_date(d, j(1402, 8, 5)) == j(1403, 7, 30)  # already past: next year's Mehr
    assert due_date(parse_deadline("تا پایان سال"), j(1402, 7, 29)) == j(1402, 12, 29)


@pytest.mark.parametrize(
    ("raw", "meeting", "expected"),
    [
        ("یک هفته", (1401, 4, 23), (1401, 4, 30)),
        ("دو هفته", (1401, 4, 23), (1401, 5, 6)),
        ("۱۰ روز", (1401, 12, 25), (1402, 1, 6)),
        ("یک ماه", (1401, 4, 23), (1401, 5, 23)),
        ("یک ماه", (1401, 6, 31), (1401, 7, 30)),  # clips to Mehr's 30 days
        ("یک ماه", (1402, 11, 30), (1402, 12, 29)),  # clips to Esfand of a common year
        ("سه ماه", (1401, 12, 15), (1402, 3, 15)),
        ("یک سال", (1401, 4, 23), (1402, 4, 23)),
        ("یک سال", (1403, 12, 30), (1404, 12, 29)),  # leap day → Esfand 29
        ("بطور مستمر", (1401, 4, 23), (1401, 4, 31)),
        ("مستمر", (1401, 7, 2), (1401, 7, 30)),
        ("۱۴۰۱/۰۵/۱۵", (1401, 4, 23), (1401, 5, 15)),
    ],
)
def test_due_date(raw, meeting, expected):
    assert due_date(parse_deadline(raw), j(*meeting)) == j(*expected)


def test_asap_is_a_week_after_the_meeting():
    assert due_date(parse_deadline("در اسرع وقت"), j(1401, 2, 1)) == j(1401, 2, 1) + datetime.timedelta(
        days=ASAP_DAYS
    )


def test_none_and_missing_meeting_date():
    assert due_date(parse_deadline(""), j(1401, 2, 1)) is None
    assert due_date(parse_deadline("دو هفته"), None) is None
    assert due_date(parse_deadline("۱۴۰۱/۰۵/۱۵"), None) == j(1401, 5, 15)


@pytest.mark.django_db
def test_working_days_skip_nowruz_and_fridays(settings):
    settings.THURSDAY_IS_WORKING_DAY = False
    meeting = j(1402, 12, 27)  # Sunday before Nowruz 1403
    due = due_date(parse_deadline("۵ روز کاری"), meeting)
    assert due is not None
    jd = jdatetime.date.fromgregorian(date=due)
    # Esfand 28 (Mon), 29 (Tue, Esfand 29 = last working day), then Nowruz holidays Farvardin 1–4 and
    # more official days off; five working days cannot end before Farvardin 5.
    assert (jd.year, jd.month) == (1403, 1) and jd.day >= 5
    assert due.weekday() != 4  # never a Friday
    # calendar days would have ended on Farvardin 3, in the middle of Nowruz
    assert due_date(parse_deadline("۵ روز"), meeting) == j(1403, 1, 3)


@pytest.mark.django_db
def test_working_days_on_ordinary_week(settings):
    settings.THURSDAY_IS_WORKING_DAY = False
    meeting = j(1402, 8, 6)  # Saturday
    # Sun..Wed are 4 working days; Thu and Fri are off; the 5th working day is the next Saturday.
    assert due_date(parse_deadline("پنج روز کاری"), meeting) == j(1402, 8, 13)
