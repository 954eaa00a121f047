"""Daily by cron: send every problem service-level reminder due today (before the due date, overdue)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mahalleh.core.context import acting_as
from mahalleh.core.notify import NotifyError
from mahalleh.core.text import to_persian_digits
from mahalleh.problems.reminders import due_reminders, send_reminder


class Command(BaseCommand):
    help = "یادآوری مهلت و اعلام تأخیر مشکلات را به کارشناسان رابط دستگاه مسئول می‌فرستد (روزانه با cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = failed = 0
        with acting_as(None, request_id=f"cli-problem-reminders-{uuid.uuid4().hex[:12]}"):
            for problem, kind in list(due_reminders(today)):
                try:
                    sent += send_reminder(problem.pk, kind, today=today)
                except NotifyError as exc:
                    failed += 1
                    self.stderr.write(f"یادآوری مشکل {to_persian_digits(problem.pk)} ارسال نشد: {exc}")
        self.stdout.write(f"{to_persian_digits(sent)} یادآوری مشکل ارسال شد.")
        if failed:
            raise CommandError(f"{to_persian_digits(failed)} یادآوری ارسال نشد؛ در اجرای بعدی دوباره تلاش می‌شود.")
