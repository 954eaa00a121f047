"""``mahalleh import-minutes FILE…``: minutes documents into reviewed drafts (or, with --json, just the extraction)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.core.commands import command_acting
from mahalleh.core.services import NotAllowed
from mahalleh.minutes.parsing import MinutesError, parse_document

if TYPE_CHECKING:
    from mahalleh.places.models import Province


class Command(BaseCommand):
    help = "صورتجلسه‌ها (txt، md، html، docx، pdf) را می‌خواند؛ با --json فقط استخراج را چاپ می‌کند و چیزی ذخیره نمی‌شود."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="چاپ استخراج به صورت JSON (هر پرونده یک سطر)، بدون ذخیره")
        parser.add_argument("--province", default=None, help="کد استان (پیش‌فرض: تنها استان موجود یا البرز)")
        parser.add_argument("--confirm", action="store_true", help="پیش‌نویس‌ها را بی‌درنگ تأیید و به جلسه تبدیل کن")
        parser.add_argument("--user", default=None, help="نام کاربری ثبت‌کننده")

    def handle(self, *args: Any, **opts: Any) -> None:
        # The audit names --user, or else this command (request id "cli-import-minutes-…").
        with command_acting("import-minutes", opts["user"]):
            self._handle(opts)

    def _handle(self, opts: dict[str, Any]) -> None:
        province = self._province(opts["province"])
        failures = 0
        for name in opts["files"]:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{name}: پرونده خوانده نشد ({exc.strerror}).")
                failures += 1
                continue
            try:
                if opts["json"]:
                    parsed = parse_document(data, path.name, province=province)
                    self.stdout.write(json.dumps(parsed.to_json_dict(), ensure_ascii=False))
                    continue
                self._import(data, path.name, province, opts)
            except MinutesError as exc:
                self.stderr.write(f"{name}: {exc.message}")
                failures += 1
        if failures:
            raise CommandError(f"{failures} پرونده وارد نشد.")

    def _province(self, code: str | None) -> Province | None:
        from mahalleh.places.models import Province

        if code:
            province = Province.objects.filter(code=code).first()
            if province is None:
                raise CommandError(f"استان با کد «{code}» وجود ندارد.")
            return province
        return Province.objects.filter(code="alborz").first() or Province.objects.first()

    def _import(self, data: bytes, filename: str, province: Province | None, opts: dict[str, Any]) -> None:
        from mahalleh.accounts.models import User
        from mahalleh.minutes.importing import import_confirm, import_document

        if province is None:
            raise CommandError("هیچ استانی تعریف نشده است؛ ابتدا داده‌های پایه را بارگذاری کنید.")
        user = User.objects.filter(username=opts["user"]).first() if opts["user"] else None
        if user is None:
            user = User.objects.filter(is_superuser=True).order_by("pk").first()
        outcome = import_document(data=data, filename=filename, province=province, actor=user)
        draft = outcome.draft
        if not outcome.created:
            self.stdout.write(f"{filename}: پیش‌تر وارد شده است ({draft.get_status_display()}).")
            return
        if opts["confirm"]:
            if user is None:  # nobody may confirm, as the service would answer
                raise NotAllowed()
            meeting = import_confirm(draft=draft, data=draft.data, actor=user)
            self.stdout.write(f"{filename}: جلسه {meeting.pk} با {meeting.resolutions.count()} مصوبه ثبت شد.")
        else:
            self.stdout.write(f"{filename}: پیش‌نویس {draft.pk} برای بازبینی آماده است.")
