"""The review of previous resolutions read out at a meeting (its first agenda item), per lead agency."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from django.db.models import FilteredRelation, OuterRef, Q, Subquery

from mahalleh.agencies.models import Agency
from mahalleh.core.scoping import ScopedQuerySet
from mahalleh.meetings.models import Assignment, Meeting, ProgressReport, Resolution, ResolutionStatus
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
from mahalleh.meetings.selectors.inbox import AGENCY, MEETING, latest_report_id
from mahalleh.meetings.selectors.instances import Columns, attach

NO_LEAD = "بدون دستگاه مسئول"
# What the page (template meetings/review.html) shows; other fields load on access, one query per object.
RESOLUTION = Columns(Resolution, "id", "meeting", "number", "text", "deadline_kind", "due_date", "status", "done_at")
REPORT = Columns(ProgressReport, "id", "assignment", "status", "percent", "submitted_at")


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


@cache
def resolution_columns() -> ScopedQuerySet[Any]:  # of tuples (values_list)
    """Every resolution as one row of bare columns with its meeting, its lead agency and the id of its
    newest report, not yet filtered. Built once (adding the columns through their joins costs more than
    cloning the finished query); callers must clone it, ``.all()``, before filtering or evaluating it."""
    # The lead (else the first assignee by name), joined with its agency, and the newest report of any
    # assignee, picked in the database: the assignments and the older reports are never shipped.
    lead = Assignment.objects.filter(resolution=OuterRef("pk")).order_by("-is_lead", "agency__name", "pk").values("pk")[:1]
    return cast("ScopedQuerySet[Any]", (
        Resolution.objects.annotate(
            lead=FilteredRelation("assignments", condition=Q(assignments__pk=Subquery(lead))),
            latest_report_id=latest_report_id(assignment__resolution=OuterRef("pk")),
        )
        .order_by("meeting__date", "meeting__number", "number")
        .values_list(*RESOLUTION.lookups(), *MEETING.lookups("meeting__"), *AGENCY.lookups("lead__agency__"),
                     "latest_report_id")
    ))


def review(*, meeting: Meeting, user: Any, today: datetime.date | None = None) -> ReviewReport:
    """Every open resolution of the body from earlier meetings, plus those closed since the previous
    meeting, grouped by lead agency (sorted by name). Overdue is counted as of ``today``, by default
    the meeting's own date (what the secretariat will say in that meeting). Three queries in all (plus the
    one that builds the user's scope)."""
    as_of = today or meeting.date
    previous = (
        Meeting.objects.restrict(user).filter(body_id=meeting.body_id, date__lt=meeting.date).order_by("-date", "-number").first()
    )
    closed_since = Q(pk__in=[])
    if previous is not None:
        closed_since = Q(status=ResolutionStatus.DONE, done_at__gte=previous.date) | Q(
            status=ResolutionStatus.CANCELLED, updated_at__date__gte=previous.date
        )
    queryset = (
        resolution_columns().all().restrict(user)
        .filter(meeting__body_id=meeting.body_id, meeting__date__lt=meeting.date)
        .filter(~Q(status__in=CLOSED_STATUSES) | closed_since)
    )
    db = queryset.db
    # Bare columns, made into instances below (see selectors.instances): a resolution with its meeting,
    # shared by the resolutions of that meeting.
    records = list(queryset)
    meetings: dict[int, Meeting] = {}
    agencies: dict[int | None, Agency | None] = {None: None}
    resolutions: list[tuple[Resolution, int | None, int | None]] = []  # with its lead agency and latest report
    split, agency_at = len(RESOLUTION), len(RESOLUTION) + len(MEETING)
    for record in records:
        r = RESOLUTION.build(record[:split], db)
        if record[split] not in meetings:
            meetings[record[split]] = MEETING.build(record[split:agency_at], db)
        attach(r, "meeting", meetings[record[split]])
        lead_id = record[agency_at]
        if lead_id not in agencies:
            agencies[lead_id] = AGENCY.build(record[agency_at:-1], db)
        resolutions.append((r, lead_id, record[-1]))
    reports = {
        values[0]: REPORT.build(values, db)
        for values in ProgressReport.objects.filter(pk__in={report_id for _, _, report_id in resolutions if report_id})
        .order_by().values_list(*REPORT.lookups())
    }
    groups: dict[int | None, list[ReviewRow]] = {}
    counts: Counter[str] = Counter()
    labels = {status: str(label) for status, label in ResolutionStatus.choices}
    for r, key, report_id in resolutions:
        overdue = r.is_overdue(as_of)
        row = ReviewRow(
            resolution=r, number=r.number, meeting_number=r.meeting.number, meeting_date=r.meeting.date, text=r.text,
            status=r.status, status_label=labels.get(r.status, r.status), is_overdue=overdue,
            days_overdue=(as_of - r.due_date).days if overdue and r.due_date else 0,
            latest_report=reports.get(report_id) if report_id else None,
            closed_since_previous=r.is_closed,
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
