"""``mahalleh onboard FILE --province NAME --actor USER [--dry-run]``: the onboarding upload from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.accounts.models import User
from mahalleh.administration.onboarding.importer import onboarding_check, onboarding_import
from mahalleh.administration.onboarding.plan import OnboardingRejected
from mahalleh.administration.onboarding.views import summary
from mahalleh.core.services import DomainError
from mahalleh.core.templatetags.persian import fa_int
from mahalleh.core.text import normalize
from mahalleh.places.models import Province


class Command(BaseCommand):
    help = "اطلاعات یک استان (شهرستان‌ها، محلات، دستگاه‌ها، کاربران) را از کارنامه اکسل، همه یا هیچ، وارد می‌کند."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--province", required=True, help="نام استان")
        parser.add_argument("--actor", required=True, help="نام کاربری انجام‌دهنده (دبیرخانه همان استان یا مدیر کل)")
        parser.add_argument("--dry-run", action="store_true", help="فقط بررسی؛ چیزی ثبت نشود")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(f"کاربر فعال «{options['actor']}» وجود ندارد.")
        wanted = normalize(options["province"])
        province = next((p for p in Province.objects.all() if p.name_normalized == wanted or p.code == options["province"]), None)
        if province is None:
            raise CommandError(f"استان «{options['province']}» وجود ندارد.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"پرونده «{path}» خوانده نشد: {exc.strerror}") from exc
        try:
            if options["dry_run"]:
                counts = onboarding_check(province=province, data=data, actor=actor).counts()
                self.stdout.write("کارنامه خطایی ندارد؛ چیزی ثبت نشد.")
            else:
                counts = onboarding_import(province=province, data=data, filename=path.name, actor=actor).counts
                self.stdout.write("همه ردیف‌ها ثبت شد.")
        except OnboardingRejected as exc:
            for p in exc.problems:
                column = f"، ستون «{p.column}»" if p.column else ""
                self.stderr.write(f"برگه «{p.sheet}»، ردیف {fa_int(p.row)}{column}: {p.message}")
            raise CommandError(exc.message_fa) from exc
        except DomainError as exc:
            raise CommandError(exc.message_fa) from exc
        for label, n in summary(counts):
            self.stdout.write(f"{fa_int(n)} {label}")
