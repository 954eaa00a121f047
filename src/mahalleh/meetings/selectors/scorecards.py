"""How each agency does: what it was assigned in a period, what it did on time, late or not yet,
and whether it came to the meetings (seed 001 names 21 absent agencies)."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Aggregate, Count, F, FloatField, Func, IntegerField, Q, QuerySet, Value
from django.utils import timezone

from mahalleh.agencies.models import Agency
from mahalleh.core.scoping import Scope, ScopedQuerySet, scope_of
from mahalleh.meetings.models import Assignment, Attendance, Body, Meeting, ResolutionStatus
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
from mahalleh.places.models import Province

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.DEPUTY)
# What a row shows of its agency (template meetings/scorecards.html, the API); other fields load on access.
AGENCY_SHOWN = ("province", "county", "name", "kind", "level")
FIGURES = ("assigned", "done_on_time", "done_late", "overdue", "open_not_due", "median", "attended", "missed")


@dataclass(frozen=True)
class ScorecardRow:
    agency: Agency
    assigned: int
    done_on_time: int
    done_late: int
    overdue: int
    open_not_due: int
    median_days_to_done: float | None
    meetings_attended: int
    meetings_missed: int

    @property
    def attendance_rate(self) -> float | None:
        """Share of the recorded meetings attended (present or by a deputy), 0..1; None if none recorded."""
        total = self.meetings_attended + self.meetings_missed
        return self.meetings_attended / total if total else None

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late


class _Median(Aggregate):
    """The median of an integer expression, ``percentile_cont(0.5)`` (PostgreSQL): the mean of the two middle
    values for an even count, as ``statistics.median`` gives."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days_between(later: str, earlier: str) -> Func:
    """``later - earlier`` in whole days for two date columns (PostgreSQL: date minus date is an integer)."""
    return Func(F(later), F(earlier), template="(%(expressions)s)", arg_joiner=" - ", output_field=IntegerField())


def _rate(attended: int, missed: int) -> float | None:
    return attended / (attended + missed) if attended + missed else None


def _meetings(scope: Scope, province_id: int, body_id: int | None, start: datetime.date,
              end: datetime.date) -> ScopedQuerySet[Meeting]:
    meetings = Meeting.objects.within(scope).filter(body__province_id=province_id, date__gte=start, date__lte=end)
    return meetings if body_id is None else meetings.filter(body_id=body_id)


_OPEN = ~Q(resolution__status__in=CLOSED_STATUSES)
_DONE = Q(resolution__status=ResolutionStatus.DONE)
_ON_TIME = _DONE & (Q(resolution__due_date__isnull=True) | Q(resolution__done_at__lte=F("resolution__due_date")))
_DONE_DAYS = _DONE & Q(resolution__done_at__isnull=False)


def _has_percentile() -> bool:
    return connections[Assignment.objects.db].vendor == "postgresql"


def _figures(scope: Scope, province_id: int, body_id: int | None, start: datetime.date, end: datetime.date,
             today: datetime.date) -> QuerySet[Any]:
    """Per agency id, FIGURES: the assignment figures and the attendance figures as two aggregates of one
    ``UNION ALL`` (each figure is zero or NULL in the other half)."""
    meetings = _meetings(scope, province_id, body_id, start, end)
    zero, none = Value(0, output_field=IntegerField()), Value(None, output_field=FloatField())
    work: dict[str, Any] = {
        "assigned": Count("id"),
        "done_on_time": Count("id", filter=_ON_TIME),
        "done_late": Count("id", filter=_DONE & Q(resolution__done_at__gt=F("resolution__due_date"))),
        "overdue": Count("id", filter=_OPEN & Q(resolution__due_date__lt=today)),
        "open_not_due": Count("id", filter=_OPEN & (Q(resolution__due_date__isnull=True) | Q(resolution__due_date__gte=today))),
        # The median in the same pass; elsewhere the days are shipped once, as bare tuples (scorecards).
        "median": _Median(_days_between("resolution__done_at", "resolution__meeting__date"), filter=_DONE_DAYS)
        if _has_percentile() else none,
        "attended": zero,
        "missed": zero,
    }
    presence: dict[str, Any] = {
        **{name: zero for name in FIGURES[:5]},
        "median": none,
        "attended": Count("id", filter=Q(status__in=ATTENDED)),
        "missed": Count("id", filter=Q(status=Attendance.Status.ABSENT)),
    }
    # Aggregated by agency id alone, as the bare SQL does: joining the agencies (for their names or their
    # scope) before aggregating made PostgreSQL misjudge the attendance half by 30×.
    assigned = (
        Assignment.objects.filter(resolution__meeting__in=meetings)
        .exclude(resolution__status=ResolutionStatus.CANCELLED)
        .values("agency_id").annotate(**work).values_list("agency_id", *FIGURES).order_by()
    )
    attended = (
        Attendance.objects.filter(meeting__in=meetings)
        .values("agency_id").annotate(**presence).values_list("agency_id", *FIGURES).order_by()
    )
    return assigned.union(attended, all=True)


def scorecards(
    *,
    user: Any,
    province: Province,
    body: Body | None = None,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date | None = None,
) -> list[ScorecardRow]:
    """One row per agency with assignments or recorded attendance in meetings dated ``start..end``
    (of ``body``, or of every body of the province). Cancelled resolutions are not counted.
    Sorted by overdue (most first), then by name. Two queries whatever the number of agencies: the
    assignment figures and the attendance figures, two aggregates of one ``UNION ALL``, then the agencies
    (three where the database has no ``percentile_cont`` for the median)."""
    today = today or timezone.localdate()
    scope = scope_of(user)
    body_id = body.pk if body is not None else None
    figures: dict[int, list[Any]] = {}
    for agency_id, *values in _figures(scope, province.pk, body_id, start, end, today):
        if agency_id in figures:  # its other half: add up (each figure is zero or None in one of them)
            figures[agency_id] = [a + b if b is not None and a is not None else a if b is None else b
                                  for a, b in zip(figures[agency_id], values, strict=True)]
        else:
            figures[agency_id] = values
    if not _has_percentile():
        durations: dict[int, list[int]] = defaultdict(list)
        for agency_id, met, done_at in (
            Assignment.objects.filter(_DONE_DAYS, resolution__meeting__in=_meetings(scope, province.pk, body_id, start, end))
            .values_list("agency_id", "resolution__meeting__date", "resolution__done_at")
        ):
            if done_at is not None:  # filtered out above; the check is for the type checker
                durations[agency_id].append((done_at - met).days)
        for agency_id, days in durations.items():
            figures[agency_id][5] = statistics.median(days)
    shown = [agency_id for agency_id, (a, *_, came, missed) in figures.items() if a or came or missed]
    rows = []
    for agency in Agency.objects.within(scope).filter(pk__in=shown).only(*AGENCY_SHOWN).order_by():
        a, on_time_, late, overdue, not_due, median, came, missed = figures[agency.pk]
        rows.append(ScorecardRow(agency, a, on_time_, late, overdue, not_due,
                                 None if median is None else float(median), came, missed))
    rows.sort(key=lambda r: (-r.overdue, r.agency.name, r.agency.pk))
    return rows


@dataclass(frozen=True)
class AttendanceHistoryRow:
    meeting: Meeting
    status: str
    status_label: str
    representative: str


@dataclass(frozen=True)
class AgencyAttendance:
    agency: Agency
    rows: list[AttendanceHistoryRow]  # newest meeting first
    attended: int
    missed: int

    @property
    def rate(self) -> float | None:
        return _rate(self.attended, self.missed)


def agency_attendance(*, agency: Agency, user: Any) -> AgencyAttendance:
    """The agency's attendance at every meeting the user may see (newest first) and its attendance rate
    (present or deputy over recorded presence and absence; «invited» rows are not yet recorded)."""
    rows = [
        AttendanceHistoryRow(meeting=a.meeting, status=a.status, status_label=str(a.get_status_display()),
                             representative=a.representative)
        for a in Attendance.objects.filter(agency=agency, meeting__in=Meeting.objects.restrict(user))
        .select_related("meeting__body")
        .order_by("-meeting__date", "-meeting__number")
    ]
    attended = sum(r.status in ATTENDED for r in rows)
    missed = sum(r.status == Attendance.Status.ABSENT for r in rows)
    return AgencyAttendance(agency=agency, rows=rows, attended=attended, missed=missed)


def meeting_absentees(*, meeting: Meeting, user: Any) -> list[Agency]:
    """The agencies recorded absent at the meeting (the named list printed at the end of the minutes)."""
    if not Meeting.objects.restrict(user).filter(pk=meeting.pk).exists():
        return []
    return list(Agency.objects.filter(attendances__meeting=meeting, attendances__status=Attendance.Status.ABSENT)
                .order_by("name"))
