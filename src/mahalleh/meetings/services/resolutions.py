"""Writes to resolutions: recording them with their assignees and deadline, editing, cancelling."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from mahalleh.accounts.models import User
from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.audit import record_event
from mahalleh.core.services import ConflictError, acts, bump_version, idempotent, require
from mahalleh.core.text import to_persian_digits
from mahalleh.meetings import deadlines
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import Assignment, Meeting, Resolution, ResolutionStatus
from mahalleh.meetings.services._common import CONFLICT_RESOLUTION, refuse_if_approved
from mahalleh.meetings.services.escalation import link_problems
from mahalleh.meetings.tasks import notify_assigned
from mahalleh.places.models import Neighborhood

NOT_YOURS = "شما اجازه ثبت یا تغییر مصوبات این نهاد را ندارید."
EDITABLE_FIELDS = frozenset(
    {"number", "text", "deadline_raw", "responsible_raw", "lead_agency", "collaborators", "neighborhoods", "axes",
     "problems"}
)


def _apply_deadline(resolution: Resolution, raw: str, meeting_date: Any) -> None:
    parsed = deadlines.parse_deadline(raw)
    resolution.deadline_raw = (raw or "").strip()
    resolution.deadline_kind = parsed.kind
    resolution.deadline_amount = parsed.amount
    resolution.deadline_unit = parsed.unit or ""
    resolution.due_date = deadlines.due_date(parsed, meeting_date)


def rederive_due_dates(meeting: Meeting) -> None:
    """Derive the due dates of the meeting's open resolutions again (its date changed)."""
    for resolution in meeting.resolutions.open():
        old = resolution.due_date
        _apply_deadline(resolution, resolution.deadline_raw, meeting.date)
        if resolution.due_date != old:
            resolution.save()


def _agencies(meeting: Meeting, lead: Agency | None, collaborators: Iterable[Agency | int]) -> list[Agency]:
    """The lead first, then the collaborators without duplicates; all must be of the body's province."""
    if lead is None:
        raise MeetingsError("دستگاه مسئول اصلی (اقدام‌کننده) مصوبه مشخص نشده است.")
    ids = [c if isinstance(c, int) else c.pk for c in collaborators]
    found = Agency.objects.in_bulk(ids)
    if len(found) != len(set(ids)):
        raise MeetingsError("یکی از دستگاه‌های همکار پیدا نشد.")
    result = [lead] + [found[i] for i in dict.fromkeys(ids) if i != lead.pk]
    for agency in result:
        if agency.province_id != meeting.body.province_id:
            raise MeetingsError(f"دستگاه «{agency.name}» از استان این نهاد نیست.")
    return result


def _clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise MeetingsError("متن مصوبه خالی است.")
    return text


def _check_number_free(meeting: Meeting, number: int, exclude_pk: int | None = None) -> None:
    if number < 1:
        raise MeetingsError("ردیف مصوبه باید عددی مثبت باشد.")
    taken = meeting.resolutions.filter(number=number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise MeetingsError(f"مصوبه ردیف {to_persian_digits(number)} در این جلسه قبلاً ثبت شده است.")


def _set_related(resolution: Resolution, neighborhoods: Iterable[Any], axes: Iterable[Any]) -> None:
    hood_ids = [n if isinstance(n, int) else n.pk for n in neighborhoods]
    hoods = Neighborhood.objects.filter(pk__in=hood_ids, county__province_id=resolution.meeting.body.province_id)
    if hoods.count() != len(set(hood_ids)):
        raise MeetingsError("یکی از محلات انتخاب‌شده پیدا نشد یا از استان این نهاد نیست.")
    axis_ids = [a if isinstance(a, int) else a.pk for a in axes]
    if ServiceAxis.objects.filter(pk__in=axis_ids).count() != len(set(axis_ids)):
        raise MeetingsError("یکی از محورهای خدمت انتخاب‌شده پیدا نشد.")
    resolution.neighborhoods.set(hood_ids)
    resolution.axes.set(axis_ids)


def _notify_after_commit(resolution: Resolution, agency_ids: list[int]) -> None:
    """Tell these agencies (only) once the transaction commits, so a worker never sees a rolled-back row."""
    transaction.on_commit(functools.partial(notify_assigned.enqueue, resolution.pk, agency_ids))


@acts
@idempotent
@transaction.atomic
def resolution_create(
    *,
    meeting: Meeting,
    number: int | None = None,
    text: str,
    lead_agency: Agency | None,
    collaborators: Iterable[Agency | int] = (),
    deadline_raw: str = "",
    neighborhoods: Iterable[Any] = (),
    axes: Iterable[Any] = (),
    problems: Iterable[Any] = (),
    responsible_raw: str = "",
    actor: User,
    match_confidences: Mapping[int, float] | None = None,
    written_as: Mapping[int, str] | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Resolution:
    """Record a resolution (not on approved minutes): its deadline as written and the due date it gives
    from the meeting date, and one assignment per agency (the lead with ``is_lead``), each told after commit;
    ``problems`` are the agenda's problems it answers (``escalation.link_problems``). The same
    ``idempotency_key`` again returns the resolution it created (``core.services.idempotent``)."""
    require(meeting, actor, NOT_YOURS)
    refuse_if_approved(Meeting.objects.select_for_update().get(pk=meeting.pk))  # serialized with its approval
    text = _clean_text(text)
    agencies = _agencies(meeting, lead_agency, collaborators)
    if number is None:
        number = (meeting.resolutions.aggregate(n=Max("number"))["n"] or 0) + 1
    else:
        _check_number_free(meeting, number)
    resolution = Resolution(meeting=meeting, number=number, text=text, responsible_raw=responsible_raw.strip())
    _apply_deadline(resolution, deadline_raw, meeting.date)
    resolution.save()
    confidences, names = match_confidences or {}, written_as or {}
    lead = agencies[0]  # ``_agencies`` puts the lead first (and refuses a resolution without one)
    for agency in agencies:
        Assignment.objects.create(
            resolution=resolution, agency=agency, is_lead=agency.pk == lead.pk,
            match_confidence=confidences.get(agency.pk), written_as=names.get(agency.pk, "")[:200],
        )
    _set_related(resolution, neighborhoods, axes)
    problems = list(problems)
    if problems:
        link_problems(resolution, problems, actor)
    _notify_after_commit(resolution, [a.pk for a in agencies])
    return resolution


def _sync_assignments(resolution: Resolution, agencies: list[Agency]) -> list[int]:
    """Make the assignments exactly ``agencies`` (first = lead); returns the newly assigned agency ids."""
    wanted = {a.pk: a for a in agencies}
    lead_id = agencies[0].pk
    current = {a.agency_id: a for a in resolution.assignments.select_related("agency")}
    for agency_id, assignment in current.items():
        if agency_id not in wanted:
            if assignment.reports.exists():
                raise MeetingsError(
                    f"دستگاه «{assignment.agency.name}» برای این مصوبه گزارش ثبت کرده است و نمی‌توان آن را حذف کرد."
                )
            assignment.delete()
        elif assignment.is_lead != (agency_id == lead_id):
            assignment.is_lead = agency_id == lead_id
            assignment.save()
    added = [pk for pk in wanted if pk not in current]
    for pk in added:
        Assignment.objects.create(resolution=resolution, agency=wanted[pk], is_lead=pk == lead_id)
    return added


@acts
@transaction.atomic
def resolution_update(*, resolution: Resolution, version: int, actor: User, **fields: Any) -> Resolution:
    """Change a resolution saved at ``version`` (stale → ``ConflictError``, nothing written); the
    resolutions of approved minutes are read-only.

    A changed deadline is parsed again and its due date derived again; ``lead_agency`` and
    ``collaborators`` replace the assignees (an agency that already reported cannot be removed); the
    added agencies, and only they, are told after commit.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise MeetingsError(f"این فیلدها در مصوبه قابل ویرایش نیستند: {'، '.join(sorted(unknown))}")
    require(resolution, actor, NOT_YOURS)
    if "text" in fields:
        fields["text"] = _clean_text(fields["text"])
    bump_version(resolution, version, CONFLICT_RESOLUTION)
    fresh = Resolution.objects.select_related("meeting__body").get(pk=resolution.pk)
    if fresh.is_closed:
        raise MeetingsError("مصوبه انجام‌شده یا لغوشده قابل ویرایش نیست.")
    meeting = fresh.meeting
    refuse_if_approved(meeting)
    if fields.get("number") is not None:
        _check_number_free(meeting, fields["number"], exclude_pk=fresh.pk)
        fresh.number = fields["number"]
    for name in ("text", "responsible_raw"):
        if name in fields:
            setattr(fresh, name, (fields[name] or "").strip())
    if "deadline_raw" in fields and (fields["deadline_raw"] or "").strip() != fresh.deadline_raw:
        _apply_deadline(fresh, fields["deadline_raw"], meeting.date)
    fresh.save()
    added: list[int] = []
    if "lead_agency" in fields or "collaborators" in fields:
        current = list(fresh.assignments.select_related("agency").order_by("-is_lead", "agency__name"))
        lead = fields.get("lead_agency") or next((a.agency for a in current if a.is_lead), None)
        collaborators = fields.get("collaborators", [a.agency for a in current if not a.is_lead])
        added = _sync_assignments(fresh, _agencies(meeting, lead, collaborators))
    if "neighborhoods" in fields or "axes" in fields:
        _set_related(
            fresh,
            fields.get("neighborhoods", fresh.neighborhoods.values_list("pk", flat=True)),
            fields.get("axes", fresh.axes.values_list("pk", flat=True)),
        )
    if "problems" in fields:
        link_problems(fresh, fields["problems"], actor)
    record_event(fresh, "resolution edited", fields=sorted(fields))
    if added:
        _notify_after_commit(fresh, added)  # only the agencies this edit added; the others were told already
    return fresh


@acts
@transaction.atomic
def resolution_cancel(*, resolution: Resolution, reason: str, actor: User, version: int | None = None) -> Resolution:
    """Cancel an open resolution; the reason is kept in the audit event «resolution cancelled». The
    page's form gives the ``version`` it showed (changed since → ``ConflictError``, nothing written)."""
    require(resolution, actor, NOT_YOURS)
    reason = (reason or "").strip()
    if not reason:
        raise MeetingsError("علت لغو مصوبه را بنویسید.")
    fresh = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if version is not None and fresh.version != version:
        raise ConflictError(CONFLICT_RESOLUTION)
    if fresh.is_closed:
        raise MeetingsError("این مصوبه پیش‌تر انجام یا لغو شده است.")
    fresh.status = ResolutionStatus.CANCELLED
    fresh.version += 1
    fresh.save()
    record_event(fresh, "resolution cancelled", reason=reason)
    return fresh
