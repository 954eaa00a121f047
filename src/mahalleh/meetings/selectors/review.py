"""The review of previous resolutions read out at a meeting (its first agenda item), per lead agency."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from mahalleh.agencies.models import Agency
from mahalleh.meetings.models import Assignment, Meeting, ProgressReport, Resolution, ResolutionStatus
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
from mahalleh.meetings.selectors.inbox import REPORTS_NEWEST_FIRST

NO_LEAD = "بدون دستگاه مسئول"


@dataclass(frozen=True)
class ReviewRow:
    resolution: Resolution
    number: int
    meeting_number: int | None
    meeting_date: datetime.date
    text: str
    status: str
    status_label: str
    is_overdue: bool
    days_overdue: int
    latest_report: ProgressReport | None
    closed_since_previous: bool  # done/cancelled since the previous meeting: read out, not open


@dataclass(frozen=True)
class ReviewGroup:
    agency: Agency | None
    name: str
    rows: list[ReviewRow]

    @property
    def overdue(self) -> int:
        return sum(r.is_overdue for r in self.rows)


@dataclass(frozen=True)
class ReviewReport:
    meeting: Meeting
    previous_meeting: Meeting | None
    as_of: datetime.date
    groups: list[ReviewGroup]
    counts: dict[str, int] = field(default_factory=dict)  # status → rows
    overdue: int = 0
    closed_since_previous: int = 0

    @property
    def open(self) -> int:
        return sum(n for s, n in self.counts.items() if s not in CLOSED_STATUSES)


def review(*, meeting: Meeting, user: Any, today: datetime.date | None = None) -> ReviewReport:
    """Every open resolution of the body from earlier meetings, plus those closed since the previous
    meeting, grouped by lead agency (sorted by name). Overdue is counted as of ``today``, by default
    the meeting's own date (what the secretariat will say in that meeting). Four queries in all."""
    as_of = today or meeting.date
    previous = (
        Meeting.objects.restrict(user).filter(body_id=meeting.body_id, date__lt=meeting.date).order_by("-date", "-number").first()
    )
    closed_since = Q(pk__in=[])
    if previous is not None:
        closed_since = Q(status=ResolutionStatus.DONE, done_at__gte=previous.date) | Q(
            status=ResolutionStatus.CANCELLED, updated_at__date__gte=previous.date
        )
    resolutions = (
        Resolution.objects.restrict(user)
        .filter(meeting__body_id=meeting.body_id, meeting__date__lt=meeting.date)
        .filter(~Q(status__in=CLOSED_STATUSES) | closed_since)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("agency").prefetch_related(
                    Prefetch("reports", queryset=REPORTS_NEWEST_FIRST)
                ),
            )
        )
        .order_by("meeting__date", "meeting__number", "number")
    )
    groups: dict[int | None, list[ReviewRow]] = {}
    agencies: dict[int | None, Agency | None] = {None: None}
    counts: Counter[str] = Counter()
    for r in resolutions:
        assignments = list(r.assignments.all())
        lead = next((a for a in assignments if a.is_lead), assignments[0] if assignments else None)
        reports = [rep for a in assignments for rep in a.reports.all()]
        latest = max(reports, key=lambda rep: (rep.submitted_at, rep.pk)) if reports else None
        key = lead.agency_id if lead else None
        if lead:
            agencies[key] = lead.agency
        row = ReviewRow(
            resolution=r, number=r.number, meeting_number=r.meeting.number, meeting_date=r.meeting.date, text=r.text,
            status=r.status, status_label=str(r.get_status_display()), is_overdue=r.is_overdue(as_of),
            days_overdue=r.days_overdue(as_of), latest_report=latest, closed_since_previous=r.is_closed,
        )
        groups.setdefault(key, []).append(row)
        counts[r.status] += 1
    def name(key: int | None) -> str:
        agency = agencies[key]
        return agency.name if agency is not None else NO_LEAD

    # Agencies by name; resolutions without a lead last.
    ordered = sorted(groups, key=lambda k: (k is None, name(k)))
    result = [ReviewGroup(agency=agencies[k], name=name(k), rows=groups[k]) for k in ordered]
    return ReviewReport(
        meeting=meeting, previous_meeting=previous, as_of=as_of, groups=result, counts=dict(counts),
        overdue=sum(g.overdue for g in result), closed_since_previous=sum(r.closed_since_previous for g in result
                                                                          for r in g.rows),
    )
