"""Minutes in: a document becomes a reviewed draft, and a confirmed draft becomes an ordinary meeting.

``import_document`` parses, in a child process with memory and time limits (``parsing.limited``;
nothing is written if the file is bad or passes them), recognizes a document seen
before (same bytes, or the same body/number/date as an unconfirmed draft, which the corrected
version replaces) and stores a ``MinutesImport`` draft. ``import_confirm`` turns the reviewed draft
into a meeting, its agenda, absentees and resolutions through the meetings services, in one
transaction, and attaches the original file.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mahalleh.accounts.models import User
from mahalleh.core.context import acting_as
from mahalleh.core.services import idempotent
from mahalleh.core.text import normalize, to_persian_digits
from mahalleh.minutes.models import MinutesImport
from mahalleh.minutes.parsing import MinutesError, ParsedMinutes
from mahalleh.minutes.parsing.limited import parse_document_limited

LOW_CONFIDENCE = 0.85
ALREADY_CONFIRMED = "این پیش‌نویس قبلاً تأیید یا جایگزین شده است."


@dataclass(frozen=True)
class ImportOutcome:
    draft: MinutesImport
    created: bool  # False when the same document was already here
    replaced: MinutesImport | None = None


def _iso(d: datetime.date | None) -> str | None:
    return d.isoformat() if d else None


def find_body(province: Any, written: str | None) -> Any:
    """The province's body whose name the written one matches best (normalized containment)."""
    from mahalleh.meetings.models import Body

    if not written:
        return None
    target = normalize(written).replace("صورتجلسه", "").strip()
    bodies = list(Body.objects.filter(province=province))
    for body in bodies:
        if body.name_normalized == target:
            return body
    candidates = [b for b in bodies if target and (target in b.name_normalized or b.name_normalized in target)]
    if not candidates:
        from rapidfuzz import fuzz, process

        best = process.extractOne(target, {b.pk: b.name_normalized for b in bodies}, scorer=fuzz.token_set_ratio)
        if best and best[1] >= 80:
            return next(b for b in bodies if b.pk == best[2])
        return None
    return min(candidates, key=lambda b: abs(len(b.name_normalized) - len(target)))


def _with_body_members(parsed: ParsedMinutes, province: Any, body: Any) -> None:
    """«ادارات عضو کارگروه» means the members of the meeting's own body: expand it once the body is known."""
    from mahalleh.agencies.matching import match_agencies
    from mahalleh.minutes.parsing import Responsible

    for r in parsed.resolutions:
        if not r.responsible_written or all(m.agency_id for m in r.responsible):
            continue
        matches = match_agencies(r.responsible_written, province=province, body_members=body.member_names)
        if sum(1 for m in matches if m.agency_id) > sum(1 for m in r.responsible if m.agency_id):
            r.responsible = [
                Responsible(written=m.written, agency_id=m.agency_id, agency_name=m.agency_name, confidence=m.confidence)
                for m in matches
            ]


def draft_data(parsed: ParsedMinutes, province: Any) -> dict[str, Any]:
    body = find_body(province, parsed.body)
    if body is not None:
        _with_body_members(parsed, province, body)
    return {
        "header": {
            "body_written": parsed.body, "body_id": body.pk if body else None, "number": parsed.number,
            "date": _iso(parsed.date), "weekday": parsed.weekday, "time": parsed.time, "place": parsed.place,
            "invitation_number": parsed.invitation_number, "invitation_date": _iso(parsed.invitation_date),
            "subject": parsed.subject, "chair": parsed.chair, "secretary": parsed.secretary,
            "narrative": parsed.narrative,
        },
        "agenda": list(parsed.agenda),
        "resolutions": [
            {
                "number": r.number, "text": r.text, "responsible_written": r.responsible_written or "",
                "agencies": [
                    {"written": m.written, "agency_id": m.agency_id, "agency_name": m.agency_name,
                     "confidence": round(m.confidence, 3)}
                    for m in r.responsible
                ],
                "deadline_raw": r.deadline_raw or "", "deadline_kind": r.deadline_kind, "due_date": _iso(r.due_date),
                "line": r.line,
            }
            for r in parsed.resolutions
        ],
        "absentees": [{"written": a.written, "agency_id": a.agency_id, "agency_name": a.agency_name} for a in parsed.absentees],
        "sources": dict(parsed.sources),
        "json": parsed.to_json_dict(),
    }


def _identity(data: dict[str, Any]) -> str:
    h = data["header"]
    if not (h.get("body_id") or h.get("body_written")) or not h.get("date"):
        return ""
    return f"{h.get('body_id') or normalize(h.get('body_written'))}|{h.get('number') or ''}|{h['date']}"


def import_document(*, data: bytes, filename: str, province: Any, actor: User | None) -> ImportOutcome:
    """Parse a document into a draft. Raises MinutesError (Persian message) and saves nothing if it is bad."""
    sha = hashlib.sha256(data).hexdigest()
    existing = MinutesImport.objects.filter(province=province, sha256=sha).exclude(
        status=MinutesImport.Status.REPLACED).first()
    if existing is not None:
        return ImportOutcome(draft=existing, created=False)
    parsed = parse_document_limited(data, filename, province=province)
    payload = draft_data(parsed, province)
    identity = _identity(payload)
    with acting_as(actor) if actor is not None else _nullcontext(), transaction.atomic():
        replaced = None
        if identity:
            previous = MinutesImport.objects.select_for_update().filter(province=province, identity=identity).exclude(
                status=MinutesImport.Status.REPLACED).first()
            if previous is not None and previous.status == MinutesImport.Status.CONFIRMED:
                # the meeting as people name it («جلسه ۱۴ قرارگاه … ۱۴۰۱/۰۴/۲۳»), never its database id
                named = f"«{previous.meeting}»" if previous.meeting is not None else "جلسه‌ای که پیش‌تر ثبت شد"
                raise MinutesError(
                    f"این صورتجلسه پیش‌تر وارد و تأیید شده است: {named}. برای اصلاح، همان جلسه را ویرایش کنید."
                )
            if previous is not None:
                previous.status = MinutesImport.Status.REPLACED
                previous.save(update_fields=["status"])
                replaced = previous
        draft = MinutesImport(province=province, filename=filename[:255], sha256=sha, identity=identity,
                              text=parsed.text, data=payload, created_by=actor if getattr(actor, "pk", None) else None)
        draft.file.save(filename[-100:] or "minutes", ContentFile(data), save=False)
        draft.save()
    return ImportOutcome(draft=draft, created=True, replaced=replaced)


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


def review_flags(data: dict[str, Any]) -> dict[str, Any]:
    """What the reviewer must look at: low-confidence or unmatched agencies, unparsed deadlines, missing header fields."""
    flags: dict[str, Any] = {"header": [], "resolutions": {}}
    h = data["header"]
    for key, label in (("body_id", "نهاد"), ("date", "تاریخ تشکیل"), ("number", "شماره جلسه")):
        if not h.get(key):
            flags["header"].append(label)
    for i, r in enumerate(data["resolutions"]):
        issues = []
        if not r["agencies"] or any(a["agency_id"] is None for a in r["agencies"]):
            issues.append("دستگاه مسئول شناسایی نشد")
        elif any(a["confidence"] < LOW_CONFIDENCE for a in r["agencies"]):
            issues.append("تطبیق دستگاه با اطمینان کم")
        if r["deadline_raw"] and r["deadline_kind"] == "none":
            issues.append("زمان اقدام قابل تشخیص نیست")
        if issues:
            flags["resolutions"][i] = issues
    return flags


@idempotent
@transaction.atomic
def import_confirm(
    *, draft: MinutesImport, data: dict[str, Any], actor: User, idempotency_key: uuid.UUID | None = None
) -> Any:
    """Create the meeting from the reviewed ``data`` (same shape as ``draft.data``); all or nothing.

    The review form's ``idempotency_key`` again (a double click, a resent form) returns the meeting it
    made; any other second confirmation of the draft is refused (``ALREADY_CONFIRMED``)."""
    from mahalleh.agencies.models import Agency
    from mahalleh.meetings import services
    from mahalleh.meetings.models import Attendance, Body, Meeting

    draft = MinutesImport.objects.select_for_update().get(pk=draft.pk)
    if draft.status != MinutesImport.Status.DRAFT:
        raise MinutesError(ALREADY_CONFIRMED)
    h = data["header"]
    body = Body.objects.filter(province=draft.province, pk=h.get("body_id")).first()
    if body is None:
        raise MinutesError("نهاد برگزارکننده جلسه را انتخاب کنید.")
    if not h.get("date"):
        raise MinutesError("تاریخ تشکیل جلسه را وارد کنید.")
    date = datetime.date.fromisoformat(h["date"])
    if h.get("number") and Meeting.objects.filter(body=body, number=h["number"]).exists():
        raise MinutesError(f"جلسه شماره {to_persian_digits(h['number'])} این نهاد پیش‌تر ثبت شده است.")
    from mahalleh.core.times import parse_time_fa

    start_time = parse_time_fa(h["time"]) if h.get("time") else None
    meeting = services.meeting_schedule(
        body=body, date=date, start_time=start_time, place=h.get("place") or "", number=h.get("number"),
        invitation_number=h.get("invitation_number") or "",
        invitation_date=datetime.date.fromisoformat(h["invitation_date"]) if h.get("invitation_date") else None,
        chair=h.get("chair") or "", secretary=h.get("secretary") or "", subject=h.get("subject") or "",
        narrative=h.get("narrative") or "", agenda=data.get("agenda") or [], actor=actor,
    )
    agencies = Agency.objects.in_bulk([a["agency_id"] for r in data["resolutions"] for a in r["agencies"] if a["agency_id"]]
                                      + [a["agency_id"] for a in data["absentees"] if a["agency_id"]])
    absent_ids = [a["agency_id"] for a in data["absentees"] if a["agency_id"] in agencies]
    for agency_id in absent_ids:
        Attendance.objects.get_or_create(meeting=meeting, agency_id=agency_id,
                                         defaults={"written_as": next(a["written"] for a in data["absentees"]
                                                                      if a["agency_id"] == agency_id)})
    if absent_ids:
        services.attendance_record(meeting=meeting, entries={i: ("absent", "") for i in absent_ids}, actor=actor)
    for r in data["resolutions"]:
        ids = list(dict.fromkeys(a["agency_id"] for a in r["agencies"] if a["agency_id"] in agencies))
        services.resolution_create(
            meeting=meeting, number=r.get("number"), text=r["text"],
            lead_agency=agencies[ids[0]] if ids else None, collaborators=[agencies[i] for i in ids[1:]],
            deadline_raw=r.get("deadline_raw") or "", responsible_raw=r.get("responsible_written") or "",
            match_confidences={a["agency_id"]: a["confidence"] for a in r["agencies"] if a["agency_id"] in agencies},
            written_as={a["agency_id"]: a["written"] for a in r["agencies"] if a["agency_id"] in agencies},
            actor=actor,
        )
    services.meeting_mark_held(meeting=meeting, actor=actor)
    meeting.refresh_from_db()
    with draft.file.open("rb") as fh:
        meeting.source_document.save(draft.filename[-100:], ContentFile(fh.read()), save=False)
    meeting.source_sha256 = draft.sha256
    meeting.save(update_fields=["source_document", "source_sha256"])
    draft.status = MinutesImport.Status.CONFIRMED
    draft.meeting = meeting
    draft.data = data
    draft.confirmed_at = timezone.now()
    draft.save(update_fields=["status", "meeting", "data", "confirmed_at"])
    return meeting
