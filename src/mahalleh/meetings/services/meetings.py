"""Writes to meetings: scheduling with invitations and the generated review item, edits, status, attendance.

Approved minutes are read-only (``_common.refuse_if_approved``) until the province's secretariat
reopens them (``meeting_reopen``, audited with its reason)."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from mahalleh.accounts.models import User
from mahalleh.agencies.models import Agency
from mahalleh.core.actors import AnyUser
from mahalleh.core.audit import record_event
from mahalleh.core.registry import agenda_offers
from mahalleh.core.scoping import scope_of
from mahalleh.core.services import ConflictError, NotAllowed, acts, bump_version, idempotent, require
from mahalleh.core.text import normalize, to_persian_digits
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import AgendaItem, Attendance, Body, Meeting
from mahalleh.meetings.services._common import CONFLICT_MEETING, refuse_if_approved

REVIEW_ITEM = "بررسی مصوبات جلسه گذشته"
NOT_YOURS = "شما اجازه تغییر جلسات این نهاد را ندارید."
REOPEN_NOT_YOURS = "بازگشایی صورتجلسه تأییدشده فقط با دبیرخانه قرارگاه استان است."
# A typed or offered agenda line that is the review of the previous resolutions in other words
# («بررسی مصوبات جلسات گذشته.», «۳- پیگیری مصوبات جلسه قبل»): the review is generated, never typed.
_REVIEW_LIKE = re.compile(r"^(بررسی|پیگیری|مرور|گزارش)( [^ ]+){0,3} مصوبات( [^ ]+){0,2} (گذشته|قبل|قبلی|پیشین)$")
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


def _agenda_key(text: str) -> str:
    """What two agenda lines that say the same share: normalized, without numbering and punctuation."""
    key = re.sub(r"[^\w\s]", " ", normalize(text))
    key = re.sub(r"^[\s\d]+", "", key)  # a numbering such as «۳- » or «1) » (``\d`` is any digit)
    return " ".join(key.split())


def is_review_item(text: str) -> bool:
    """Whether an agenda line is the review of the previous meeting's resolutions, however worded."""
    key = _agenda_key(text)
    return key == _agenda_key(REVIEW_ITEM) or bool(_REVIEW_LIKE.match(key))


def _set_agenda(meeting: Meeting, items: Iterable[str]) -> None:
    """Make the typed agenda exactly ``items`` (in order, each once), after the generated review item, which stays.

    The review is generated, never typed: a typed copy, in whatever words, is dropped when the meeting
    has the generated one, so it does not appear twice.
    """
    has_review = meeting.agenda_items.filter(is_review=True).exists()
    wanted: list[str] = []
    seen: set[str] = set()
    for text in (t.strip() for t in items if t and t.strip()):
        key = _agenda_key(text)
        if key in seen or (has_review and is_review_item(text)):
            continue
        seen.add(key)
        wanted.append(text)
    current = list(meeting.agenda_items.filter(is_review=False).order_by("order"))
    if [i.text for i in current] == wanted:
        return
    # An item that stays (the same words) keeps its row, and so the problems put on it
    # (``escalation.problems_escalate``); the others go, the new ones are made.
    pool: dict[str, list[AgendaItem]] = {}
    for item in current:
        pool.setdefault(_agenda_key(item.text), []).append(item)
    kept = [(text, pool[key].pop(0) if pool.get(key) else None) for text in wanted for key in [_agenda_key(text)]]
    for leftover in pool.values():
        for item in leftover:
            item.delete()
    start = 2 if has_review else 1
    for n, (text, row) in enumerate(kept):
        if row is None:
            AgendaItem.objects.create(meeting=meeting, order=start + n, text=text)
        elif (row.order, row.text) != (start + n, text):
            row.order, row.text = start + n, text
            row.save(update_fields=["order", "text"])


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
    # ``_set_agenda`` keeps each item once (a typed copy of an offered one, a typed review) in this order.
    _set_agenda(meeting, [*agenda_offers(body=body, date=date), *agenda])
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
    refuse_if_approved(fresh)
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


def _lock(meeting: Meeting, version: int | None) -> Meeting:
    """The meeting's row, locked; when ``version`` is given (a page's button), it must still be the row's."""
    fresh = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if version is not None and fresh.version != version:
        raise ConflictError(CONFLICT_MEETING)
    return fresh


@acts
@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User, version: int | None = None) -> Meeting:
    """planned → held. A page's button gives the ``version`` it showed (stale → ``ConflictError``)."""
    require(meeting, actor, NOT_YOURS)
    meeting = _lock(meeting, version)
    if meeting.status != Meeting.Status.PLANNED:
        raise MeetingsError("فقط جلسه‌ای که در وضعیت «برنامه‌ریزی‌شده» است را می‌توان برگزارشده اعلام کرد.")
    meeting.status = Meeting.Status.HELD
    meeting.version += 1
    meeting.save()
    record_event(meeting, "meeting held")
    return meeting


@acts
@transaction.atomic
def meeting_approve(
    *, meeting: Meeting, actor: User, allow_without_resolutions: bool = False, version: int | None = None
) -> Meeting:
    """held → approved (the minutes are final and read-only). Minutes without a resolution need
    ``allow_without_resolutions``; a page's button gives the ``version`` it showed."""
    require(meeting, actor, NOT_YOURS)
    meeting = _lock(meeting, version)
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


def may_reopen(actor: AnyUser, meeting: Meeting) -> bool:
    """Only the secretariat of the body's province (or the superuser) reopens approved minutes."""
    return scope_of(actor).decides_for_province(meeting.body.province_id)


@acts
@transaction.atomic
def meeting_reopen(*, meeting: Meeting, reason: str, actor: User, version: int | None = None) -> Meeting:
    """approved → held: the minutes may be corrected again, until they are approved again. The
    province's secretariat only; the reason is kept in the audit event «minutes reopened»."""
    require(meeting, actor, REOPEN_NOT_YOURS)
    reason = (reason or "").strip()
    if not reason:
        raise MeetingsError("علت بازگشایی صورتجلسه را بنویسید.")
    meeting = _lock(meeting, version)
    if not may_reopen(actor, meeting):
        raise NotAllowed(REOPEN_NOT_YOURS)
    if meeting.status != Meeting.Status.APPROVED:
        raise MeetingsError("فقط صورتجلسه تأییدشده را می‌توان بازگشایی کرد.")
    meeting.status = Meeting.Status.HELD
    meeting.version += 1
    meeting.save()
    record_event(meeting, "minutes reopened", reason=reason)
    return meeting


@acts
@transaction.atomic
def attendance_record(
    *, meeting: Meeting, entries: Mapping[int, tuple[str, str]], actor: User, version: int | None = None
) -> list[Attendance]:
    """Set each agency's attendance (status, representative); agencies not in ``entries`` are left as they are.

    The absent agencies are not stored apart: they are the rows with status absent. The attendance
    form gives the meeting's ``version`` it was loaded at and claims it (stale → ``ConflictError``);
    approved minutes refuse.
    """
    require(meeting, actor, NOT_YOURS)
    if version is not None:
        bump_version(meeting, version, CONFLICT_MEETING)
    refuse_if_approved(Meeting.objects.select_for_update().get(pk=meeting.pk))
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
    "is_review_item",
    "may_reopen",
    "meeting_approve",
    "meeting_mark_held",
    "meeting_reopen",
    "meeting_schedule",
    "meeting_update",
]
