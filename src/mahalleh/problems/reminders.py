"""Service-level reminders to the agency a problem is assigned to: before its due date and once it is
overdue, to the agency's focal points by SMS and e-mail (``accounts.notify``).

``ProblemReminderSent`` (unique on problem, agency, kind and due date) makes each go out once, and
again only when the due date or the agency changes. Overdue is derived for ``today``, never stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mahalleh.accounts.notify import deliver, focal_points
from mahalleh.core.jalali import format_jalali
from mahalleh.problems import codes
from mahalleh.problems.models import OPEN_STATUSES, Problem, ProblemReminderSent

BEFORE_DUE = ProblemReminderSent.Kind.BEFORE_DUE
OVERDUE = ProblemReminderSent.Kind.OVERDUE


def days_before() -> int:
    return int(getattr(settings, "REMINDER_DAYS_BEFORE", 3))


def reminder_kind(problem: Problem, today: datetime.date) -> str | None:
    if problem.is_closed or problem.due_date is None or problem.agency_id is None:
        return None
    if problem.due_date < today:
        return OVERDUE
    if problem.due_date - datetime.timedelta(days=days_before()) <= today:
        return BEFORE_DUE
    return None


def due_reminders(today: datetime.date) -> Iterator[tuple[Problem, str]]:
    """Every (problem, kind) of an open, assigned problem due for a reminder today and not yet sent."""
    window_end = today + datetime.timedelta(days=days_before())
    windows = ((OVERDUE, Q(due_date__lt=today)), (BEFORE_DUE, Q(due_date__gte=today, due_date__lte=window_end)))
    assigned = Problem.objects.filter(status__in=OPEN_STATUSES, agency__isnull=False).select_related(
        "agency", "category", "neighborhood")
    for kind, window in windows:
        sent = ProblemReminderSent.objects.filter(problem=OuterRef("pk"), agency=OuterRef("agency"), kind=kind,
                                                  due_date=OuterRef("due_date"))
        for problem in assigned.filter(window).exclude(Exists(sent)).order_by("due_date", "pk"):
            yield problem, kind


def send_reminder(problem_id: int, kind: str, *, today: datetime.date | None = None) -> bool:
    """Send one reminder unless no longer due, already sent or nobody to tell; whether it went out.
    The row is made in the same transaction as the sending: a failed send is tried again tomorrow."""
    today = today or timezone.localdate()
    with transaction.atomic():
        problem = Problem.objects.select_for_update().filter(pk=problem_id).first()
        if problem is None or reminder_kind(problem, today) != kind or problem.agency_id is None:
            return False
        recipients = [u for u in focal_points(problem.agency_id) if u.email or u.phone]
        if not recipients:
            return False
        assert problem.due_date is not None
        _, created = ProblemReminderSent.objects.get_or_create(problem=problem, agency_id=problem.agency_id, kind=kind,
                                                               due_date=problem.due_date)
        if not created:
            return False
        code, due = codes.display(problem.tracking_code), format_jalali(problem.due_date)
        state = f"مهلت رسیدگی در {due} گذشته است" if kind == OVERDUE else f"مهلت رسیدگی تا {due} است"
        text = f"سامانه محله\nمشکل {code}: {problem.category} — {problem.neighborhood}\n{state}."
        subject = ("اعلام تأخیر" if kind == OVERDUE else "یادآوری مهلت") + f": مشکل {code}"
        deliver(recipients, subject=subject, body=text, sms=text)
    return True
