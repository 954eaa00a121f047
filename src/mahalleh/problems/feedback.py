"""Closing the loop (as residents know it from سامد): after «fixed» the reporter is asked whether it
was; a «no» — on /track/ or by SMS reply — before ``confirm_until`` reopens the problem for the agency.

The reporter has no account: on /track/ the tracking code is their proof (the page is reached by it),
by SMS the mobile the problem was raised from. Every answer is a public timeline line and audited.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from mahalleh.core.audit import record_event
from mahalleh.core.services import DomainError, acts
from mahalleh.core.text import to_latin_digits
from mahalleh.problems import codes
from mahalleh.problems.models import Problem, ProblemUpdate, Status

NOT_FIXED_YET = "این مشکل هنوز «رفع‌شده» اعلام نشده است."
TOO_LATE = "مهلت اعلام نظر درباره رفع این مشکل گذشته است."
NO_PROBLEM = "مشکل رفع‌شده‌ای با این شماره همراه در انتظار نظر شما نیست."
EVENT_LABELS = {"problem_feedback": "نظر شهروند درباره رفع مشکل", "problem_reopened": "بازگشایی مشکل به اعلام شهروند"}

_NO = re.compile(r"^\s*(2|نه|خیر|no|رفع نشد(?:ه)?)\s*[.!]?\s*$", re.IGNORECASE)
_CODE = re.compile(r"\d[\d\s\-]{9,}\d")


@acts
@transaction.atomic
def problem_feedback(*, actor: None = None, problem: Problem, fixed: bool, channel: str) -> Problem:
    """The reporter's answer: ``fixed`` is recorded; not fixed (within the window) reopens it."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if problem.status != Status.FIXED or problem.confirm_until is None:
        raise DomainError(NOT_FIXED_YET)
    if timezone.now() > problem.confirm_until:
        raise DomainError(TOO_LATE)
    said = "شهروند رفع مشکل را تأیید کرد." if fixed else "شهروند اعلام کرد مشکل رفع نشده است."
    ProblemUpdate.objects.create(problem=problem, kind=ProblemUpdate.Kind.FEEDBACK, is_public=True,
                                 text=f"{said} ({channel})")
    record_event(problem, "problem_feedback", fixed=fixed, channel=channel)
    if fixed:
        problem.confirm_until = None
        problem.save(update_fields=["confirm_until"])
        return problem
    ProblemUpdate.objects.create(problem=problem, kind=ProblemUpdate.Kind.REOPENED, is_public=True,
                                 from_status=Status.FIXED, to_status=Status.IN_PROGRESS, to_agency_id=problem.agency_id)
    problem.status, problem.fixed_at, problem.confirm_until = Status.IN_PROGRESS, None, None
    problem.version += 1
    problem.save(update_fields=["status", "fixed_at", "confirm_until", "version"])
    record_event(problem, "problem_reopened")
    return problem


def feedback_by_sms(*, mobile: str, body: str) -> Problem:
    """An SMS reply: a tracking code, or «۲»/«نه», from the mobile a fixed problem was raised from."""
    text = to_latin_digits(body or "")
    candidates = Problem.objects.filter(reporter_mobile=mobile, status=Status.FIXED, confirm_until__gte=timezone.now())
    if match := _CODE.search(text):
        try:
            candidates = candidates.filter(tracking_code=codes.parse(match.group()))
        except codes.InvalidCode:
            raise DomainError(codes.INVALID) from None
    elif not _NO.match(text):
        raise DomainError(NO_PROBLEM)
    problem = candidates.order_by("-fixed_at").first()
    if problem is None:
        raise DomainError(NO_PROBLEM)
    return problem_feedback(problem=problem, fixed=False, channel="پیامک")
