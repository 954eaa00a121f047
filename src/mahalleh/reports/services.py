"""Every write of the reports app. Monthly agency reports (issue 12, item 4): an agency's focal point
files its month (``monthly_report_create``, ``monthly_report_update``; ``submit`` sends it), the
secretariat accepts or returns it (``monthly_report_review``). Each refuses with a ``MonthlyError`` that
names the form field it is about; nothing is saved then.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.actors import Actor
from mahalleh.core.audit import record_event
from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of
from mahalleh.core.services import DomainError, NotAllowed, acts, bump_version, idempotent
from mahalleh.places.models import Neighborhood
from mahalleh.reports import monthly
from mahalleh.reports.models import Indicator
from mahalleh.reports.monthly import Month
from mahalleh.reports.monthly_models import (
    MonthlyAttachment,
    MonthlyIndicatorLine,
    MonthlyReport,
    MonthlyServiceLine,
)

Status = MonthlyReport.Status

NOT_BEGUN = "ماه {month} هنوز آغاز نشده است؛ گزارش هر ماه از نخستین روز همان ماه ثبت می‌شود."
ACCEPTED = "گزارش {month} این دستگاه پذیرفته شده است و دیگر ویرایش نمی‌شود."
EXISTS = "گزارش {month} این دستگاه پیش‌تر ساخته شده است؛ همان را ویرایش کنید."
SUBMITTED = "گزارش {month} ارسال شده و در انتظار بررسی دبیرخانه است؛ تا بررسی نشده ویرایش نمی‌شود."
NOT_REQUIRED = "«{agency}» در فهرست دستگاه‌های موظف به گزارش ماهانه قرارگاه استان نیست."
NOT_FOCAL = "گزارش ماهانه هر دستگاه را کارشناس رابط همان دستگاه ثبت می‌کند."
NOT_REVIEWER = "بررسی گزارش‌های ماهانه با دبیرخانه قرارگاه استان است."
NOT_PENDING = "این گزارش در انتظار بررسی نیست (وضعیت: {status})."
RETURN_NOTE = "برای برگشت گزارش، علت را بنویسید تا دستگاه بداند چه چیزی را اصلاح کند."
EMPTY = "گزارشی که ارسال می‌شود باید شرح اقدامات ماه را داشته باشد."
FAR_HOOD = "محله «{hood}» از محلات این استان نیست."


class MonthlyError(DomainError):
    """A refused monthly report; ``field`` is the form field the message belongs to (None: the form's)."""

    def __init__(self, message_fa: str, field: str | None = None) -> None:
        super().__init__(message_fa)
        self.field = field


@dataclass(frozen=True)
class IndicatorEntry:
    indicator: Indicator
    value: Decimal
    note: str = ""


@dataclass(frozen=True)
class ServiceEntry:
    neighborhood: Neighborhood
    axis: ServiceAxis
    service: str
    quantity: Decimal
    unit: str = ""
    note: str = ""


def is_focal_of(actor: Actor | None, agency_id: int) -> bool:
    scope = scope_of(actor)
    return scope.can_write_global or (agency_id in scope.agency_ids and scope.has_role(Role.AGENCY))


def _check_month(month: Month, today: Any) -> None:
    if not month.has_begun(today):
        raise MonthlyError(NOT_BEGUN.format(month=month.label), "month")


def _write_parts(report: MonthlyReport, indicators: Sequence[IndicatorEntry], services: Sequence[ServiceEntry],
                 attachments: Iterable[Any]) -> None:
    """Replace the report's lines with these and add the attachments (already checked by their field)."""
    seen: set[int] = set()
    for entry in indicators:
        if entry.indicator.pk in seen:
            raise MonthlyError(f"شاخص «{entry.indicator}» دو بار آمده است.")
        seen.add(entry.indicator.pk)
    for s in services:
        if s.neighborhood.county.province_id != report.province_id:
            raise MonthlyError(FAR_HOOD.format(hood=s.neighborhood))
    report.indicator_lines.all().delete()
    MonthlyIndicatorLine.objects.bulk_create(
        [MonthlyIndicatorLine(report=report, indicator=e.indicator, value=e.value, note=e.note) for e in indicators])
    report.service_lines.all().delete()
    MonthlyServiceLine.objects.bulk_create(
        [MonthlyServiceLine(report=report, neighborhood=s.neighborhood, axis=s.axis, service=s.service,
                            quantity=s.quantity, unit=s.unit, note=s.note) for s in services])
    for upload in attachments:
        name = (getattr(upload, "name", "") or "پیوست").rsplit("/", 1)[-1][:200]
        MonthlyAttachment.objects.create(report=report, file=upload, name=name)


def _submit(report: MonthlyReport, actor: Actor | None) -> None:
    if not report.narrative.strip():
        raise MonthlyError(EMPTY, "narrative")
    now = timezone.now()
    report.status = Status.SUBMITTED
    report.submitted_at = now
    report.submitted_by = actor if getattr(actor, "pk", None) else None  # type: ignore[assignment]
    if report.filed_on is None:  # on time is judged by the first filing, not by a resubmission after a return
        report.filed_on = timezone.localdate(now)


@acts
@idempotent
@transaction.atomic
def monthly_report_create(*, agency: Agency, month: Month, narrative: str = "",
                          indicators: Sequence[IndicatorEntry] = (), services: Sequence[ServiceEntry] = (),
                          attachments: Iterable[Any] = (), submit: bool = False, actor: Actor | None,
                          today: Any = None, idempotency_key: uuid.UUID | None = None) -> MonthlyReport:
    """An agency's focal point starts (and with ``submit`` sends) its report of ``month``."""
    if not is_focal_of(actor, agency.pk):
        raise NotAllowed(NOT_FOCAL)
    _check_month(month, today)
    existing = MonthlyReport.objects.select_for_update().filter(agency=agency, year=month.year, month=month.month).first()
    if existing is not None:
        raise MonthlyError((ACCEPTED if existing.status == Status.ACCEPTED else EXISTS).format(month=month.label), "month")
    if not monthly.is_required(agency):
        raise MonthlyError(NOT_REQUIRED.format(agency=agency), "month")
    report = MonthlyReport.objects.create(agency=agency, province_id=agency.province_id, year=month.year,
                                          month=month.month, narrative=narrative.strip())
    _write_parts(report, indicators, services, attachments)
    if submit:
        _submit(report, actor)
        report.save()
    record_event(report, "monthly report submitted" if submit else "monthly report drafted",
                 year=month.year, month=month.month)
    return report


@acts
@transaction.atomic
def monthly_report_update(*, report: MonthlyReport, version: int | None, narrative: str,
                          indicators: Sequence[IndicatorEntry] = (), services: Sequence[ServiceEntry] = (),
                          attachments: Iterable[Any] = (), submit: bool = False, actor: Actor | None,
                          today: Any = None) -> MonthlyReport:
    """The focal point edits a draft or a returned report (and with ``submit`` sends it)."""
    if not is_focal_of(actor, report.agency_id):
        raise NotAllowed(NOT_FOCAL)
    fresh = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    month = Month(fresh.year, fresh.month)
    _check_month(month, today)
    if fresh.status == Status.ACCEPTED:
        raise MonthlyError(ACCEPTED.format(month=month.label), "month")
    if fresh.status == Status.SUBMITTED:
        raise MonthlyError(SUBMITTED.format(month=month.label))
    fresh.version = bump_version(fresh, version)
    fresh.narrative = narrative.strip()
    _write_parts(fresh, indicators, services, attachments)
    if submit:
        _submit(fresh, actor)
    fresh.save()
    record_event(fresh, "monthly report submitted" if submit else "monthly report edited")
    return fresh


@acts
@transaction.atomic
def monthly_report_review(*, report: MonthlyReport, decision: str, version: int | None, note: str = "",
                          actor: Actor | None) -> MonthlyReport:
    """The secretariat accepts (``decision="accept"``) or returns (``"return"``, with a note) a submitted report."""
    if not scope_of(actor).decides_for_province(report.province_id):
        raise NotAllowed(NOT_REVIEWER)
    fresh = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if fresh.status != Status.SUBMITTED:
        raise MonthlyError(NOT_PENDING.format(status=fresh.get_status_display()))
    if decision not in ("accept", "return"):
        raise MonthlyError("تصمیم نامعتبر است.")
    if decision == "return" and not note.strip():
        raise MonthlyError(RETURN_NOTE, "note")
    fresh.version = bump_version(fresh, version)
    fresh.status = Status.ACCEPTED if decision == "accept" else Status.RETURNED
    fresh.review_note = note.strip()
    fresh.reviewed_at = timezone.now()
    fresh.reviewed_by = actor if getattr(actor, "pk", None) else None  # type: ignore[assignment]
    fresh.save()
    record_event(fresh, "monthly report accepted" if decision == "accept" else "monthly report returned",
                 note=fresh.review_note)
    return fresh
