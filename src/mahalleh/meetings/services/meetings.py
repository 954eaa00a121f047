"""Writes to meetings: scheduling with invitations and the generated review item, edits, status, attendance."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from mahalleh.accounts.models import User
from mahalleh.agencies.models import Agency
from mahalleh.core.audit import record_event
from mahalleh.core.registry import agenda_offers
from mahalleh.core.services import acts, bump_version, idempotent, require
from mahalleh.core.text import normalize, to_persian_digits
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import AgendaItem, Attendance, Body, Meeting
from mahalleh.meetings.services._common import CONFLICT_MEETING

REVIEW_ITEM = "بررسی مصوبات جلسه گذشته"
NOT_YOURS = "شما اجازه تغییر جلسات این نهاد را ندارید."
EDITABLE_FIELDS = frozenset(
    {"date", "start_time", "place", "number", "invitation_number", "invitation_date", "chair", "secretary",
     "subject", "narrative"}
)
ATTENDANCE_STATUSES = frozenset(Attendance.Status.values)


def _next_number(body: Body) -> int:
    return (Meeting.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1


def _check_number_free(body: Body, number: int, exclude_pk: int | None = None) -> None:
    if number < 1:
        raise MeetingsError("شماره جلسه باید عددی مثبت باشد.")
    taken = Meeting.objects.filter(body=body, number=number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise MeetingsError(f"جلسه شماره {to_persian_digits(number)} این نهاد قبلاً ثبت شده است.")


def _set_agenda(meeting: Meeting, items: Iterable[str]) -> None:
    """Make the typed agenda exactly ``items`` (in order), after the generated review item, which stays.

    The review is generated, never typed: a typed copy is dropped so it does not appear twice.
    """
    wanted = [t.strip() for t in items if t and t.strip()]
    wanted = [t for t in wanted if normalize(t) != normalize(REVIEW_ITEM)]
    current = list(meeting.agenda_items.filter(is_review=False).order_by("order"))
    if [i.text for i in current] == wanted:
        return
    for item in current:
        item.delete()
    start = 2 if meeting.agenda_items.filter(is_review=True).exists() else 1
    for n, text in enumerate(wanted):
        AgendaItem.objects.create(meeting=meeting, order=start + n, text=text)


@acts
@idempotent
@transaction.atomic
def meeting_schedule(
    *,
    body: Body,
    date: datetime.date,
    start_time: datetime.time | None = None,
    place: str = "",
    number: int | None = None,
    invitation_number: str = "",
    invitation_date: datetime.date | None = None,
    chair: str = "",
    secretary: str = "",
    subject: str = "",
    narrative: str = "",
    agenda: Iterable[str] = (),
    actor: User,
    idempotency_key: uuid.UUID | None = None,
) -> Meeting:
    """Plan a meeting: every member agency is invited and, when the body has met before, the first
    agenda item is the generated review of the previous resolutions. The same ``idempotency_key``
    again returns the meeting it created (``core.services.idempotent``)."""
    require(body, actor, NOT_YOURS)
    if date is None:
        raise MeetingsError("تاریخ تشکیل جلسه وارد نشده است.")
    if number is None:
        number = _next_number(body)
    else:
        _check_number_free(body, number)
    meeting = Meeting.objects.create(
        body=body, date=date, start_time=start_time, place=place.strip(), number=number,
        invitation_number=invitation_number.strip(), invitation_date=invitation_date,
        chair=chair.strip() or body.chair_title, secretary=secretary.strip(), subject=subject.strip(),
        narrative=narrative.strip(), status=Meeting.Status.PLANNED,
    )
    if Meeting.objects.filter(body=body, date__lt=date).exists():
        AgendaItem.objects.create(meeting=meeting, order=1, text=REVIEW_ITEM, is_review=True)
    # What other apps put on every agenda (core.registry.agenda_sources) comes before the typed items.
    typed = [t for t in agenda if t and t.strip()]
    seen = {normalize(t) for t in typed}
    offered = [t for t in agenda_offers(body=body, date=date) if normalize(t) not in seen]
    _set_agenda(meeting, [*offered, *typed])
    for membership in body.memberships.select_related("agency").order_by("agency__name"):
        Attendance.objects.create(meeting=meeting, agency=membership.agency, status=Attendance.Status.INVITED)
    record_event(meeting, "meeting scheduled", number=number, date=date)
    return meeting


@acts
@transaction.atomic
def meeting_update(
    *, meeting: Meeting, version: int, actor: User, agenda: Iterable[str] | None = None, **fields: Any
) -> Meeting:
    """Change header fields of a meeting saved at ``version`` and, unless ``agenda`` is None, make its
    typed agenda exactly ``agenda``; all or nothing, and a stale version raises ``ConflictError``.

    When the date changes, the due dates of the meeting's resolutions are derived again from it.
    Returns the fresh meeting (``version`` one higher).
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise MeetingsError(f"این فیلدها در جلسه قابل ویرایش نیستند: {'، '.join(sorted(unknown))}")
    require(meeting, actor, NOT_YOURS)
    if fields.get("date", meeting.date) is None:
        raise MeetingsError("تاریخ تشکیل جلسه وارد نشده است.")
    if fields.get("number") is not None:
        _check_number_free(meeting.body, fields["number"], exclude_pk=meeting.pk)
    bump_version(meeting, version, CONFLICT_MEETING)
    fresh = Meeting.objects.select_related("body").get(pk=meeting.pk)
    old_date = fresh.date
    for name, value in fields.items():
        setattr(fresh, name, value.strip() if isinstance(value, str) else value)
    fresh.save()
    if fresh.date != old_date:
        from mahalleh.meetings.services.resolutions import rederive_due_dates

        rederive_due_dates(fresh)
    if agenda is not None:
        _set_agenda(fresh, agenda)
    return fresh


@acts
@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User) -> Meeting:
    """planned → held."""
    require(meeting, actor, NOT_YOURS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise MeetingsError("فقط جلسه‌ای که در وضعیت «برنامه‌ریزی‌شده» است را می‌توان برگزارشده اعلام کرد.")
    meeting.status = Meeting.Status.HELD
    meeting.version += 1
    meeting.save()
    record_event(meeting, "meeting held")
    return meeting


@acts
@transaction.atomic
def meeting_approve(*, meeting: Meeting, actor: User, allow_without_resolutions: bool = False) -> Meeting:
    """held → approved (the minutes are final). Minutes without a resolution need ``allow_without_resolutions``."""
    require(meeting, actor, NOT_YOURS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.HELD:
        raise MeetingsError("فقط صورتجلسه جلسه‌ای که برگزار شده است را می‌توان تأیید کرد.")
    count = meeting.resolutions.count()
    if not count and not allow_without_resolutions:
        raise MeetingsError("این جلسه هیچ مصوبه‌ای ندارد؛ برای تأیید صورتجلسه بدون مصوبه آن را صریحاً تأیید کنید.")
    meeting.status = Meeting.Status.APPROVED
    meeting.version += 1
    meeting.save()
    record_event(meeting, "minutes approved", resolutions=count)
    return meeting


@acts
@transaction.atomic
def attendance_record(
    *, meeting: Meeting, entries: Mapping[int, tuple[str, str]], actor: User
) -> list[Attendance]:
    """Set each agency's attendance (status, representative); agencies not in ``entries`` are left as they are.

    The absent agencies are not stored apart: they are the rows with status absent.
    """
    require(meeting, actor, NOT_YOURS)
    for status, _rep in entries.values():
        if status not in ATTENDANCE_STATUSES:
            raise MeetingsError(f"وضعیت حضور «{status}» معتبر نیست.")
    agencies = Agency.objects.in_bulk(list(entries))
    missing = set(entries) - set(agencies)
    if missing:
        raise MeetingsError("یکی از دستگاه‌های فهرست حضور و غیاب پیدا نشد.")
    foreign = [a.name for a in agencies.values() if a.province_id != meeting.body.province_id]
    if foreign:
        raise MeetingsError(f"دستگاه «{foreign[0]}» از استان این نهاد نیست.")
    existing = {a.agency_id: a for a in meeting.attendances.select_for_update()}
    rows = []
    for agency_id, (status, representative) in entries.items():
        row = existing.get(agency_id) or Attendance(meeting=meeting, agency=agencies[agency_id])
        representative = (representative or "").strip()
        if row.pk is None or row.status != status or row.representative != representative:
            row.status, row.representative = status, representative
            row.save()
        rows.append(row)
    record_event(meeting, "attendance recorded", count=len(rows))
    return rows


__all__ = [
    "REVIEW_ITEM",
    "attendance_record",
    "meeting_approve",
    "meeting_mark_held",
    "meeting_schedule",
    "meeting_update",
]
