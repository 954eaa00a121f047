"""Use cases of a service desk, on the kernel (``core.services``): schedule, invite, answer, hold,
record the day (problems, sign-ups, who came) and send its summary to the HQ.

Each is keyword-only, atomic, run as its ``actor`` (audited), checks what the actor may do and raises
a ``DomainError`` with a Persian message; edits claim the ``version`` the page was loaded at.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from mahalleh.agencies.models import Agency, AgencyKind, AgencyLevel
from mahalleh.core.actors import Actor, AnyUser
from mahalleh.core.audit import record_event
from mahalleh.core.jalali import format_jalali
from mahalleh.core.maghrib import MaghribError, maghrib
from mahalleh.core.services import DomainError, NotAllowed, acts, bump_version, idempotent, require
from mahalleh.core.text import to_persian_digits
from mahalleh.core.workdays import holiday_name, is_working_day
from mahalleh.desks.models import DESK_START, Desk, DeskAgency, SignUp
from mahalleh.desks.permissions import may_answer, may_record_day, may_schedule_in
from mahalleh.meetings.models import AgendaItem, Meeting, Resolution
from mahalleh.places.models import County, Neighborhood
from mahalleh.problems import services as problem_services
from mahalleh.problems.models import Category, Problem

EVENT_LABELS = {
    "desk_scheduled": "برنامه‌ریزی میز خدمت",
    "desk_status": "تغییر وضعیت میز خدمت",
    "desk_invited": "دعوت دستگاه به میز خدمت",
    "desk_answered": "پاسخ دستگاه به دعوت میز خدمت",
    "desk_attendance": "ثبت حاضران میز خدمت",
    "desk_summary_sent": "ارسال گزارش میز خدمت به قرارگاه",
    "desk_plan_saved": "ذخیره برنامه سالانه میزهای خدمت",
    "campaign_created": "تعریف پویش",
    "campaign_planned": "برنامه‌ریزی جدول زمانی پویش",
    "campaign_delivered": "ثبت اجرای پویش در محله",
}

WEDNESDAY, FRIDAY = 2, 4
NOT_WEDNESDAY = "میز خدمت محله در روز چهارشنبه برگزار می‌شود؛ {date} {weekday} است."
HOLIDAY = "{date} تعطیل رسمی است ({name})؛ میز خدمت محله در چهارشنبه‌های کاری برگزار می‌شود."
NOT_FRIDAY = "میز خدمت شهرستان در روز جمعه (در مصلی) برگزار می‌شود؛ {date} جمعه نیست."
NEEDS_NEIGHBORHOOD = "برای میز خدمت محله، محله را انتخاب کنید."
NOT_TARGET = "محله {name} محله هدف نیست."
ELSEWHERE = "محله {name} در شهرستان {county} نیست."
EARLY_MAGHRIB = "اذان مغرب در این روز و مکان ساعت {time} است، پیش از ساعت شروع ({start})؛ ساعت پایان را دستی وارد کنید."
END_BEFORE_START = "ساعت پایان باید پس از ساعت شروع (۱۵:۰۰) باشد."
NO_PLACE_TIME = "مختصات محله یا شهرستان ثبت نشده است؛ ساعت پایان (اذان مغرب) را دستی وارد کنید."
NOT_SCHEDULER = "برنامه‌ریزی میز خدمت با دبیرخانه استان یا کارشناس فرمانداری همان شهرستان است."
HOST_NOT_GUEST = "فرمانداری میزبان میز است و در شمار دستگاه‌های حاضر نمی‌آید."
WRONG_LEVEL = "به میز مدیران کل، اداره کل استانی و به میز مدیران شهرستان، اداره شهرستان همان شهرستان دعوت می‌شود: {agency}."
NOT_INVITED = "دستگاه شما به این میز خدمت دعوت نشده است."
NEEDS_DEPUTY = "نام نماینده‌ای را که به جای مدیر کل می‌آید بنویسید."
ALREADY_HELD = "برگزاری این میز خدمت پیش‌تر ثبت شده است."
BAD_TRANSITION = "میز «{status}» را نمی‌توان «{to}» کرد."
NOT_HELD_YET = "ثبت مشکلات، ثبت‌نام و حاضران روز میز، پس از اعلام یا در روز برگزاری ممکن است؛ این میز {status} است."
HELD_IN_FUTURE = "میزی که روزش نرسیده ({date}) برگزارشده ثبت نمی‌شود."
EMPTY_FIELD = "«{field}» را بنویسید."
BAD_AGE = "گروه سنی معتبر نیست."
SUMMARY_ELSEWHERE = "جلسه {meeting} از قرارگاه این استان یا شهرستان نیست."
ALREADY_SENT = "گزارش این میز پیش‌تر در دستور {meeting} قرار گرفته است."

# Which status may follow which; «held» is recorded once.
MOVES = {
    Desk.Status.PLANNED: {Desk.Status.ANNOUNCED, Desk.Status.HELD, Desk.Status.CANCELLED, Desk.Status.MISSED},
    Desk.Status.ANNOUNCED: {Desk.Status.HELD, Desk.Status.CANCELLED, Desk.Status.MISSED, Desk.Status.PLANNED},
    Desk.Status.CANCELLED: {Desk.Status.PLANNED},
    Desk.Status.MISSED: set(),
    Desk.Status.HELD: set(),
}


def check_date(kind: str, date: datetime.date) -> None:
    """A neighborhood desk on a working Wednesday, the county's on a Friday; else the Persian reason."""
    shown = format_jalali(date)
    if kind == Desk.Kind.FRIDAY:
        if date.weekday() != FRIDAY:
            raise DomainError(NOT_FRIDAY.format(date=shown))
        return
    if date.weekday() != WEDNESDAY:
        from mahalleh.core.jalali import weekday_name

        raise DomainError(NOT_WEDNESDAY.format(date=shown, weekday=weekday_name(date)))
    if not is_working_day(date):
        raise DomainError(HOLIDAY.format(date=shown, name=holiday_name(date) or "تعطیل"))


def end_time(*, county: County, neighborhood: Neighborhood | None, date: datetime.date,
             override: datetime.time | None = None) -> tuple[datetime.time, bool]:
    """Maghrib at the neighborhood (else the county) on ``date`` (a ``MaghribOverride`` wins), or the
    time set by hand; the second item says it was set by hand."""
    if override is not None:
        if override <= DESK_START:
            raise DomainError(END_BEFORE_START)
        return override, True
    place = neighborhood if neighborhood is not None and neighborhood.latitude is not None else county
    if place.latitude is None or place.longitude is None:
        raise DomainError(NO_PLACE_TIME)
    key = neighborhood.place_key if neighborhood is not None else f"county:{county.pk}"
    try:
        at = maghrib(place.latitude, place.longitude, date, place_key=key)
    except MaghribError as exc:
        raise DomainError(str(exc)) from exc
    if at <= DESK_START:
        raise DomainError(EARLY_MAGHRIB.format(time=to_persian_digits(at.strftime("%H:%M")),
                                               start=to_persian_digits(DESK_START.strftime("%H:%M"))))
    return at, False


def host_of(county: County) -> Agency | None:
    """The county's governorate (فرمانداری): the desk's host."""
    return (Agency.objects.filter(county=county, kind=AgencyKind.GOVERNORATE, is_active=True).order_by("pk").first())


def provincial(agency: Agency) -> Agency | None:
    """The provincial directorate a problem's agency answers to (itself when it is provincial)."""
    if agency.level == AgencyLevel.PROVINCE:
        return agency
    if agency.parent is not None and agency.parent.level == AgencyLevel.PROVINCE:
        return agency.parent
    return None


def needed_agencies(neighborhood: Neighborhood, kind: str) -> list[Agency]:
    """Whom a desk of ``kind`` in the neighborhood asks, from its prioritized open problems (the county
    HQ's order) and the agencies the secretariat added by hand: the provincial directorates at a
    directors' desk, the county's branches of them at a county managers' desk."""
    from mahalleh.desks.models import NeighborhoodNeed
    from mahalleh.problems.selectors import prioritized_open

    routed = [p.agency for p in prioritized_open(neighborhood) if p.agency is not None]
    routed += [n.agency for n in NeighborhoodNeed.objects.filter(neighborhood=neighborhood).select_related("agency")]
    tops = list(dict.fromkeys(t for a in routed if (t := provincial(a)) is not None))
    if kind == Desk.Kind.DIRECTORS:
        return tops
    branches = Agency.objects.filter(county_id=neighborhood.county_id, level=AgencyLevel.COUNTY, is_active=True,
                                     parent__in=tops).exclude(kind=AgencyKind.GOVERNORATE)
    own = [a for a in routed if a.level == AgencyLevel.COUNTY and a.county_id == neighborhood.county_id
           and a.kind != AgencyKind.GOVERNORATE]
    return list(dict.fromkeys([*own, *branches]))


def check_guest(desk: Desk, agency: Agency) -> None:
    if desk.host_id is not None and agency.pk == desk.host_id:
        raise DomainError(HOST_NOT_GUEST)
    if desk.kind == Desk.Kind.DIRECTORS and agency.level != AgencyLevel.PROVINCE:
        raise DomainError(WRONG_LEVEL.format(agency=agency.name))
    if desk.kind in (Desk.Kind.COUNTY, Desk.Kind.FRIDAY) and agency.county_id != desk.county_id:
        raise DomainError(WRONG_LEVEL.format(agency=agency.name))
    if agency.province_id != desk.county.province_id:
        raise DomainError(WRONG_LEVEL.format(agency=agency.name))


def default_place(neighborhood: Neighborhood | None, county: County, kind: str) -> str:
    if kind == Desk.Kind.FRIDAY:
        return f"مصلی {county.name}"
    assert neighborhood is not None
    return neighborhood.house_name or f"محله {neighborhood.name}"


@acts
@idempotent
@transaction.atomic
def desk_schedule(
    *,
    actor: Actor,
    kind: str,
    county: County | None = None,
    neighborhood: Neighborhood | None = None,
    date: datetime.date,
    place: str = "",
    end: datetime.time | None = None,
    status: str = Desk.Status.PLANNED,
    announced_by: Resolution | None = None,
    agencies: Iterable[Agency] | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Desk:
    """Put a desk on the calendar: a neighborhood desk on a working Wednesday, the county's on a Friday;
    15:00 until Maghrib there (or ``end``); hosted by the county's governorate; ``agencies`` invited
    (None: those the neighborhood's prioritized problems call for, ``needed_agencies``)."""
    if kind not in Desk.Kind.values:
        raise DomainError("نوع میز خدمت معتبر نیست.")
    if kind != Desk.Kind.FRIDAY:
        if neighborhood is None:
            raise DomainError(NEEDS_NEIGHBORHOOD)
        if not neighborhood.is_target:
            raise DomainError(NOT_TARGET.format(name=neighborhood.name))
        if county is not None and neighborhood.county_id != county.pk:
            raise DomainError(ELSEWHERE.format(name=neighborhood.name, county=county.name))
        county = neighborhood.county
    elif county is None:
        raise DomainError("شهرستان میز جمعه را انتخاب کنید.")
    else:
        neighborhood = None
    if not may_schedule_in(actor, county.pk, county.province_id):
        raise NotAllowed(NOT_SCHEDULER)
    check_date(kind, date)
    if status not in (Desk.Status.PLANNED, Desk.Status.ANNOUNCED):
        raise DomainError(BAD_TRANSITION.format(status="جدید", to=Desk.Status(status).label))
    finish, by_hand = end_time(county=county, neighborhood=neighborhood, date=date, override=end)
    desk = Desk.objects.create(
        kind=kind, county=county, neighborhood=neighborhood, date=date, end_time=finish, end_is_override=by_hand,
        place=place.strip() or default_place(neighborhood, county, kind), host=host_of(county), status=status,
        announced_by=announced_by, created_by_id=getattr(actor, "pk", None),
    )
    if agencies is None:
        agencies = needed_agencies(neighborhood, kind) if neighborhood is not None else []
    for agency in agencies:
        _invite(desk, agency, DeskAgency.Reason.PROBLEMS)
    record_event(desk, "desk_scheduled", kind=kind, date=date.isoformat())
    return desk


def _invite(desk: Desk, agency: Agency, reason: str) -> DeskAgency:
    check_guest(desk, agency)
    invitation, _ = DeskAgency.objects.get_or_create(desk=desk, agency=agency, defaults={"reason": reason})
    return invitation


def _editable(desk: Desk, actor: AnyUser | None, version: int | None) -> Desk:
    require(desk, actor, NOT_SCHEDULER)
    bump_version(desk, version)
    return Desk.objects.select_related("county__province", "neighborhood").get(pk=desk.pk)


@acts
@transaction.atomic
def desk_invite(*, actor: Actor, desk: Desk, agencies: Sequence[Agency], version: int | None) -> Desk:
    """Ask more agencies to the desk (by hand)."""
    desk = _editable(desk, actor, version)
    for agency in agencies:
        _invite(desk, agency, DeskAgency.Reason.HAND)
    record_event(desk, "desk_invited", agencies=[a.pk for a in agencies])
    return desk


@acts
@transaction.atomic
def desk_set_status(*, actor: Actor, desk: Desk, status: str, version: int | None,
                    announced_by: Resolution | None = None, today: datetime.date | None = None) -> Desk:
    """Announce, hold, cancel or mark missed; «held» once, and not before its day."""
    fresh = Desk.objects.select_for_update().get(pk=desk.pk)
    if status == Desk.Status.HELD and fresh.status == Desk.Status.HELD:
        raise DomainError(ALREADY_HELD)
    if status not in MOVES.get(Desk.Status(fresh.status), set()):
        raise DomainError(BAD_TRANSITION.format(status=fresh.get_status_display(), to=Desk.Status(status).label))
    today = today or timezone.localdate()
    if status == Desk.Status.HELD and fresh.date > today:
        raise DomainError(HELD_IN_FUTURE.format(date=format_jalali(fresh.date)))
    desk = _editable(fresh, actor, version)
    desk.status = status
    fields = ["status"]
    if status == Desk.Status.HELD:
        desk.held_at = timezone.now()
        fields.append("held_at")
    if announced_by is not None:
        desk.announced_by = announced_by
        fields.append("announced_by")
    desk.save(update_fields=fields)
    record_event(desk, "desk_status", status=status)
    return desk


@acts
@transaction.atomic
def desk_answer(*, actor: Actor, invitation: DeskAgency, answer: str, deputy_name: str = "",
                version: int | None) -> DeskAgency:
    """The agency confirms, sends a named deputy, or says it cannot come."""
    if not may_answer(actor, invitation):
        raise NotAllowed(NOT_INVITED)
    if answer not in (DeskAgency.Answer.CONFIRMED, DeskAgency.Answer.DEPUTY, DeskAgency.Answer.DECLINED):
        raise DomainError("پاسخ معتبر نیست.")
    deputy_name = deputy_name.strip()
    if answer == DeskAgency.Answer.DEPUTY and not deputy_name:
        raise DomainError(NEEDS_DEPUTY)
    bump_version(invitation, version)
    invitation.refresh_from_db()
    invitation.answer = answer
    invitation.deputy_name = deputy_name if answer == DeskAgency.Answer.DEPUTY else ""
    invitation.answered_by_id = getattr(actor, "pk", None)
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "deputy_name", "answered_by", "answered_at"])
    record_event(invitation.desk, "desk_answered", agency=invitation.agency_id, answer=answer)
    return invitation


def _on_the_day(desk: Desk) -> None:
    if desk.status not in (Desk.Status.ANNOUNCED, Desk.Status.HELD, Desk.Status.PLANNED):
        raise DomainError(NOT_HELD_YET.format(status=desk.get_status_display()))


@acts
@transaction.atomic
def desk_record_attendance(*, actor: Actor, desk: Desk, present: Iterable[int], version: int | None) -> Desk:
    """Who actually came: each invited agency marked present or absent."""
    desk = _editable(desk, actor, version)
    _on_the_day(desk)
    here = set(present)
    invited = set(desk.agencies.values_list("agency_id", flat=True))
    if here - invited:
        raise DomainError("فقط دستگاه‌های دعوت‌شده را می‌توان حاضر ثبت کرد.")
    desk.agencies.filter(agency_id__in=here).update(attended=True)
    desk.agencies.exclude(agency_id__in=here).update(attended=False)
    record_event(desk, "desk_attendance", present=sorted(here))
    return desk


@acts
@idempotent
@transaction.atomic
def desk_problem_intake(
    *,
    actor: Actor,
    desk: Desk,
    category: Category,
    description: str,
    reporter_name: str = "",
    reporter_mobile: str = "",
    may_call_back: bool = False,
    sms_consent: bool = False,
    photos: Sequence[UploadedFile] = (),
    duplicate_of: Problem | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Problem:
    """A problem raised at the desk: the problems intake for the desk's neighborhood (service desk as
    its source), linked to the desk. One problem per key, as the intake itself."""
    if not may_record_day(actor, desk):
        raise NotAllowed(NOT_SCHEDULER)
    _on_the_day(desk)
    if desk.neighborhood is None:
        raise DomainError("مشکلات میز جمعه را برای محله خودش از صفحه ثبت مشکل وارد کنید.")
    problem = problem_services.problem_intake(
        actor=actor, neighborhood=desk.neighborhood, category=category, description=description,
        reporter_name=reporter_name, reporter_mobile=reporter_mobile, may_call_back=may_call_back,
        sms_consent=sms_consent, photos=photos, duplicate_of=duplicate_of, latitude=latitude, longitude=longitude,
    )
    desk.problems.add(problem)
    return problem


@acts
@idempotent
@transaction.atomic
def signup_add(*, actor: Actor, desk: Desk, program: str, name: str, mobile: str, age_group: str,
               idempotency_key: uuid.UUID | None = None) -> SignUp:
    """A resident signs up at the desk for a program."""
    if not may_record_day(actor, desk):
        raise NotAllowed(NOT_SCHEDULER)
    _on_the_day(desk)
    program, name = program.strip(), name.strip()
    if not program:
        raise DomainError(EMPTY_FIELD.format(field="برنامه"))
    if not name:
        raise DomainError(EMPTY_FIELD.format(field="نام"))
    if age_group not in SignUp.AgeGroup.values:
        raise DomainError(BAD_AGE)
    number = problem_services.normalize_mobile(mobile)
    if not number:
        raise DomainError(problem_services.BAD_MOBILE)
    return SignUp.objects.create(desk=desk, program=program, name=name, mobile=number, age_group=age_group,
                                 created_by_id=getattr(actor, "pk", None))


def summary_text(desk: Desk) -> str:
    from mahalleh.desks.summary import summarize

    s = summarize(desk)
    where = desk.neighborhood.name if desk.neighborhood else desk.county.name
    parts = [f"گزارش {desk.get_kind_display()} {where} ({format_jalali(desk.date)}):",
             f"{to_persian_digits(s.problem_count)} مشکل ثبت شد"]
    if s.by_category:
        parts.append("؛ ".join(f"{name}: {to_persian_digits(n)}" for name, n in s.by_category))
    parts.append(f"{to_persian_digits(s.signup_count)} ثبت‌نام")
    if s.absent:
        parts.append("غایبان: " + "، ".join(s.absent))
    return "؛ ".join(parts)


@acts
@transaction.atomic
def desk_send_summary(*, actor: Actor, desk: Desk, meeting: Meeting) -> AgendaItem:
    """Put the desk's summary on ``meeting``'s agenda (its problems linked to the item)."""
    require(desk, actor, NOT_SCHEDULER)
    require(meeting, actor, NOT_SCHEDULER)
    desk = Desk.objects.select_for_update(of=("self",)).select_related("county", "neighborhood").get(pk=desk.pk)
    if desk.summary_sent_to_id is not None:
        sent = AgendaItem.objects.select_related("meeting__body").get(pk=desk.summary_sent_to_id)
        raise DomainError(ALREADY_SENT.format(meeting=sent.meeting))
    body = meeting.body
    if body.province_id != desk.county.province_id or (body.county_id and body.county_id != desk.county_id):
        raise DomainError(SUMMARY_ELSEWHERE.format(meeting=meeting))
    if meeting.status == Meeting.Status.APPROVED:
        raise DomainError("صورتجلسه این جلسه تأیید شده است؛ جلسه بعدی را انتخاب کنید.")
    last = meeting.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0
    item = AgendaItem.objects.create(meeting=meeting, order=last + 1, text=summary_text(desk))
    item.problems.set(desk.problems.all())
    desk.summary_sent_to = item
    desk.save(update_fields=["summary_sent_to"])
    record_event(desk, "desk_summary_sent", meeting=meeting.pk)
    return item
