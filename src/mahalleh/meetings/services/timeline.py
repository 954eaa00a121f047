"""The history of one resolution as people read it: recorded, reported, reviewed, edited, closed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from mahalleh.accounts.models import User
from mahalleh.core.models import AuditEntry
from mahalleh.meetings.models import ProgressReport, Resolution

EVENT_TITLES = {
    "resolution edited": "ویرایش مصوبه",
    "resolution cancelled": "لغو مصوبه",
    "resolution accepted": "انجام مصوبه تأیید شد",
}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str  # created, report, accepted, returned, event
    title: str  # Persian, shown as is
    actor: User | None = None  # a User or None
    text: str = ""
    report: ProgressReport | None = None
    percent: int | None = None


def resolution_timeline(resolution: Resolution) -> list[TimelineEntry]:
    """Creation, every report and its review, and the named audit events of the resolution, oldest first.

    Reads a fixed number of queries (reports with authors and reviewers, the creator, the events).
    """
    entries: list[TimelineEntry] = []
    ct = ContentType.objects.get_for_model(Resolution)
    audit = list(
        AuditEntry.objects.filter(content_type=ct, object_id=str(resolution.pk), action__in=["create", "event"])
        .select_related("actor")
        .order_by("at", "id")
    )
    creator = next((a.actor for a in audit if a.action == "create"), None)
    entries.append(TimelineEntry(at=resolution.created_at, kind="created", title="ثبت مصوبه", actor=creator,
                                 text=resolution.text))
    reports = ProgressReport.objects.filter(assignment__resolution=resolution).select_related(
        "assignment__agency", "author", "reviewed_by"
    )
    for r in reports:
        agency = r.assignment.agency.name
        entries.append(TimelineEntry(at=r.submitted_at, kind="report", title=f"گزارش {agency} ({r.percent}٪)",
                                     actor=r.author, text=r.text, report=r, percent=r.percent))
        if r.reviewed_at is not None and r.status == ProgressReport.Status.ACCEPTED:
            entries.append(TimelineEntry(at=r.reviewed_at, kind="accepted", title=f"پذیرش گزارش {agency}",
                                         actor=r.reviewed_by, report=r, percent=r.percent))
        elif r.reviewed_at is not None and r.status == ProgressReport.Status.RETURNED:
            entries.append(TimelineEntry(at=r.reviewed_at, kind="returned", title=f"برگشت گزارش {agency}",
                                         actor=r.reviewed_by, text=r.review_reason, report=r, percent=r.percent))
    for a in audit:
        if a.action != "event":
            continue
        details = a.after or {}
        text = str(details.get("reason", "")) if isinstance(details, dict) else ""
        entries.append(TimelineEntry(at=a.at, kind="event", title=EVENT_TITLES.get(a.event, a.event), actor=a.actor,
                                     text=text))
    # The kind breaks ties so a report made in the same instant as the creation still follows it.
    order = {"created": 0, "report": 1, "accepted": 2, "returned": 2, "event": 3}
    entries.sort(key=lambda e: (e.at, order[e.kind]))
    return entries
