"""How each agency does: what it was assigned in a period, what it did on time, late or not yet,
and whether it came to the meetings (seed 001 names 21 absent agencies)."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Aggregate, Count, F, FloatField, Func, IntegerField, Q
from django.utils import timezone

from mahalleh.agencies.models import Agency
from mahalleh.meetings.models import Assignment, Attendance, Body, Meeting, ResolutionStatus
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
from mahalleh.meetings.selectors.instances import Columns
from mahalleh.places.models import Province

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.DEPUTY)
# What a row shows of its agency (template meetings/scorecards.html, the API); other fields load on access.
AGENCY = Columns(Agency, "id", "province", "county", "name", "kind", "level")


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
    Sorted by overdue (most first), then by name. Three queries whatever the number of agencies (four
    where the database has no ``percentile_cont``)."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.restrict(user).filter(body__province=province, date__gte=start, date__lte=end)
    if body is not None:
        meetings = meetings.filter(body=body)
    open_ = ~Q(resolution__status__in=CLOSED_STATUSES)
    done = Q(resolution__status=ResolutionStatus.DONE)
    on_time = done & (Q(resolution__due_date__isnull=True) | Q(resolution__done_at__lte=F("resolution__due_date")))
    done_days = done & Q(resolution__done_at__isnull=False)
    figures: dict[str, Aggregate] = {
        "assigned": Count("id"),
        "done_on_time": Count("id", filter=on_time),
        "done_late": Count("id", filter=done & Q(resolution__done_at__gt=F("resolution__due_date"))),
        "overdue": Count("id", filter=open_ & Q(resolution__due_date__lt=today)),
        "open_not_due": Count("id", filter=open_ & (Q(resolution__due_date__isnull=True) | Q(resolution__due_date__gte=today))),
    }
    in_sql = connections[Assignment.objects.db].vendor == "postgresql"
    if in_sql:  # the median in the same pass; elsewhere the days are shipped once, as bare tuples
        figures["median"] = _Median(_days_between("resolution__done_at", "resolution__meeting__date"), filter=done_days)
    work = {
        row["agency_id"]: row
        for row in Assignment.objects.filter(resolution__meeting__in=meetings)
        .exclude(resolution__status=ResolutionStatus.CANCELLED)
        .values("agency_id")
        .annotate(**figures)
        .order_by()
    }
    medians: dict[int, float] = {}
    if in_sql:
        medians = {k: float(w["median"]) for k, w in work.items() if w["median"] is not None}
    else:
        durations: dict[int, list[int]] = defaultdict(list)
        for agency_id, met, done_at in (
            Assignment.objects.filter(done_days, resolution__meeting__in=meetings)
            .values_list("agency_id", "resolution__meeting__date", "resolution__done_at")
        ):
            if done_at is not None:  # filtered out above; the check is for the type checker
                durations[agency_id].append((done_at - met).days)
        medians = {k: float(statistics.median(days)) for k, days in durations.items()}
    presence = {
        row["agency_id"]: row
        for row in Attendance.objects.filter(meeting__in=meetings)
        .values("agency_id")
        .annotate(attended=Count("id", filter=Q(status__in=ATTENDED)), missed=Count("id", filter=Q(status=Attendance.Status.ABSENT)))
        .order_by()
    }
    ids = set(work) | {k for k, v in presence.items() if v["attended"] or v["missed"]}
    rows = []
    agencies = Agency.objects.restrict(user).filter(pk__in=ids).order_by()
    for values in agencies.values_list(*AGENCY.lookups()):
        agency = AGENCY.build(values, agencies.db)  # the name and the key are all a row shows
        w, p = work.get(agency.pk, {}), presence.get(agency.pk, {})
        rows.append(
            ScorecardRow(
                agency=agency,
                assigned=w.get("assigned", 0),
                done_on_time=w.get("done_on_time", 0),
                done_late=w.get("done_late", 0),
                overdue=w.get("overdue", 0),
                open_not_due=w.get("open_not_due", 0),
                median_days_to_done=medians.get(agency.pk),
                meetings_attended=p.get("attended", 0),
                meetings_missed=p.get("missed", 0),
            )
        )
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
