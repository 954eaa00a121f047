"""One iCalendar (RFC 5545) feed per user, behind a secret URL the user can revoke: the HQ and county
meetings, the desks, the campaign days and the report due dates that concern them, so a director sees
the week on the phone. Times are written in UTC (``…Z``): every calendar shows them in its own zone."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone

from mahalleh.core.actors import Actor, AnyUser
from mahalleh.core.jalali import TEHRAN
from mahalleh.core.scoping import VIEW
from mahalleh.desks.models import CalendarFeed, CampaignVisit, Desk
from mahalleh.meetings.models import Assignment, Meeting

WINDOW_BACK = datetime.timedelta(days=60)
WINDOW_AHEAD = datetime.timedelta(days=400)


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: datetime.datetime | datetime.date  # a date: an all-day event
    end: datetime.datetime | datetime.date | None = None
    location: str = ""
    url: str = ""


def _at(d: datetime.date, t: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(d, t, tzinfo=TEHRAN)


def events_for(user: AnyUser, today: datetime.date, *, base_url: str = "") -> Iterator[Event]:
    """What concerns the user, within the window: read through the same scopes as the pages."""
    first, last = today - WINDOW_BACK, today + WINDOW_AHEAD
    for m in Meeting.objects.restrict(user, VIEW).filter(date__range=(first, last)).select_related("body"):
        start = _at(m.date, m.start_time) if m.start_time else m.date
        end = start + datetime.timedelta(hours=2) if isinstance(start, datetime.datetime) else None
        yield Event(f"meeting-{m.pk}@mahalleh", f"جلسه {m.body.name}", start, end, m.place, base_url + m.get_absolute_url())
    desks = Desk.objects.restrict(user, VIEW).filter(date__range=(first, last)).exclude(status=Desk.Status.CANCELLED)
    for d in desks.select_related("neighborhood", "county"):
        where = d.neighborhood.name if d.neighborhood else d.county.name
        yield Event(f"desk-{d.pk}@mahalleh", f"{d.get_kind_display()} — {where}", _at(d.date, d.start_time),
                    _at(d.date, d.end_time), d.place, base_url + d.get_absolute_url())
    visits = CampaignVisit.objects.restrict(user, VIEW).filter(date__range=(first, last))
    for v in visits.select_related("campaign", "neighborhood"):
        yield Event(f"campaign-visit-{v.pk}@mahalleh", f"{v.campaign.name} — {v.neighborhood.name}", v.date,
                    url=base_url + v.campaign.get_absolute_url())
    assignments = (Assignment.objects.restrict(user, VIEW).filter(resolution__due_date__range=(first, last))
                   .select_related("resolution", "agency"))
    for a in assignments:
        due = a.resolution.due_date
        assert due is not None
        yield Event(f"report-due-{a.pk}@mahalleh", f"سررسید گزارش: {a.resolution.text[:60]} ({a.agency.name})", due,
                    url=base_url + a.resolution.get_absolute_url())


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _fold(line: str) -> Iterator[str]:
    """Lines of at most 75 octets, continuations starting with a space (RFC 5545 §3.1), never
    splitting a UTF-8 character."""
    raw = line.encode()
    limit = 75
    while len(raw) > limit:
        cut = limit
        while cut > 0 and (raw[cut] & 0xC0) == 0x80:  # inside a multi-byte character
            cut -= 1
        yield raw[:cut].decode()
        raw = b" " + raw[cut:]
        limit = 75
    yield raw.decode()


def _when(name: str, value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name}:{value.astimezone(datetime.UTC).strftime('%Y%m%dT%H%M%SZ')}"
    return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"


def render(events: Iterable[Event], *, now: datetime.datetime | None = None, name: str = "سامانه محله") -> str:
    stamp = (now or timezone.now()).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Mahalleh//Desks//FA", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Asia/Tehran"]
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:{e.uid}", f"DTSTAMP:{stamp}", _when("DTSTART", e.start)]
        if e.end is not None:
            lines.append(_when("DTEND", e.end))
        lines.append(f"SUMMARY:{_escape(e.summary)}")
        if e.location:
            lines.append(f"LOCATION:{_escape(e.location)}")
        if e.url:
            lines.append(f"URL:{e.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"


def feed_of(user: Actor) -> CalendarFeed:
    """The user's live feed, made on first asking."""
    feed = CalendarFeed.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(user_id=user.pk)


def revoke(user: Actor) -> int:
    """Every live feed of the user stops answering; the next visit makes a new URL."""
    return CalendarFeed.objects.filter(user_id=user.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
