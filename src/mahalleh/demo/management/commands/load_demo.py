"""`mahalleh load_demo`: load the demo province, registry, bodies and logins (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.core.commands import add_actor_argument, find_actor
from mahalleh.demo.loader import DEMO_PASSWORD, DemoDataError, load_demo

LABELS = {
    "axes": "محورهای خدمت",
    "provinces": "استان‌ها",
    "counties": "شهرستان‌ها",
    "cities": "شهرها",
    "neighborhoods": "محلات",
    "target_neighborhoods_alborz": "محلات هدف البرز",
    "target_neighborhoods_tehran": "محلات هدف تهران (شمیرانات)",
    "contacts": "افراد نقش‌های محله",
    "agencies": "دستگاه‌ها",
    "aliases": "نام‌های دیگر دستگاه‌ها",
    "groups": "گروه‌های دستگاه‌ها",
    "bodies": "نهادها",
    "memberships": "عضویت‌ها",
    "users": "کاربران نمایشی",
    "meetings": "جلسات",
    "created": "ردیف‌های ساخته‌شده",
    "updated": "ردیف‌های به‌روزشده",
}


class Command(BaseCommand):
    help = "داده نمایشی استان البرز (و شمیرانات) را بارگذاری می‌کند؛ اجرای دوباره چیزی را تکرار نمی‌کند."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--without-meetings", action="store_true", help="صورتجلسه‌های نمونه وارد نشوند.")
        add_actor_argument(parser)  # without it, the audit names the loader (request id "demo-load")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_demo(with_meetings=not options["without_meetings"], actor=find_actor(options["actor"]))
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        for key, value in counts.items():
            self.stdout.write(f"{LABELS.get(key, key)} ({key}): {value}")
        self.stdout.write(
            self.style.SUCCESS(
                f"داده نمایشی بارگذاری شد. گذرواژه همه کاربران نمایشی: {DEMO_PASSWORD} "
                "(فهرست کاربران: mahalleh demo_logins)"
            )
        )
