"""Deadline reminders to the agencies a resolution is assigned to, and the notice of a new assignment.

A reminder goes to every focal point (``agency_focal`` role) of the assigned agency, by e-mail and SMS.
``ReminderSent`` (unique on assignment, kind, due date) makes each reminder go out once, and again only
when the due date changes. Tasks (``meetings.tasks``) call these functions by id after commit.
"""

from __future__ import annotations

import datetime
import enum
import logging
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from mahalleh.accounts.notify import deliver, focal_points
from mahalleh.core.jalali import format_jalali
from mahalleh.core.text import to_persian_digits
from mahalleh.meetings.models import Assignment, Meeting, ReminderSent, Resolution
from mahalleh.meetings.models.resolutions import CLOSED_STATUSES

logger = logging.getLogger(__name__)

BEFORE_DUE = ReminderSent.Kind.BEFORE_DUE
OVERDUE = ReminderSent.Kind.OVERDUE
SIGNATURE = "سامانه پیگیری مصوبات قرارگاه اجتماعی"
SMS_EXCERPT_LENGTH = 70
FOOTER = "\n\nاین پیام به‌طور خودکار از سامانه پیگیری مصوبات قرارگاه اجتماعی ارسال شده است."


class Outcome(enum.StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    NOT_DUE = "not_due"
    NO_RECIPIENTS = "no_recipients"
    MISSING = "missing"


def days_before() -> int:
    return int(getattr(settings, "REMINDER_DAYS_BEFORE", 3))


def reminder_kind(resolution: Resolution, today: datetime.date) -> str | None:
    """Which reminder, if any, an assignment of this resolution is due for today."""
    if resolution.is_closed or resolution.due_date is None:
        return None
    if resolution.due_date < today:
        return OVERDUE
    if resolution.due_date - datetime.timedelta(days=days_before()) <= today:
        return BEFORE_DUE
    return None


def due_reminders(today: datetime.date) -> Iterator[tuple[Assignment, str]]:
    """Every (assignment, kind) of an open resolution due for a reminder today and not yet sent."""
    window_end = today + datetime.timedelta(days=days_before())
    windows = (
        (OVERDUE, Q(resolution__due_date__lt=today)),
        (BEFORE_DUE, Q(resolution__due_date__gte=today, resolution__due_date__lte=window_end)),
    )
    open_assignments = Assignment.objects.exclude(resolution__status__in=CLOSED_STATUSES).select_related(
        "agency", "resolution__meeting__body"
    )
    for kind, window in windows:
        sent = ReminderSent.objects.filter(
            assignment=OuterRef("pk"), kind=kind, due_date=OuterRef("resolution__due_date")
        )
        for assignment in (
            open_assignments.filter(window).exclude(Exists(sent)).order_by("resolution__due_date", "pk")
        ):
            yield assignment, kind


def send_reminder(assignment_id: int, kind: str, *, today: datetime.date | None = None) -> Outcome:
    """Send one reminder to the agency's focal points, unless it is no longer due or already went out.

    The ReminderSent row is created before sending, in the same transaction: if a message cannot be
    handed over (``NotifyError``) the row is rolled back with it, so tomorrow's run tries again.
    """
    if kind not in ReminderSent.Kind.values:
        raise ValueError(f"نوع یادآوری نامعتبر است: {kind}")
    today = today or timezone.localdate()
    with transaction.atomic():
        # A second worker holding the same job waits on this lock, then finds the ReminderSent row below.
        assignment = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
        if assignment is None:
            return Outcome.MISSING
        # Read after the lock: the resolution may have been done or rescheduled since it was enqueued.
        resolution = Resolution.objects.select_related("meeting__body").get(pk=assignment.resolution_id)
        assignment.resolution = resolution
        if reminder_kind(resolution, today) != kind:
            return Outcome.NOT_DUE
        recipients = focal_points(assignment.agency_id)
        if not any(user.email or user.phone for user in recipients):
            logger.warning(
                "No focal point with e-mail or phone for agency %s; reminder not sent", assignment.agency_id
            )
            return Outcome.NO_RECIPIENTS
        _, created = ReminderSent.objects.get_or_create(
            assignment=assignment, kind=kind, due_date=resolution.due_date
        )
        if not created:
            return Outcome.ALREADY_SENT
        subject, body, sms = reminder_message(assignment, kind, today)
        deliver(recipients, subject=subject, body=body, sms=sms)
    return Outcome.SENT


def notify_assignment(resolution_id: int, agency_ids: Iterable[int] | None = None) -> int:
    """Tell the focal points of the assigned agencies (of ``agency_ids`` only, when given: those an
    edit added) about the resolution; returns how many people were told."""
    resolution = Resolution.objects.select_related("meeting__body").filter(pk=resolution_id).first()
    if resolution is None or resolution.is_closed:
        return 0
    told = 0
    assignments = resolution.assignments.select_related("agency")
    if agency_ids is not None:
        assignments = assignments.filter(agency_id__in=list(agency_ids))
    for assignment in assignments:
        recipients = [user for user in focal_points(assignment.agency_id) if user.email or user.phone]
        if not recipients:
            continue
        assignment.resolution = resolution
        subject, body, sms = assignment_message(assignment)
        deliver(recipients, subject=subject, body=body, sms=sms)
        told += len(recipients)
    return told


# --- the texts -------------------------------------------------------------------------------------


def excerpt(text: str, length: int = SMS_EXCERPT_LENGTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def meeting_label(meeting: Meeting) -> str:
    number = f" {to_persian_digits(meeting.number)}" if meeting.number else ""
    return f"جلسه{number} {meeting.body} مورخ {format_jalali(meeting.date)}"


def _resolution_label(resolution: Resolution) -> str:
    return f"مصوبه {to_persian_digits(resolution.number)} {meeting_label(resolution.meeting)}"


def reminder_message(assignment: Assignment, kind: str, today: datetime.date) -> tuple[str, str, str]:
    """(subject, e-mail body, SMS text) of a reminder, in Persian with Jalali dates."""
    resolution = assignment.resolution
    assert resolution.due_date is not None
    due = format_jalali(resolution.due_date)
    label = _resolution_label(resolution)
    if kind == OVERDUE:
        days = to_persian_digits(resolution.days_overdue(today))
        subject = f"اعلام تأخیر: مصوبه {to_persian_digits(resolution.number)} {resolution.meeting.body}"
        state = f"مهلت اقدام در {due} به پایان رسیده و {days} روز از آن گذشته است"
        ask = "لطفاً گزارش اقدام را هرچه زودتر در سامانه ثبت کنید."
    else:
        left = (resolution.due_date - today).days
        subject = f"یادآوری مهلت: مصوبه {to_persian_digits(resolution.number)} {resolution.meeting.body}"
        remaining = (
            "امروز آخرین روز مهلت است"
            if left == 0
            else f"{to_persian_digits(left)} روز تا پایان مهلت مانده است"
        )
        state = f"مهلت اقدام تا {due} است؛ {remaining}"
        ask = "لطفاً پیش از پایان مهلت، گزارش اقدام را در سامانه ثبت کنید."
    sms = f"{SIGNATURE}\n{label}\nاقدام‌کننده: {assignment.agency}\n{state}.\n«{excerpt(resolution.text)}»"
    body = (
        f"کارشناس محترم رابط {assignment.agency}،\n\n{state}.\n\n{label}:\n{resolution.text}\n\n{ask}"
        f"{report_link(assignment)}{FOOTER}"
    )
    return subject, body, sms


def report_link(assignment: Assignment) -> str:
    """The line that takes the reader to the report form, when the site's address is known (``SITE_URL``)."""
    if not settings.SITE_URL:
        return ""
    path = reverse("meetings:report_create", kwargs={"assignment_pk": assignment.pk})
    return f"\n\nثبت گزارش اقدام: {settings.SITE_URL.rstrip('/')}{path}"


def assignment_message(assignment: Assignment) -> tuple[str, str, str]:
    """(subject, e-mail body, SMS text) telling an agency a resolution was assigned to it."""
    resolution = assignment.resolution
    label = _resolution_label(resolution)
    role = "مسئول اصلی" if assignment.is_lead else "همکار"
    due = (
        f"مهلت اقدام: {format_jalali(resolution.due_date)}"
        if resolution.due_date
        else "مهلت اقدام: " + (resolution.deadline_raw or "تعیین نشده")
    )
    subject = f"مصوبه جدید: مصوبه {to_persian_digits(resolution.number)} {resolution.meeting.body}"
    sms = f"{SIGNATURE}\nمصوبه جدید برای {assignment.agency} ({role})\n{label}\n{due}\n«{excerpt(resolution.text)}»"
    body = (
        f"کارشناس محترم رابط {assignment.agency}،\n\n"
        f"{label} به دستگاه شما ({role}) واگذار شد.\n{due}\n\n{resolution.text}{report_link(assignment)}{FOOTER}"
    )
    return subject, body, sms
