"""``mahalleh export-minutes MEETING_ID --format pdf|docx --output FILE``: write a meeting's official minutes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.core.text import to_latin_digits, to_persian_digits
from mahalleh.minutes.export.context import MeetingNotFound
from mahalleh.minutes.export.docx import render_minutes_docx
from mahalleh.minutes.export.pdf import render_minutes_pdf

RENDERERS = {"pdf": render_minutes_pdf, "docx": render_minutes_docx}


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # exporting reads one meeting; no need to load every URL and form
    help = "صورتجلسه رسمی یک جلسه را به صورت PDF یا Word (docx) می‌نویسد."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting_id", help="شناسه جلسه")
        # No argparse choices: its error message would be English; the format is checked in handle().
        parser.add_argument(
            "--format", dest="fmt", default="", help="pdf یا docx (پیش‌فرض: از پسوند فایل خروجی)"
        )
        parser.add_argument(
            "--output", "-o", default="", help="مسیر فایل خروجی (پیش‌فرض: minutes-<شناسه>.<قالب>)"
        )

    def handle(self, *args: Any, meeting_id: str, fmt: str, output: str, **options: Any) -> None:
        fmt = (fmt or (Path(output).suffix.lstrip(".") if output else "") or "pdf").strip().lower()
        if fmt not in RENDERERS:
            raise CommandError(f"قالب «{fmt}» پشتیبانی نمی‌شود؛ یکی از pdf یا docx را بدهید.")
        raw_id = to_latin_digits(str(meeting_id)).strip()
        if not raw_id.isdigit():
            raise CommandError(f"شناسه جلسه باید عدد باشد، نه «{meeting_id}».")
        target = Path(output or f"minutes-{raw_id}.{fmt}")
        if not target.parent.is_dir():
            raise CommandError(f"پوشه «{target.parent}» وجود ندارد.")
        try:
            data = RENDERERS[fmt](int(raw_id))
        except MeetingNotFound as exc:
            raise CommandError(str(exc)) from None
        # Write beside the target and rename, so a failure never leaves half a file behind.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".minutes-", suffix=f".{fmt}")
        umask = os.umask(0)
        os.umask(umask)
        try:
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the file is for sharing
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        size = to_persian_digits(f"{len(data):,}".replace(",", "٬"))
        self.stdout.write(f"صورتجلسه در «{target}» نوشته شد ({size} بایت).")
