"""An agency's inbox: its open assignments with their deadlines and the state of its reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from mahalleh.agencies.models import Agency
from mahalleh.core.scoping import CHANGE
from mahalleh.meetings.models import (
    Assignment,
    Body,
    DeadlineKind,
    Meeting,
    ProgressReport,
    Resolution,
)
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
from mahalleh.meetings.selectors.instances import Columns, attach
from mahalleh.meetings.selectors.periods import months_missing

REPORTS_NEWEST_FIRST = ProgressReport.objects.order_by("-submitted_at", "-id")
# The fields a row shows (templates meetings/inbox.html and review.html, the API). The long texts of a
# meeting (its narrative, its search text) and the audit timestamps stay in the database; reading any
# other field still works, at one query per object.
REPORT = Columns(ProgressReport, "id", "assignment", "status", "percent", "period", "submitted_at", "review_reason")
RESOLUTION = Columns(Resolution, "id", "meeting", "number", "text", "deadline_kind", "due_date", "status", "done_at")
MEETING = Columns(Meeting, "id", "body", "number", "date", "status")
BODY = Columns(Body, "id", "province", "county", "name", "kind")
AGENCY = Columns(Agency, "id", "province", "county", "name")
ASSIGNMENT = Columns(Assignment, "id", "resolution", "agency", "is_lead")


def latest_report_id(**outer: OuterRef) -> Subquery:
    """The id of the newest report matching ``outer`` (e.g. ``assignment=OuterRef("pk")``): one correlated
    ``LIMIT 1`` per row, instead of prefetching every report to keep the first."""
    return Subquery(REPORTS_NEWEST_FIRST.filter(**outer).values("pk")[:1])


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

    Overdue is derived from ``today`` (default: today in Tehran). Three queries whatever the number of rows
    (plus the two that build the user's scope).
    """
    today = today or timezone.localdate()
    queryset = (
        Assignment.objects.restrict(user, CHANGE)
        .exclude(resolution__status__in=CLOSED_STATUSES)
        .annotate(latest_report_id=latest_report_id(assignment=OuterRef("pk")))
    )
    db = queryset.db
    shapes = [(ASSIGNMENT, ""), (AGENCY, "agency__"), (RESOLUTION, "resolution__"), (MEETING, "resolution__meeting__"),
              (BODY, "resolution__meeting__body__")]
    # One row of bare columns per assignment (the model's own order), made into linked instances below.
    records = list(queryset.values_list(*(c for shape, prefix in shapes for c in shape.lookups(prefix)), "latest_report_id"))
    latest = {
        values[0]: REPORT.build(values, db)
        for values in ProgressReport.objects.filter(pk__in=[r[-1] for r in records if r[-1]]).values_list(*REPORT.lookups())
    }
    # The months a continuous resolution still owes need the accepted periods of its assignment only.
    continuous_at = len(ASSIGNMENT) + len(AGENCY) + RESOLUTION.names.index("deadline_kind")
    accepted: dict[int, list[datetime.date]] = {r[0]: [] for r in records if r[continuous_at] == DeadlineKind.CONTINUOUS}
    for assignment_id, period in ProgressReport.objects.filter(
        assignment_id__in=list(accepted), status=ProgressReport.Status.ACCEPTED, period__isnull=False
    ).values_list("assignment_id", "period"):
        accepted[assignment_id].append(period)
    assignments = []
    for record in records:
        objects, start = [], 0
        for shape, _prefix in shapes:
            objects.append(shape.build(record[start:start + len(shape)], db))
            start += len(shape)
        a, agency, resolution, meeting, body = objects
        attach(a, "agency", agency)
        attach(a, "resolution", resolution)
        attach(resolution, "meeting", meeting)
        attach(meeting, "body", body)
        a.latest_report_id = record[-1]
        assignments.append(a)
    rows = []
    for a in assignments:
        resolution = a.resolution
        meeting = resolution.meeting
        due = resolution.due_date
        overdue = resolution.is_overdue(today)
        missing = months_missing(meeting.date, accepted[a.pk], today) if a.pk in accepted else []
        rows.append(
            InboxRow(
                assignment=a,
                resolution=resolution,
                meeting=meeting,
                body=meeting.body,
                due_date=due,
                is_overdue=overdue,
                days_overdue=(today - due).days if overdue and due else 0,
                days_left=None if due is None or overdue else (due - today).days,
                latest_report=latest.get(a.latest_report_id) if a.latest_report_id else None,
                missing_months=missing,
            )
        )
    rows.sort(key=sort_key)
    return rows
