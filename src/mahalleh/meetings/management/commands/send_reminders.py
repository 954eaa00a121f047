"""Daily by cron: enqueue (or with --now, send at once) every resolution reminder that is due today."""

from __future__ import annotations

import collections
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mahalleh.core.context import acting_as
from mahalleh.core.notify import NotifyError
from mahalleh.core.text import to_persian_digits
from mahalleh.meetings.reminders import Outcome, due_reminders, send_reminder
from mahalleh.meetings.tasks import schedule_due_reminders

OUTCOME_LABELS = {
    Outcome.SENT: "ارسال شد",
    Outcome.ALREADY_SENT: "پیش‌تر ارسال شده بود",
    Outcome.NOT_DUE: "دیگر لازم نبود",
    Outcome.NO_RECIPIENTS: "کارشناس رابط با تلفن یا رایانامه ندارد",
    Outcome.MISSING: "تکلیف حذف شده بود",
}


class Command(BaseCommand):
    help = "یادآوری مهلت و اعلام تأخیر مصوبات را به کارشناسان رابط دستگاه‌ها می‌فرستد (روزانه با cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="همین حالا بفرست، بدون صف کارها (task worker)."
        )

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        with acting_as(None, request_id=f"cli-reminders-{uuid.uuid4().hex[:12]}"):
            if not now:
                count = schedule_due_reminders()
                self.stdout.write(f"{to_persian_digits(count)} یادآوری در صف ارسال قرار گرفت.")
                return
            self._send_now()

    def _send_now(self) -> None:
        today = timezone.localdate()
        counts: collections.Counter[Outcome] = collections.Counter()
        failed = 0
        for assignment, kind in list(due_reminders(today)):
            try:
                counts[send_reminder(assignment.pk, kind, today=today)] += 1
            except NotifyError as e:
                failed += 1
                self.stderr.write(f"یادآوری تکلیف {to_persian_digits(assignment.pk)} ارسال نشد: {e}")
        for outcome, label in OUTCOME_LABELS.items():
            if counts[outcome]:
                self.stdout.write(f"{label}: {to_persian_digits(counts[outcome])}")
        if not counts and not failed:
            self.stdout.write("امروز یادآوری لازم نبود.")
        if failed:
            raise CommandError(
                f"{to_persian_digits(failed)} یادآوری ارسال نشد؛ در اجرای بعدی دوباره تلاش می‌شود."
            )
