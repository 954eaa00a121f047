"""Jalali periods (a month, a quarter, a year) and the months a continuous resolution still owes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache

from mahalleh.core.jalali import from_jalali, jalali_month_length, to_jalali
from mahalleh.core.text import to_persian_digits
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import DeadlineKind, ProgressReport, Resolution

# The Jalali years a period may be asked for (the scorecards' page and API).
FIRST_YEAR = 1390
LAST_YEAR = 1500


def period_bounds(year: int, month: int | None = None, quarter: int | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last Gregorian day of a Jalali month, quarter (1 = Farvardin..Khordad) or whole year."""
    if month is not None and quarter is not None:
        raise MeetingsError("فقط یکی از ماه یا فصل را انتخاب کنید.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise MeetingsError(f"سال باید بین {to_persian_digits(FIRST_YEAR)} و {to_persian_digits(LAST_YEAR)} باشد.")
    if month is not None:
        if not 1 <= month <= 12:
            raise MeetingsError("ماه باید بین ۱ تا ۱۲ باشد.")
        first, last = month, month
    elif quarter is not None:
        if not 1 <= quarter <= 4:
            raise MeetingsError("فصل باید بین ۱ تا ۴ باشد.")
        first, last = 3 * quarter - 2, 3 * quarter
    else:
        first, last = 1, 12
    return from_jalali(year, first, 1), from_jalali(year, last, jalali_month_length(year, last))


@lru_cache(maxsize=8192)
def jalali_month_index(d: datetime.date) -> int:
    """The Jalali month containing ``d`` as one integer, ``year * 12 + month - 1``, so that months count by
    plain arithmetic. Cached: building a ``jdatetime`` date is slow (each one asks for the locale)."""
    j = to_jalali(d)
    return int(j.year) * 12 + int(j.month) - 1


@lru_cache(maxsize=8192)
def jalali_month_first(index: int) -> datetime.date:
    """The Gregorian first day of the Jalali month ``index`` (see ``jalali_month_index``)."""
    return from_jalali(index // 12, index % 12 + 1, 1)


def months_missing(meeting_date: datetime.date, accepted: Iterable[datetime.date | None], today: datetime.date) -> list[datetime.date]:
    """The first days of the Jalali months from the meeting's month to the last month that ended before
    ``today`` for which no period in ``accepted`` was accepted."""
    done = {jalali_month_index(p) for p in accepted if p is not None}
    first, current = jalali_month_index(meeting_date), jalali_month_index(today)
    return [jalali_month_first(i) for i in range(first, current) if i not in done]


def missing_months(resolution: Resolution, today: datetime.date) -> list[datetime.date]:
    """For a continuous resolution, the months (first days) without an accepted report by any assignee.

    Uses prefetched ``assignments__reports`` when present, otherwise one query.
    """
    if resolution.deadline_kind != DeadlineKind.CONTINUOUS:
        return []
    cache = getattr(resolution, "_prefetched_objects_cache", {})
    if "assignments" in cache and all("reports" in getattr(a, "_prefetched_objects_cache", {}) for a in cache["assignments"]):
        periods = [r.period for a in resolution.assignments.all() for r in a.reports.all()
                   if r.status == ProgressReport.Status.ACCEPTED]
    else:
        periods = list(
            ProgressReport.objects.filter(
                assignment__resolution=resolution, status=ProgressReport.Status.ACCEPTED
            ).values_list("period", flat=True)
        )
    return months_missing(resolution.meeting.date, periods, today)
