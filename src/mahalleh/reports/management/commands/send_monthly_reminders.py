"""Daily by cron: remind the agencies that have not filed their monthly report (before and on the due day)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mahalleh.core.context import acting_as
from mahalleh.core.notify import NotifyError
from mahalleh.core.text import to_persian_digits
from mahalleh.reports.monthly_reminders import due_reminders, send_reminder


class Command(BaseCommand):
    help = "یادآوری مهلت گزارش ماهانه را به کارشناسان رابط دستگاه‌هایی که گزارش نداده‌اند می‌فرستد (روزانه با cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = failed = 0
        with acting_as(None, request_id=f"cli-monthly-reminders-{uuid.uuid4().hex[:12]}"):
            for agency, month, kind in list(due_reminders(today)):
                try:
                    sent += send_reminder(agency.pk, month.year, month.month, kind, today=today)
                except NotifyError as exc:
                    failed += 1
                    self.stderr.write(f"یادآوری گزارش ماهانه {agency.name} ارسال نشد: {exc}")
        self.stdout.write(f"{to_persian_digits(sent)} یادآوری گزارش ماهانه ارسال شد.")
        if failed:
            raise CommandError(f"{to_persian_digits(failed)} یادآوری ارسال نشد؛ در اجرای بعدی دوباره تلاش می‌شود.")
