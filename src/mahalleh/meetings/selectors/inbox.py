"""An agency's inbox: its open assignments with their deadlines and the state of its reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from django.db.models import Aggregate, Case, CharField, FilteredRelation, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from mahalleh.agencies.models import Agency
from mahalleh.core.prepared import PreparedQuery
from mahalleh.core.scoping import CHANGE, Scope, ScopedQuerySet, scope_of
from mahalleh.meetings.models import (
    Assignment,
    Body,
    DeadlineKind,
    Meeting,
    ProgressReport,
    Resolution,
)
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
from mahalleh.meetings.selectors.instances import Columns
from mahalleh.meetings.selectors.periods import months_missing

REPORTS_NEWEST_FIRST = ProgressReport.objects.order_by("-submitted_at", "-id")
# The fields a row shows (templates meetings/inbox.html and review.html, the API). The long texts of a
# meeting (its narrative, its search text) and the audit timestamps stay in the database; reading any
# other field still works, at one query per object.
REPORT = Columns(ProgressReport, "id", "assignment", "status", "percent", "period", "submitted_at", "review_reason")
RESOLUTION = Columns(Resolution, "id", "meeting", "number", "text", "deadline_kind", "due_date", "status")
MEETING = Columns(Meeting, "id", "body", "number", "date")
BODY = Columns(Body, "id", "name")
AGENCY = Columns(Agency, "id", "name")
ASSIGNMENT = Columns(Assignment, "id", "resolution", "agency", "is_lead")


def latest_report_id(**outer: OuterRef) -> Subquery:
    """The id of the newest report matching ``outer`` (e.g. ``assignment=OuterRef("pk")``): one correlated
    ``LIMIT 1`` per row, instead of prefetching every report to keep the first."""
    return Subquery(REPORTS_NEWEST_FIRST.filter(**outer).values("pk")[:1])


class PeriodList(Aggregate):
    """The periods of the grouped rows as one ``"YYYY-MM-DD,YYYY-MM-DD"`` string (an aggregate that both
    SQLite's ``group_concat`` and PostgreSQL's ``string_agg`` provide)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s::text, ',')",
                           **extra)


def accepted_periods() -> Case:
    """For a continuous resolution, the periods accepted on this assignment, in one column of the main query
    (no second round trip); NULL for the other deadline kinds."""
    periods = (
        ProgressReport.objects.filter(assignment=OuterRef("pk"), status=ProgressReport.Status.ACCEPTED, period__isnull=False)
        .order_by().values("assignment").annotate(periods=PeriodList("period")).values("periods")
    )
    return Case(When(resolution__deadline_kind=DeadlineKind.CONTINUOUS, then=Coalesce(Subquery(periods), Value(""))),
                default=None, output_field=CharField())


@cache
def open_assignment_columns() -> ScopedQuerySet[Any]:  # of tuples (values_list)
    """Every open assignment as one row of bare columns (made into linked instances by ``inbox``), not yet
    restricted to a user. Built once: adding 28 columns through their joins costs more than cloning the
    finished query (callers must clone it, ``.all()``, before filtering or evaluating it)."""
    # The latest report joined on its id, as the bare SQL does: no other report is read.
    newest = Q(reports__pk=latest_report_id(assignment=OuterRef("pk")))
    return cast("ScopedQuerySet[Any]", (
        Assignment.objects.exclude(resolution__status__in=CLOSED_STATUSES)
        .annotate(latest=FilteredRelation("reports", condition=newest), accepted_periods=accepted_periods())
        # The model's order, spelled out: with the foreign keys among the values it would sort by their ids.
        .order_by("-resolution__meeting__date", "-resolution__meeting__number", "resolution__number", "-is_lead",
                  "agency__name")
        .values_list(
            *ASSIGNMENT.lookups(), *AGENCY.lookups("agency__"), *RESOLUTION.lookups("resolution__"),
            *MEETING.lookups("resolution__meeting__"), *BODY.lookups("resolution__meeting__body__"),
            *REPORT.lookups("latest__"), "accepted_periods",
        )
    ))


def _open_assignments(scope: Scope) -> ScopedQuerySet[Any]:
    return open_assignment_columns().all().within(scope, CHANGE)


# Compiled once per shape of scope (one agency, two agencies, ...), not on every call: see core.prepared.
OPEN_ASSIGNMENTS = PreparedQuery(_open_assignments)


@dataclass(frozen=True)
class InboxRow:
    assignment: Assignment
    resolution: Resolution
    meeting: Meeting
    body: Body
    due_date: datetime.date | None
    is_overdue: bool
    days_overdue: int
    days_left: int | None  # None without a due date; 0 on the due day; negative never (see days_overdue)
    latest_report: ProgressReport | None
    missing_months: list[datetime.date] = field(default_factory=list)  # continuous ones: first days

    @property
    def latest_status(self) -> str | None:
        return self.latest_report.status if self.latest_report else None

    @property
    def latest_percent(self) -> int | None:
        return self.latest_report.percent if self.latest_report else None

    @property
    def latest_date(self) -> datetime.datetime | None:
        return self.latest_report.submitted_at if self.latest_report else None


def sort_key(row: InboxRow) -> tuple[int, int, datetime.date]:
    """Overdue first (most overdue first), then by due date, rows without a due date last."""
    if row.is_overdue:
        return (0, -row.days_overdue, datetime.date.min)
    if row.due_date is not None:
        return (1, 0, row.due_date)
    return (2, 0, datetime.date.max)


def inbox(*, user: Any, today: datetime.date | None = None) -> list[InboxRow]:
    """The open assignments of the user's agencies (``Assignment.objects.restrict(user, CHANGE)``).

    Overdue is derived from ``today`` (default: today in Tehran). One query whatever the number of rows
    (plus the one that builds the user's scope).
    """
    today = today or timezone.localdate()
    records = OPEN_ASSIGNMENTS.rows(scope=scope_of(user))
    db = Assignment.objects.db
    ends = [len(ASSIGNMENT), len(AGENCY), len(RESOLUTION), len(MEETING), len(BODY), len(REPORT)]
    bounds = [(sum(ends[:i]), sum(ends[:i + 1])) for i in range(len(ends))]
    (a0, a1), (g0, g1), (r0, r1), (m0, m1), (b0, b1), (p0, p1) = bounds
    # Rows share their agency, body and meeting objects, as they share the rows they come from.
    agencies: dict[int, Agency] = {}
    bodies: dict[int, Body] = {}
    meetings: dict[int, Meeting] = {}
    rows = []
    for record in records:
        agency = AGENCY.shared(agencies, record[g0:g1], db)
        body = BODY.shared(bodies, record[b0:b1], db)
        meeting = MEETING.shared(meetings, record[m0:m1], db, body=body)
        resolution = RESOLUTION.build(record[r0:r1], db, meeting=meeting)
        a = ASSIGNMENT.build(record[a0:a1], db, agency=agency, resolution=resolution)
        latest = None if record[p0] is None else REPORT.build(record[p0:p1], db, assignment=a)
        due = resolution.due_date
        overdue = resolution.is_overdue(today)
        # The months a continuous resolution still owes count the periods accepted on that assignment only.
        periods = record[p1]
        missing = [] if periods is None else months_missing(
            meeting.date, [datetime.date.fromisoformat(p) for p in periods.split(",") if p], today)
        rows.append(
            InboxRow(
                assignment=a,
                resolution=resolution,
                meeting=meeting,
                body=body,
                due_date=due,
                is_overdue=overdue,
                days_overdue=resolution.days_overdue(today),
                days_left=None if due is None or overdue else (due - today).days,
                latest_report=latest,
                missing_months=missing,
            )
        )
    rows.sort(key=sort_key)
    return rows
