"""`mahalleh demo_logins`: the demo logins, their role and scope."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mahalleh.accounts.models import User
from mahalleh.demo.loader import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "فهرست ورودهای نمایشی (نام کاربری، گذرواژه، نقش، حوزه) را چاپ می‌کند."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS]).prefetch_related(
                "role_assignments__province",
                "role_assignments__county",
                "role_assignments__agency",
                "role_assignments__neighborhood",
            )
        }
        if not users:
            self.stdout.write(self.style.WARNING("کاربران نمایشی هنوز ساخته نشده‌اند: mahalleh load_demo"))
            return
        rows = [("username / نام کاربری", "password / گذرواژه", "role / نقش", "scope / حوزه")]
        for spec in DEMO_USERS:
            user = users.get(spec.username)
            if user is None:
                continue
            if user.is_superuser:
                rows.append((user.username, DEMO_PASSWORD, "superuser / مدیر سامانه", "همه / all"))
                continue
            for a in user.role_assignments.all():
                target = a.province or a.county or a.agency or a.neighborhood
                rows.append(
                    (
                        user.username,
                        DEMO_PASSWORD,
                        f"{a.role} / {a.get_role_display()}",
                        str(target) if target else "همه استان‌ها / all provinces",
                    )
                )
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
