"""Use cases of a problem, on the kernel (``core.services``): intake, acceptance, routing, refusal, status.

Each is keyword-only, atomic, run as its ``actor`` (audited), checks what the actor may do and raises
a ``DomainError`` with a Persian message; edits claim the ``version`` the form was loaded at. SMS to
the reporter go out after commit through ``tasks.send_reporter_sms`` (the kernel's SMS backends).
"""

from __future__ import annotations

import datetime
import functools
import re
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from mahalleh.agencies.models import Agency
from mahalleh.core.actors import Actor, AnyUser
from mahalleh.core.audit import record_event
from mahalleh.core.services import DomainError, NotAllowed, acts, bump_version, idempotent, require
from mahalleh.core.text import to_latin_digits
from mahalleh.core.uploads import strip_image_metadata
from mahalleh.core.workdays import add_working_days
from mahalleh.places.models import Neighborhood
from mahalleh.problems import codes
from mahalleh.problems.models import (
    CLOSED_STATUSES,
    Category,
    Problem,
    ProblemPhoto,
    ProblemUpdate,
    RoutingRule,
    Source,
    Status,
)
from mahalleh.problems.permissions import is_assigned_agency, may_handle, may_route
from mahalleh.problems.tasks import send_reporter_sms

EVENT_LABELS = {
    "problem_received": "ثبت مشکل",
    "problem_accepted": "پذیرش مشکل",
    "problem_reassigned": "ارجاع دوباره مشکل",
    "problem_not_responsible": "اعلام عدم مسئولیت دستگاه",
    "problem_status": "تغییر وضعیت مشکل",
    "problem_merged": "ادغام مشکل تکراری",
    "problem_note": "یادداشت مشکل",
    "problem_published": "نمایش عمومی شرح مشکل",
    "problem_photo": "افزودن عکس مشکل",
}

BAD_MOBILE = "شماره تلفن همراه معتبر نیست؛ یک شماره همراه ایران مانند ۰۹۱۲۳۴۵۶۷۸۹ وارد کنید."
EMPTY_DESCRIPTION = "شرح مشکل را بنویسید."
INACTIVE_CATEGORY = "این دسته مشکل فعال نیست."
NOT_YOUR_NEIGHBORHOOD = "ثبت مشکل برای این محله در حدود دسترسی شما نیست."
NOT_COUNTY = "پذیرش و ارجاع مشکل با کارشناس فرمانداری همان شهرستان یا دبیرخانه استان است."
NOT_NEW = "این مشکل دیگر در وضعیت «جدید» نیست."
AGENCY_ELSEWHERE = "این دستگاه در استان این محله نیست."
NOT_ASSIGNED = "این مشکل به دستگاه شما ارجاع نشده است."
REASON_REQUIRED = "علت عدم مسئولیت را بنویسید."
BAD_STATUS = "این وضعیت را نمی‌توان از اینجا داد."
DUPLICATE_NEEDS_ORIGINAL = "برای «تکراری» مشکل اصلی را انتخاب کنید."
DUPLICATE_ELSEWHERE = "مشکل اصلی باید در همین محله باشد."
EMPTY_NOTE = "متن یادداشت را بنویسید."
PHOTO_KIND = "نوع عکس معتبر نیست."
NOT_TARGET = "این محله از محلات هدف برنامه نیست."
CLOSED_ALREADY = "این مشکل بسته شده است."

_MOBILE = re.compile(r"^(?:\+98|0098|98|0)?(9\d{9})$")
_MOBILE_NOISE = re.compile(r"[\s\-()\u200c\u200f\u200e.]")


def normalize_mobile(text: str) -> str:
    """An Iranian mobile typed any common way («۰۹۱۲…», «+98912…», «912…») as ``09xxxxxxxxx``;
    ``""`` for an empty one; ``DomainError`` for anything else."""
    raw = _MOBILE_NOISE.sub("", to_latin_digits(text or ""))
    if not raw:
        return ""
    match = _MOBILE.match(raw)
    if match is None:
        raise DomainError(BAD_MOBILE)
    return "0" + match.group(1)


def route(neighborhood: Neighborhood, category: Category) -> Agency | None:
    """The agency the county's rule names for the category, else the province default, else none."""
    rules = RoutingRule.objects.filter(category=category, province_id=neighborhood.county.province_id).select_related("agency")
    county_rule = next((r for r in rules if r.county_id == neighborhood.county_id), None)
    default = next((r for r in rules if r.county_id is None), None)
    rule = county_rule or default
    return rule.agency if rule else None


def due_date(problem: Problem) -> datetime.date:
    """The category's service level in working days (``core.workdays``) from the day it was raised."""
    raised = timezone.localdate(problem.created_at) if problem.created_at else timezone.localdate()
    return add_working_days(raised, problem.category.service_days)


def _new_code() -> str:
    while True:  # 10¹⁰ codes: a clash is rare; the unique index is the last word
        code = codes.generate()
        if not Problem.objects.filter(tracking_code=code).exists():
            return code


def _sms(problem: Problem, text: str, *, new: bool = False) -> None:
    """Text the reporter after commit, if they agreed; the reporters of its duplicates follow it too
    (``new``: a problem made in this transaction, which has none yet)."""
    followers = []
    if problem.reporter_mobile and problem.sms_consent and not problem.sms_opt_out:
        followers.append(problem.pk)
    if problem.status != Status.DUPLICATE and not new:
        texted = problem.duplicates.filter(sms_consent=True, sms_opt_out=False).exclude(reporter_mobile="")
        followers.extend(texted.values_list("pk", flat=True))
    for pk in followers:
        transaction.on_commit(functools.partial(send_reporter_sms.enqueue, pk, text))


def _log(problem: Problem, actor: AnyUser | None, kind: str, **fields: object) -> ProblemUpdate:
    return ProblemUpdate.objects.create(problem=problem, kind=kind, author_id=getattr(actor, "pk", None), **fields)


@acts
@idempotent
@transaction.atomic
def problem_intake(
    *,
    actor: Actor,
    neighborhood: Neighborhood,
    category: Category,
    description: str,
    source: str = Source.SERVICE_DESK,
    reporter_name: str = "",
    reporter_mobile: str = "",
    may_call_back: bool = False,
    sms_consent: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
    photos: Sequence[UploadedFile] = (),
    duplicate_of: Problem | None = None,
    token: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> Problem:
    """Record a problem, route it by the county's rule (else the province default), give it its
    tracking code and due date, and text the code to the reporter when they gave a mobile and agreed.

    ``photos`` (already checked to be images) are kept without their location metadata;
    ``duplicate_of`` (chosen from the suggestions) records it as a duplicate at once: the reporter then
    follows that problem's status with their own code. A replay of the same ``idempotency_key`` answers
    with the problem it made, photos and all, and adds nothing."""
    require(neighborhood, actor, NOT_YOUR_NEIGHBORHOOD)
    problem = _record(actor, neighborhood=neighborhood, category=category, description=description, source=source,
                      reporter_name=reporter_name, reporter_mobile=reporter_mobile, may_call_back=may_call_back,
                      sms_consent=sms_consent, latitude=latitude, longitude=longitude, photos=photos, token=token)
    # No second check of the problem itself: a problem's CHANGE scope (``models.problem_q``) holds
    # every problem of a neighborhood in the neighborhood's CHANGE scope, which ``require`` just asked.
    if duplicate_of is not None:
        _merge(problem, duplicate_of, actor)
    return problem


@acts
@idempotent
@transaction.atomic
def problem_report_online(
    *,
    actor: None = None,
    neighborhood: Neighborhood,
    category: Category,
    description: str,
    reporter_name: str = "",
    reporter_mobile: str = "",
    may_call_back: bool = False,
    sms_consent: bool = False,
    photos: Sequence[UploadedFile] = (),
    idempotency_key: uuid.UUID | None = None,
) -> Problem:
    """A resident raises a problem from the public form (no account): it arrives as «new», routed by
    the rules, for the county to accept; only a target neighborhood may be named."""
    if not neighborhood.is_target:
        raise DomainError(NOT_TARGET)
    return _record(None, neighborhood=neighborhood, category=category, description=description, source=Source.ONLINE,
                   reporter_name=reporter_name, reporter_mobile=reporter_mobile, may_call_back=may_call_back,
                   sms_consent=sms_consent, latitude=None, longitude=None, photos=photos)


def _record(
    actor: AnyUser | None, *, neighborhood: Neighborhood, category: Category, description: str, source: str,
    reporter_name: str, reporter_mobile: str, may_call_back: bool, sms_consent: bool,
    latitude: float | None, longitude: float | None, photos: Sequence[UploadedFile], token: str = "",
) -> Problem:
    description = (description or "").strip()
    if not description:
        raise DomainError(EMPTY_DESCRIPTION)
    if not category.is_active:
        raise DomainError(INACTIVE_CATEGORY)
    if source not in Source.values:
        raise DomainError(BAD_STATUS)
    mobile = normalize_mobile(reporter_mobile)
    agency = route(neighborhood, category)
    problem = Problem(
        neighborhood=neighborhood,
        category=category,
        description=description,
        source=source,
        reporter_name=(reporter_name or "").strip(),
        reporter_mobile=mobile,
        may_call_back=may_call_back and bool(mobile),
        sms_consent=sms_consent and bool(mobile),
        latitude=latitude,
        longitude=longitude,
        agency=agency,
        tracking_code=_new_code(),
        token=token,  # an Open311 client's handle for the request, given with the answer
        created_by_id=getattr(actor, "pk", None),
    )
    problem.due_date = due_date(problem)  # raised today: one INSERT, no second write (and audit row)
    problem.save()
    if agency is not None:
        _log(problem, actor, ProblemUpdate.Kind.ROUTED, to_agency=agency)
    record_event(problem, "problem_received", agency=agency.pk if agency else None)
    for upload in photos:
        _add_photo(problem, actor, upload, kind=ProblemPhoto.Kind.INTAKE, is_public=False)
    _sms(problem, f"مشکل شما در سامانه محله ثبت شد. کد رهگیری: {codes.display(problem.tracking_code)}", new=True)
    return problem


def _add_photo(problem: Problem, actor: AnyUser | None, upload: UploadedFile, *, kind: str, is_public: bool) -> ProblemPhoto:
    name = upload.name or "photo"
    return ProblemPhoto.objects.create(
        problem=problem, kind=kind, is_public=is_public, uploaded_by_id=getattr(actor, "pk", None),
        image=ContentFile(strip_image_metadata(upload), name=name.rsplit("/", 1)[-1]),
    )


def _merge(problem: Problem, original: Problem, actor: AnyUser | None) -> None:
    """``problem`` becomes a duplicate of ``original``'s chain end; both records stay, both timelines say so."""
    require(original, actor, DUPLICATE_NEEDS_ORIGINAL, action="view")
    target = original.original
    if target.pk == problem.pk:
        raise DomainError(DUPLICATE_NEEDS_ORIGINAL)
    if target.neighborhood_id != problem.neighborhood_id:
        raise DomainError(DUPLICATE_ELSEWHERE)
    _log(problem, actor, ProblemUpdate.Kind.MERGED, from_status=problem.status, to_status=Status.DUPLICATE, is_public=True,
         text=f"ادغام با مشکل {codes.display(target.tracking_code)}")
    _log(target, actor, ProblemUpdate.Kind.MERGED, text=f"گزارش تکراری {codes.display(problem.tracking_code)} ادغام شد")
    problem.duplicate_of = target
    problem.status = Status.DUPLICATE
    problem.save(update_fields=["duplicate_of", "status", "version"])
    record_event(problem, "problem_merged", original=target.pk)


def _check_agency(problem: Problem, agency: Agency) -> None:
    if agency.province_id != problem.neighborhood.county.province_id:
        raise DomainError(AGENCY_ELSEWHERE)


def _status_text(problem: Problem) -> str:
    return f"وضعیت مشکل {codes.display(problem.tracking_code)}: {problem.get_status_display()}"


@acts
@transaction.atomic
def problem_accept(
    *, actor: Actor, problem: Problem, version: int | None, agency: Agency | None = None, priority_rank: int | None = None
) -> Problem:
    """The county confirms the routed agency (or reroutes to ``agency``) and accepts the problem."""
    require(problem, actor)
    if not may_route(actor, problem):
        raise NotAllowed(NOT_COUNTY)
    if problem.status != Status.NEW:
        raise DomainError(NOT_NEW)
    agency = agency or problem.agency
    if agency is None:
        raise DomainError("دستگاه مسئول را انتخاب کنید.")
    _check_agency(problem, agency)
    problem.version = bump_version(problem, version)
    if agency.pk != problem.agency_id:
        _log(problem, actor, ProblemUpdate.Kind.ROUTED, from_agency_id=problem.agency_id, to_agency=agency)
    _log(problem, actor, ProblemUpdate.Kind.STATUS, from_status=problem.status, to_status=Status.ACCEPTED, is_public=True)
    problem.agency = agency
    problem.status = Status.ACCEPTED
    problem.acknowledged_at = timezone.now()
    if priority_rank is not None:
        problem.priority_rank = priority_rank
    problem.save()
    record_event(problem, "problem_accepted", agency=agency.pk)
    _sms(problem, _status_text(problem))
    return problem


@acts
@transaction.atomic
def problem_reassign(*, actor: Actor, problem: Problem, version: int | None, agency: Agency, reason: str = "") -> Problem:
    """The county sends the problem to another agency; the timeline keeps from whom to whom, and why."""
    require(problem, actor)
    if not may_route(actor, problem):
        raise NotAllowed(NOT_COUNTY)
    if problem.is_closed:
        raise DomainError(CLOSED_ALREADY)
    _check_agency(problem, agency)
    problem.version = bump_version(problem, version)
    _log(problem, actor, ProblemUpdate.Kind.ROUTED, from_agency_id=problem.agency_id, to_agency=agency, text=reason.strip())
    record_event(problem, "problem_reassigned", from_agency=problem.agency_id, to_agency=agency.pk)
    problem.agency = agency
    problem.save()
    return problem


@acts
@transaction.atomic
def problem_not_responsible(*, actor: Actor, problem: Problem, version: int | None, reason: str) -> Problem:
    """The assigned agency says the problem is not theirs: it goes back to «new», without an agency,
    for the county to route again; the timeline records who refused and why."""
    require(problem, actor)
    if not is_assigned_agency(actor, problem):
        raise NotAllowed(NOT_ASSIGNED)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(REASON_REQUIRED)
    if problem.is_closed:
        raise DomainError(CLOSED_ALREADY)
    problem.version = bump_version(problem, version)
    _log(
        problem, actor, ProblemUpdate.Kind.NOT_RESPONSIBLE,
        from_agency_id=problem.agency_id, from_status=problem.status, to_status=Status.NEW, text=reason,
    )
    record_event(problem, "problem_not_responsible", agency=problem.agency_id, reason=reason)
    problem.agency = None
    problem.status = Status.NEW
    problem.acknowledged_at = None
    problem.save()
    return problem


SETTABLE = frozenset(Status) - {Status.NEW}


@acts
@transaction.atomic
def problem_set_status(
    *,
    actor: Actor,
    problem: Problem,
    version: int | None,
    status: str,
    text: str = "",
    is_public: bool = True,
    duplicate_of: Problem | None = None,
) -> Problem:
    """The assigned agency (or the county) moves the problem on; a public change texts the reporter."""
    require(problem, actor)
    if not (is_assigned_agency(actor, problem) or may_route(actor, problem)):
        raise NotAllowed(NOT_ASSIGNED)
    if status not in SETTABLE or status == problem.status:
        raise DomainError(BAD_STATUS)
    if status == Status.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == problem.pk:
            raise DomainError(DUPLICATE_NEEDS_ORIGINAL)
        problem.version = bump_version(problem, version)
        _merge(problem, duplicate_of, actor)
        return problem
    problem.version = bump_version(problem, version)
    _log(problem, actor, ProblemUpdate.Kind.STATUS, from_status=problem.status, to_status=status, text=text.strip(), is_public=is_public)
    record_event(problem, "problem_status", before=problem.status, after=status)
    now = timezone.now()
    if status == Status.FIXED:
        problem.fixed_at = now
        problem.confirm_until = now + datetime.timedelta(days=confirm_days())
    elif status not in CLOSED_STATUSES:
        problem.fixed_at = None
        problem.confirm_until = None
    if problem.acknowledged_at is None and status != Status.NEW:
        problem.acknowledged_at = now
    problem.status = status
    problem.save()
    if status == Status.FIXED:  # closing the loop, as سامد does: was it?
        code = codes.display(problem.tracking_code)
        _sms(problem, f"مشکل {code} رفع‌شده اعلام شد. اگر رفع نشده است، «۲» یا همین کد را پاسخ دهید"
                      f" یا در صفحه پیگیری «رفع نشد» را بزنید.")
    elif is_public:
        _sms(problem, _status_text(problem))
    return problem


def confirm_days() -> int:
    """How long after «fixed» the reporter may say it was not (settings.PROBLEM_CONFIRM_DAYS)."""
    return int(getattr(settings, "PROBLEM_CONFIRM_DAYS", 7))


@acts
@transaction.atomic
def problem_sms_opt_out(*, actor: Actor, problem: Problem) -> Problem:
    """The reporter asked for no more SMS (said on the phone, or at the desk)."""
    require(problem, actor)
    if not problem.sms_opt_out:
        problem.sms_opt_out = True
        problem.save(update_fields=["sms_opt_out"])
    return problem


@acts
@transaction.atomic
def problem_add_note(*, actor: Actor, problem: Problem, version: int | None, text: str, is_public: bool = False) -> ProblemUpdate:
    """A note on the timeline: internal (staff only) unless marked public (shown on /track/)."""
    require(problem, actor, action="view")
    if not may_handle(actor, problem):
        raise NotAllowed(NOT_ASSIGNED)
    text = (text or "").strip()
    if not text:
        raise DomainError(EMPTY_NOTE)
    problem.version = bump_version(problem, version)
    update = _log(problem, actor, ProblemUpdate.Kind.NOTE, text=text, is_public=is_public)
    record_event(problem, "problem_note", public=is_public)
    return update


@acts
@transaction.atomic
def problem_publish_description(*, actor: Actor, problem: Problem, version: int | None, public: bool) -> Problem:
    """Staff decide whether the resident's words may be shown on /track/ (they may name someone)."""
    require(problem, actor)
    if not may_route(actor, problem):
        raise NotAllowed(NOT_COUNTY)
    problem.version = bump_version(problem, version)
    problem.description_public = public
    problem.save(update_fields=["description_public", "version"])
    record_event(problem, "problem_published", public=public)
    return problem


@acts
@transaction.atomic
def problem_add_photo(
    *, actor: Actor, problem: Problem, version: int | None, image: UploadedFile, kind: str, is_public: bool = False
) -> ProblemPhoto:
    """The agency's «before» and «after» (or a later intake photo), kept without location metadata."""
    require(problem, actor, action="view")
    if not may_handle(actor, problem):
        raise NotAllowed(NOT_ASSIGNED)
    if kind not in ProblemPhoto.Kind.values:
        raise DomainError(PHOTO_KIND)
    problem.version = bump_version(problem, version)
    photo = _add_photo(problem, actor, image, kind=kind, is_public=is_public)
    _log(problem, actor, ProblemUpdate.Kind.PHOTO, text=photo.get_kind_display(), is_public=is_public)
    record_event(problem, "problem_photo", kind=kind, public=is_public)
    return photo


# escalation: the county HQ ranks a neighborhood's open problems (the priorities page)
BAD_RANK = "رتبه اولویت باید عددی مثبت باشد (یا خالی، برای بی‌رتبه)."
EVENT_LABELS["problem_prioritized"] = "تعیین رتبه اولویت مشکل"


@acts
@transaction.atomic
def problem_set_priority(*, actor: Actor, problem: Problem, version: int | None, rank: int | None) -> Problem:
    """The county (or the secretariat) gives an open problem its rank among its neighborhood's (1 first;
    ``None`` takes the rank away). The form's ``version`` is claimed: a stale rank writes nothing."""
    require(problem, actor)
    if not may_route(actor, problem):
        raise NotAllowed(NOT_COUNTY)
    if rank is not None and rank < 1:
        raise DomainError(BAD_RANK)
    if problem.is_closed:
        raise DomainError(CLOSED_ALREADY)
    problem.version = bump_version(problem, version)
    before = problem.priority_rank
    problem.priority_rank = rank
    problem.save(update_fields=["priority_rank", "version"])
    record_event(problem, "problem_prioritized", before=before, after=rank)
    return problem
