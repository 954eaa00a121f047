"""An agency's inbox: its open assignments with their deadlines and the state of its reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mahalleh.core.scoping import CHANGE, ScopedQuerySet
from mahalleh.meetings.models import (
    Assignment,
    Body,
    DeadlineKind,
    Meeting,
    ProgressReport,
    Resolution,
)
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
from mahalleh.meetings.selectors.periods import months_missing

REPORTS_NEWEST_FIRST = ProgressReport.objects.order_by("-submitted_at", "-id")
# The fields a row shows (templates meetings/inbox.html, the API). The long texts of a meeting (its
# narrative, its search text) and the audit timestamps stay in the database; reading any other field
# still works, at one query per object.
SHOWN = (
    "is_lead", "agency__name",
    *(f"resolution__{f}" for f in ("meeting", "number", "text", "deadline_kind", "due_date", "status")),
    "resolution__meeting__body__name", "resolution__meeting__number", "resolution__meeting__date",
)
# The newest report's fields, as annotations (``only()`` cannot reach through a FilteredRelation), in the
# model's order (``Model.from_db`` expects it).
REPORT_SHOWN = tuple(f.attname for f in ProgressReport._meta.concrete_fields
                     if f.attname in {"id", "assignment_id", "status", "percent", "period", "submitted_at",
                                      "review_reason"})


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


def open_assignments(user: Any) -> ScopedQuerySet[Any]:  # of Assignment, annotated
    """The open assignments of the user's agencies, each with its agency, resolution, meeting and body,
    the fields of its newest report (``latest_<field>``) and ``accepted_periods``, in one query built on
    every call (nothing read for one call, a scope or a day, can be served to another)."""
    # The latest report joined on its id, as the bare SQL does: no other report is read.
    newest = Q(reports__pk=latest_report_id(assignment=OuterRef("pk")))
    return (
        Assignment.objects.restrict(user, CHANGE).exclude(resolution__status__in=CLOSED_STATUSES)
        .annotate(latest=FilteredRelation("reports", condition=newest), accepted_periods=accepted_periods(),
                  **{f"latest_{f}": F(f"latest__{f}") for f in REPORT_SHOWN})
        .select_related("agency", "resolution__meeting__body")
        .only(*SHOWN)
        # The model's order, spelled out (it sorts by resolution id first).
        .order_by("-resolution__meeting__date", "-resolution__meeting__number", "resolution__number", "-is_lead",
                  "agency__name")
    )


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


def _latest_report(a: Assignment) -> ProgressReport | None:
    """The newest report from the assignment's ``latest_*`` annotations (None without one), the fields not
    read deferred, as ``only()`` would leave it."""
    values = [getattr(a, f"latest_{f}") for f in REPORT_SHOWN]
    if values[0] is None:
        return None
    report = ProgressReport.from_db(a._state.db, REPORT_SHOWN, values)
    report.assignment = a
    return report


def inbox(*, user: Any, today: datetime.date | None = None) -> list[InboxRow]:
    """The open assignments of the user's agencies (``Assignment.objects.restrict(user, CHANGE)``).

    Overdue is derived from ``today`` (default: today in Tehran). One query whatever the number of rows
    (plus the one that builds the user's scope).
    """
    today = today or timezone.localdate()
    rows = []
    for a in open_assignments(user):
        resolution = a.resolution
        meeting = resolution.meeting
        latest = _latest_report(a)
        due = resolution.due_date
        overdue = resolution.is_overdue(today)
        # The months a continuous resolution still owes count the periods accepted on that assignment only.
        periods = a.accepted_periods
        missing = [] if periods is None else months_missing(
            meeting.date, [datetime.date.fromisoformat(p) for p in periods.split(",") if p], today)
        rows.append(
            InboxRow(
                assignment=a,
                resolution=resolution,
                meeting=meeting,
                body=meeting.body,
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
