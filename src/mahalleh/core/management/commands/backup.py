"""`mahalleh backup --output FILE`: the database and the stored files (MEDIA_ROOT) in one tar.gz (core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "پشتیبان پایگاه داده و پرونده‌های بارگذاری‌شده در یک بایگانی tar.gz"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="the archive to write (FILE.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup(options["output"], log=self.stderr.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
