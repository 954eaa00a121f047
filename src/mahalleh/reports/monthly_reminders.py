"""Reminders of the monthly report to the agencies that have not filed it: some days before the due
date (``MonthlySettings.remind_days_before``, default 3) and on the due day, to each agency's focal
points by SMS and e-mail (``accounts.notify``, as the resolutions' and problems' reminders).

``MonthlyReminderSent`` (unique on agency, month and kind) makes each go out once; a failed send writes
no row, so the next run (daily, ``mahalleh send_monthly_reminders``, or the ``enqueue_monthly_reminders``
task) tries again. Whether an agency has filed is read when sending, never stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from mahalleh.accounts.notify import deliver, focal_points
from mahalleh.agencies.models import Agency
from mahalleh.core.jalali import format_jalali
from mahalleh.places.models import Province
from mahalleh.reports import monthly
from mahalleh.reports.monthly import Month, State
from mahalleh.reports.monthly_models import MonthlyReminderSent

BEFORE_DUE = MonthlyReminderSent.Kind.BEFORE_DUE
DUE_DAY = MonthlyReminderSent.Kind.DUE_DAY


def reminder_kind(province: Province | int, month: Month, today: datetime.date) -> str | None:
    """Which reminder of ``month`` goes out today, if any."""
    due = monthly.due_date(province, month)
    if today == due:
        return DUE_DAY
    days = monthly.settings_for(province).remind_days_before
    if due - datetime.timedelta(days=days) <= today < due:
        return BEFORE_DUE
    return None


def _months(today: datetime.date) -> tuple[Month, Month]:
    current = Month.of(today)
    return current.previous(), current  # the month due now, and this one (its window may open in it)


def due_reminders(today: datetime.date) -> Iterator[tuple[Agency, Month, str]]:
    """Every (agency, month, kind) due for a reminder today and not yet sent: required, not filed."""
    for province in Province.objects.order_by("pk"):
        for month in _months(today):
            if not month.has_begun(today) or (kind := reminder_kind(province, month, today)) is None:
                continue
            sent = set(MonthlyReminderSent.objects.filter(year=month.year, month=month.month, kind=kind)
                       .values_list("agency_id", flat=True))
            for agency in monthly.month_rows(province, month, state=State.NOT_FILED, today=today):
                if agency.pk not in sent:
                    yield agency, month, kind


def send_reminder(agency_id: int, year: int, month: int, kind: str, *, today: datetime.date | None = None) -> bool:
    """Send one reminder unless no longer due, already sent or nobody to tell; whether it went out."""
    today = today or timezone.localdate()
    m = Month(year, month)
    with transaction.atomic():
        agency = Agency.objects.select_for_update().filter(pk=agency_id).first()
        if agency is None or reminder_kind(agency.province_id, m, today) != kind:
            return False
        if not monthly.month_rows(agency.province_id, m, state=State.NOT_FILED, today=today).filter(pk=agency.pk).exists():
            return False  # filed meanwhile, or no longer required
        recipients = [u for u in focal_points(agency.pk) if u.email or u.phone]
        if not recipients:
            return False
        _, created = MonthlyReminderSent.objects.get_or_create(agency=agency, year=year, month=month, kind=kind,
                                                               defaults={"sent_on": today})
        if not created:
            return False
        due = format_jalali(monthly.due_date(agency.province_id, m))
        state = f"امروز ({due}) مهلت ارسال است" if kind == DUE_DAY else f"مهلت ارسال تا {due} است"
        text = f"سامانه محله\nگزارش ماهانه {m.label} {agency.name} هنوز ارسال نشده؛ {state}."
        subject = f"یادآوری گزارش ماهانه {m.label}"
        deliver(recipients, subject=subject, body=text, sms=text)
    return True
