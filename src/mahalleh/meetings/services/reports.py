"""Follow-up: agencies report progress; the secretariat accepts (closing the resolution) or returns.

Status rules, decided once here:

- a submitted report that awaits review makes the resolution «reported», whatever its percent;
- accepting the **lead** agency's report at 100% closes a non-continuous resolution (done, done_at =
  the day of acceptance). A collaborator's report, or less than 100%, leaves it «in_progress» (or
  «reported» while another report still awaits review). A resolution with no lead (never created by
  these services) closes on any accepted 100% report;
- a continuous («مستمر») resolution is never closed by a report: each accepted monthly report
  moves its due date to the end of the month after the reported one (when the next report is due);
- returning a report needs a reason and makes the resolution «returned» (unless another report
  still awaits review).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from mahalleh.accounts.models import User
from mahalleh.core.audit import record_event
from mahalleh.core.jalali import add_months, jalali_month_end, jalali_month_start
from mahalleh.core.services import acts, idempotent, require
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import (
    Assignment,
    DeadlineKind,
    ProgressReport,
    ReportAttachment,
    Resolution,
    ResolutionStatus,
)


def _pending_others(resolution: Resolution, report: ProgressReport) -> bool:
    return (
        ProgressReport.objects.filter(assignment__resolution=resolution, status=ProgressReport.Status.SUBMITTED)
        .exclude(pk=report.pk)
        .exists()
    )


@acts
@idempotent
@transaction.atomic
def report_submit(
    *,
    assignment: Assignment,
    text: str,
    percent: int,
    attachments: Iterable[Any] = (),
    period: datetime.date | None = None,
    actor: User,
    today: datetime.date | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> ProgressReport:
    """An agency reports progress on its part of a resolution.

    Only a user of the assigned agency may report. For a continuous resolution ``period`` is the
    Jalali month reported (any day of it; stored as its first day), by default the current month.
    The same ``idempotency_key`` again (a double click, a resent form) returns the report it created
    (``core.services.idempotent``).
    """
    require(assignment, actor, "شما کارشناس این دستگاه نیستید و نمی‌توانید برای این تکلیف گزارش ثبت کنید.")
    text = (text or "").strip()
    if not text:
        raise MeetingsError("شرح اقدام را بنویسید.")
    try:
        percent = int(percent)
    except (TypeError, ValueError) as exc:
        raise MeetingsError("درصد پیشرفت باید عددی بین ۰ تا ۱۰۰ باشد.") from exc
    if not 0 <= percent <= 100:
        raise MeetingsError("درصد پیشرفت باید عددی بین ۰ تا ۱۰۰ باشد.")
    # Lock the resolution: two reports on it serialize here, so its status is decided once per report.
    resolution = Resolution.objects.select_for_update().get(pk=assignment.resolution_id)
    if resolution.is_closed:
        raise MeetingsError("این مصوبه بسته شده (انجام یا لغو شده) است و گزارش جدید نمی‌پذیرد.")
    if resolution.deadline_kind == DeadlineKind.CONTINUOUS:
        period = jalali_month_start(period or today or timezone.localdate())
    else:
        period = None
    report = ProgressReport.objects.create(
        assignment=assignment, author=actor if getattr(actor, "pk", None) else None, text=text, percent=percent,
        period=period,
    )
    for upload in attachments:
        name = getattr(upload, "name", "") or "پیوست"
        ReportAttachment.objects.create(report=report, file=upload, name=name.rsplit("/", 1)[-1][:200])
    if resolution.status != ResolutionStatus.REPORTED:
        resolution.status = ResolutionStatus.REPORTED
        resolution.save()
    record_event(report, "report submitted", percent=percent, period=period)
    return report


def _lock_for_review(report: ProgressReport, actor: User) -> tuple[ProgressReport, Resolution]:
    require(report, actor, "بررسی گزارش‌های این نهاد با دبیرخانه است؛ شما اجازه آن را ندارید.")
    resolution = Resolution.objects.select_for_update().get(assignments__reports=report)
    fresh = ProgressReport.objects.select_related("assignment__agency").get(pk=report.pk)
    if fresh.status != ProgressReport.Status.SUBMITTED:
        raise MeetingsError("این گزارش پیش‌تر بررسی شده است.")
    return fresh, resolution


@acts
@transaction.atomic
def report_accept(*, report: ProgressReport, actor: User, today: datetime.date | None = None) -> ProgressReport:
    """The secretariat accepts a report; see the module docstring for when the resolution closes."""
    report, resolution = _lock_for_review(report, actor)
    today = today or timezone.localdate()
    report.status = ProgressReport.Status.ACCEPTED
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.reviewed_at = timezone.now()
    report.save()
    record_event(report, "report accepted")
    lead = report.assignment.is_lead or not resolution.assignments.filter(is_lead=True).exists()
    if resolution.deadline_kind == DeadlineKind.CONTINUOUS:
        if report.period is not None:
            next_due = jalali_month_end(add_months(report.period, 1))
            if resolution.due_date is None or next_due > resolution.due_date:
                resolution.due_date = next_due
        resolution.status = ResolutionStatus.REPORTED if _pending_others(resolution, report) else ResolutionStatus.IN_PROGRESS
    elif lead and report.percent == 100:
        resolution.status = ResolutionStatus.DONE
        resolution.done_at = today
        record_event(resolution, "resolution accepted", report=report.pk, agency=report.assignment.agency.name)
    else:
        resolution.status = ResolutionStatus.REPORTED if _pending_others(resolution, report) else ResolutionStatus.IN_PROGRESS
    resolution.save()
    return report


@acts
@transaction.atomic
def report_return(*, report: ProgressReport, reason: str, actor: User) -> ProgressReport:
    """The secretariat returns a report to the agency with a reason (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise MeetingsError("علت برگشت گزارش را بنویسید.")
    report, resolution = _lock_for_review(report, actor)
    report.status = ProgressReport.Status.RETURNED
    report.review_reason = reason
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.reviewed_at = timezone.now()
    report.save()
    record_event(report, "report returned", reason=reason)
    resolution.status = ResolutionStatus.REPORTED if _pending_others(resolution, report) else ResolutionStatus.RETURNED
    resolution.save()
    return report
