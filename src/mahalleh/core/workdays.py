"""Working days of Iranian government offices, for deadlines such as «ظرف ۵ روز کاری».

A day is not a working day when it is a Friday, a Thursday (unless
``settings.THURSDAY_IS_WORKING_DAY``), an official holiday (the ``holidays`` package, country IR,
names in Persian) or a ``core.models.Closure`` that an administrator added (e.g. air pollution).
"""

from __future__ import annotations

import datetime
import functools

import holidays
from django.conf import settings

ONE_DAY = datetime.timedelta(days=1)
FRIDAY = 4
THURSDAY = 3


@functools.lru_cache(maxsize=64)
def _official_holidays(year: int) -> dict[datetime.date, str]:
    """Official holidays of one Gregorian year with Persian names (cached: they never change at run time)."""
    return dict(holidays.country_holidays("IR", years=year, language="fa_IR").items())


def official_holiday_name(d: datetime.date) -> str | None:
    """Name of the official holiday on ``d``, or ``None``."""
    return _official_holidays(d.year).get(d)


def _thursday_off() -> bool:
    return not getattr(settings, "THURSDAY_IS_WORKING_DAY", False)


class WorkCalendar:
    """Working days over a range of dates, with that range's closures loaded in one query."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.start, self.end = min(start, end), max(start, end)
        self.thursday_off = _thursday_off()
        from mahalleh.core.models import Closure  # lazily: this module is usable before apps load

        self._closures: dict[datetime.date, str] = dict(
            Closure.objects.filter(date__range=(self.start, self.end)).values_list("date", "reason")
        )

    def covers(self, d: datetime.date) -> bool:
        return self.start <= d <= self.end

    def holiday_name(self, d: datetime.date) -> str | None:
        return official_holiday_name(d) or self._closures.get(d)

    def is_working_day(self, d: datetime.date) -> bool:
        weekday = d.weekday()
        if weekday == FRIDAY or (weekday == THURSDAY and self.thursday_off):
            return False
        return self.holiday_name(d) is None


def is_working_day(d: datetime.date) -> bool:
    """Whether government offices work on ``d``."""
    return WorkCalendar(d, d).is_working_day(d)


def holiday_name(d: datetime.date) -> str | None:
    """The official holiday's Persian name or the closure's reason on ``d``; ``None`` otherwise.

    Weekends have no name: a plain Friday gives ``None``.
    """
    return WorkCalendar(d, d).holiday_name(d)


def add_working_days(d: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day strictly after ``d`` (before it for negative ``n``; ``d`` for 0)."""
    if n == 0:
        return d
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    # Two calendar days per working day plus Nowruz covers nearly every case in one query.
    span = datetime.timedelta(days=2 * remaining + 20)
    calendar = WorkCalendar(d + step, d + (span if n > 0 else -span))
    day = d
    while True:
        day += step
        if not calendar.covers(day):
            calendar = WorkCalendar(day, day + (span if n > 0 else -span))
        if calendar.is_working_day(day):
            remaining -= 1
            if remaining == 0:
                return day


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days in ``(a, b]``; when ``b < a``, minus those in ``[b, a)``.

    So ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n``.
    """
    if a == b:
        return 0
    if b < a:
        return -working_days_between(b - ONE_DAY, a - ONE_DAY)
    calendar = WorkCalendar(a + ONE_DAY, b)
    count, day = 0, a + ONE_DAY
    while day <= b:
        count += calendar.is_working_day(day)
        day += ONE_DAY
    return count


def working_days_in(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Every working day from ``start`` to ``end`` inclusive."""
    calendar = WorkCalendar(start, end)
    days, day = [], start
    while day <= end:
        if calendar.is_working_day(day):
            days.append(day)
        day += ONE_DAY
    return days
