"""The province's compiled monthly report as a file:
``mahalleh monthly-report --province CODE --month YYYY/MM --format pdf|xlsx --output FILE``.

For any month that has begun, with or without filings; a month not yet begun (or a province or month
that does not exist) is refused with a Persian message, a non-zero exit code and no file written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.core.text import to_persian_digits
from mahalleh.places.models import Province
from mahalleh.reports import monthly_compiled
from mahalleh.reports.monthly import Month


class Command(BaseCommand):
    help = "گزارش تلفیقی ماهانه دستگاه‌های یک استان را به PDF یا اکسل می‌نویسد."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="کد استان (مانند alborz)")
        parser.add_argument("--month", required=True, help="ماه شمسی به شکل YYYY/MM (مانند 1405/08)")
        parser.add_argument("--format", required=True, choices=["pdf", "xlsx"], help="pdf یا xlsx")
        parser.add_argument("--output", required=True, help="مسیر پرونده خروجی")

    def handle(self, *args: Any, **options: Any) -> None:
        province = Province.objects.filter(code=options["province"]).first()
        if province is None:
            raise CommandError(f"استانی با کد «{options['province']}» نیست.")
        try:
            month = Month.parse(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not month.has_begun():
            raise CommandError(f"ماه {month.label} هنوز آغاز نشده است؛ گزارش تلفیقی هر ماه از نخستین روز آن ساخته می‌شود.")
        compiled = monthly_compiled.compile_month(province, month)
        data = monthly_compiled.render_pdf(compiled) if options["format"] == "pdf" else monthly_compiled.render_xlsx(compiled)
        output = Path(options["output"])
        output.write_bytes(data)
        self.stdout.write(f"{compiled.title}: {to_persian_digits(compiled.counts['filed'])} از "
                          f"{to_persian_digits(compiled.counts['due'])} دستگاه گزارش داده‌اند؛ در {output} نوشته شد.")
