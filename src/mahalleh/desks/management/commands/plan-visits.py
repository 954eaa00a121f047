"""The year's desk plan of a province: ``mahalleh plan-visits --province CODE --year YYYY [--from DATE]
[--save] [--json]``. Prints the plan (or, with ``--json``, one object as issue 11 gives it); ``--save``
keeps it and puts its desks on the calendar."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.core.commands import add_actor_argument, command_acting
from mahalleh.core.jalali import JalaliDateError, format_jalali, parse_jalali
from mahalleh.core.services import DomainError
from mahalleh.core.text import to_persian_digits
from mahalleh.desks import plans
from mahalleh.places.models import Province


class Command(BaseCommand):
    help = "برنامه سالانه میزهای خدمت یک استان را با CP-SAT می‌سازد (و با --save ذخیره می‌کند)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="کد استان (مانند alborz)")
        parser.add_argument("--year", required=True, type=int, help="سال هجری شمسی (مانند 1405)")
        parser.add_argument("--from", dest="from_date", help="برنامه از این تاریخ (شمسی)؛ پیش‌فرض: فردا")
        parser.add_argument("--save", action="store_true", help="برنامه را ذخیره و میزها را در تقویم بگذار")
        parser.add_argument("--json", action="store_true", help="یک شیء JSON چاپ کن")
        parser.add_argument("--time-limit", type=float, default=None, help="سقف زمان حل (ثانیه)")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        province = Province.objects.filter(code=options["province"]).first()
        if province is None:
            raise CommandError(f"استانی با کد «{options['province']}» نیست.")
        from_date = None
        if options["from_date"]:
            try:
                from_date = parse_jalali(options["from_date"])
            except JalaliDateError as exc:
                raise CommandError(f"تاریخ نامعتبر است: {options['from_date']} ({exc})") from exc
        try:
            prepared, result = plans.run(province, options["year"], from_date=from_date,
                                         time_limit_s=options["time_limit"])
        except DomainError as exc:
            raise CommandError(exc.message_fa) from exc
        if options["save"]:
            with command_acting("plan-visits", options.get("actor")) as actor:
                plans.save_plan(prepared, result, actor=actor)
        if options["json"]:
            self.stdout.write(json.dumps(plans.as_json(prepared, result), ensure_ascii=False))
            return
        out = self.stdout.write
        out(f"برنامه {province.name}، سال {to_persian_digits(options['year'])} از {format_jalali(prepared.start)}: "
            f"{result.status}، هدف {result.objective:g}، کران {result.bound:g}، "
            f"{to_persian_digits(len(result.desks))} میز، {to_persian_digits(len(result.unplanned))} مورد برنامه‌ریزی‌نشده")
        for u in plans.as_json(prepared, result)["unplanned"]:
            out(f"- {u['neighborhood'] or ''} {u['agency'] or ''}: {u['reason']}")
