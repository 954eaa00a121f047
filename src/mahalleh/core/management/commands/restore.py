"""`mahalleh restore FILE`: a `mahalleh backup` archive into the empty (or not yet existing) database that
DATABASE_URL names and into MEDIA_ROOT, without prompting; refused for a database that holds data (core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "بازگردانی پشتیبان به پایگاه داده‌ای خالی یا تازه و به پوشه پرونده‌ها"
    requires_system_checks: list[str] = []  # the database may not exist yet

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the archive `mahalleh backup` wrote")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore(options["archive"], log=self.stderr.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
