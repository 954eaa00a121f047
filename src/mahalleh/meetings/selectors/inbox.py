"""An agency's inbox: its open assignments with their deadlines and the state of its reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

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
from mahalleh.meetings.selectors.periods import months_missing

REPORTS_NEWEST_FIRST = ProgressReport.objects.order_by("-submitted_at", "-id")


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

    Overdue is derived from ``today`` (default: today in Tehran). Three queries whatever the number of rows.
    """
    today = today or timezone.localdate()
    assignments = (
        Assignment.objects.restrict(user, CHANGE)
        .exclude(resolution__status__in=CLOSED_STATUSES)
        .select_related("agency", "resolution__meeting__body")
        .prefetch_related(Prefetch("reports", queryset=REPORTS_NEWEST_FIRST))
    )
    rows = []
    for a in assignments:
        resolution = a.resolution
        reports = list(a.reports.all())
        missing: list[datetime.date] = []
        if resolution.deadline_kind == DeadlineKind.CONTINUOUS:
            accepted = [r.period for r in reports if r.status == ProgressReport.Status.ACCEPTED]
            missing = months_missing(resolution.meeting.date, accepted, today)
        due = resolution.due_date
        overdue = resolution.is_overdue(today)
        rows.append(
            InboxRow(
                assignment=a,
                resolution=resolution,
                meeting=resolution.meeting,
                body=resolution.meeting.body,
                due_date=due,
                is_overdue=overdue,
                days_overdue=resolution.days_overdue(today),
                days_left=None if due is None or overdue else (due - today).days,
                latest_report=reports[0] if reports else None,
                missing_months=missing,
            )
        )
    rows.sort(key=sort_key)
    return rows
