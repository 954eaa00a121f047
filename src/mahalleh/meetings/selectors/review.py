"""The review of previous resolutions read out at a meeting (its first agenda item), per lead agency."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery, TextField
from django.db.models.functions import JSONArray, JSONObject

from mahalleh.agencies.models import Agency
from mahalleh.core.scoping import Scope, ScopedQuerySet, scope_of
from mahalleh.meetings.models import Assignment, Meeting, ProgressReport, Resolution, ResolutionStatus
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
from mahalleh.meetings.selectors.inbox import REPORTS_NEWEST_FIRST

NO_LEAD = "بدون دستگاه مسئول"
# What the page (template meetings/review.html) shows; other fields load on access, one query per object.
SHOWN = ("number", "text", "deadline_kind", "due_date", "status", "done_at", "meeting__body", "meeting__number",
         "meeting__date")
PREVIOUS = ("id", "body_id", "number", "date")  # what the page shows of the previous meeting
REPORT_STATUS_LABELS = {status: label for status, label in ProgressReport.Status.choices}


class LatestReport(NamedTuple):
    """What the review shows of a resolution's newest report (of any assignee): not the whole report."""

    pk: int
    status: str
    percent: int
    submitted_at: datetime.datetime

    def get_status_display(self) -> str:
        return str(REPORT_STATUS_LABELS.get(self.status, self.status))


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__, 2× slower
class ReviewRow:
    resolution: Resolution  # its meeting attached
    status_label: str
    is_overdue: bool
    days_overdue: int
    latest_report: LatestReport | None

    @property
    def number(self) -> int:
        return self.resolution.number

    @property
    def meeting_number(self) -> int | None:
        return self.resolution.meeting.number

    @property
    def meeting_date(self) -> datetime.date:
        return self.resolution.meeting.date

    @property
    def text(self) -> str:
        return self.resolution.text

    @property
    def status(self) -> str:
        return self.resolution.status

    @property
    def closed_since_previous(self) -> bool:
        """Done or cancelled since the previous meeting: read out, no longer open."""
        return self.resolution.is_closed


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


def _report(text: str | None) -> LatestReport | None:
    """The newest report from its JSON array (dates come as ISO text; SQLite's carry no offset: UTC)."""
    if text is None:
        return None
    pk, status, percent, submitted_at = json.loads(text)
    submitted = datetime.datetime.fromisoformat(submitted_at)
    if submitted.tzinfo is None:
        submitted = submitted.replace(tzinfo=datetime.UTC)
    return LatestReport(pk, status, percent, submitted)


def _earlier(scope: Scope, body_id: int, before: datetime.date) -> ScopedQuerySet[Meeting]:
    """The body's meetings before a date that the scope reaches, newest first."""
    return Meeting.objects.within(scope).filter(body_id=body_id, date__lt=before).order_by("-date", "-number")


def _review_rows(scope: Scope, body_id: int, before: datetime.date) -> ScopedQuerySet[Any]:
    """The resolutions the review reads out, each with its meeting, its lead (else the first assignee by
    name) and that lead's agency, the newest report of any assignee and the previous meeting, in one
    query built on every call."""
    earlier = _earlier(scope, body_id, before)
    previous_date = Subquery(earlier.values("date")[:1])
    closed_since = Q(status=ResolutionStatus.DONE, done_at__gte=previous_date) | Q(
        status=ResolutionStatus.CANCELLED, updated_at__date__gte=previous_date
    )
    lead = Assignment.objects.filter(resolution=OuterRef("pk")).order_by("-is_lead", "agency__name", "pk").values("pk")[:1]
    # The newest report's columns as one JSON array from one correlated LIMIT 1 (the bare SQL joins it by
    # that id; an ORM join would go through every assignment and multiply the rows). Text, parsed here: a
    # JSONField would add Django's converter pass over every row.
    newest = REPORTS_NEWEST_FIRST.filter(assignment__resolution=OuterRef("pk")).values(
        json=JSONArray(*LatestReport._fields))[:1]
    # The previous meeting is a subquery of the main one (the database runs it once), also returned as one
    # JSON column, so the review is one round trip.
    previous = earlier.values(json=JSONObject(**{f: f for f in PREVIOUS}))[:1]
    return (
        Resolution.objects.within(scope)
        .filter(meeting__body_id=body_id, meeting__date__lt=before)
        .filter(~Q(status__in=CLOSED_STATUSES) | closed_since)
        .annotate(lead=FilteredRelation("assignments", condition=Q(assignments__pk=Subquery(lead))),
                  latest_report=Subquery(newest, output_field=TextField()),
                  previous_meeting=Subquery(previous, output_field=TextField()),
                  # Annotations, not select_related: ``only()`` cannot reach through a FilteredRelation.
                  lead_agency_id=F("lead__agency_id"), lead_agency_name=F("lead__agency__name"))
        .select_related("meeting")
        .only(*SHOWN)
        .order_by("meeting__date", "meeting__number", "number")
    )


def review(*, meeting: Meeting, user: Any, today: datetime.date | None = None) -> ReviewReport:
    """Every open resolution of the body from earlier meetings, plus those closed since the previous
    meeting, grouped by lead agency (sorted by name). Overdue is counted as of ``today``, by default
    the meeting's own date (what the secretariat will say in that meeting). One query in all (the rows, with the
    previous meeting; plus the one that builds the user's scope where it is not cached)."""
    as_of = today or meeting.date
    scope = scope_of(user)
    records = list(_review_rows(scope, meeting.body_id, meeting.date))
    agencies: dict[int | None, Agency | None] = {None: None}
    groups: dict[int | None, list[ReviewRow]] = {}
    counts: Counter[str] = Counter()
    labels = {status: str(label) for status, label in ResolutionStatus.choices}
    for r in records:
        lead_id = r.lead_agency_id
        if lead_id not in agencies:
            agencies[lead_id] = Agency.from_db(r._state.db, ["id", "name"], [lead_id, r.lead_agency_name])
        status = r.status
        row = ReviewRow(r, labels.get(status, status), r.is_overdue(as_of), r.days_overdue(as_of),
                        _report(r.latest_report))
        groups.setdefault(lead_id, []).append(row)
        counts[status] += 1

    previous: Meeting | None = None
    if records:
        found = records[0].previous_meeting
        if found is not None:
            values = json.loads(found)
            values["date"] = datetime.date.fromisoformat(values["date"])
            previous = Meeting.from_db(Meeting.objects.db, list(PREVIOUS), [values[f] for f in PREVIOUS])
    else:  # nothing to review: the previous meeting is still shown
        previous = _earlier(scope, meeting.body_id, meeting.date).first()

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
