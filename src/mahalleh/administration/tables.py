from typing import Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from mahalleh.accounts.models import User
from mahalleh.core.tables import ScopedTable
from mahalleh.core.text import to_persian_digits

MD = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class UserTable(ScopedTable):
    username = tables.Column("نام کاربری", linkify=("administration:user", {"pk": tables.A("pk")}))
    full_name = tables.Column("نام", accessor="get_full_name", order_by=("last_name", "first_name"))
    roles = tables.Column("نقش‌ها", accessor="role_assignments", orderable=False)
    phone = tables.Column("تلفن همراه", attrs=MD)
    is_active = tables.Column("وضعیت")

    class Meta(ScopedTable.Meta):
        model = User
        fields = ()

    def render_username(self, value: str) -> str:
        return format_html("<bdi>{}</bdi>", value)

    def value_username(self, value: str) -> str:
        return value

    def render_roles(self, value: Any) -> str:
        rows = value.all()
        if not rows:
            return "—"
        return format_html_join("", '<div class="small">{}</div>', ((str(r),) for r in rows))

    def value_roles(self, value: Any) -> str:
        return "، ".join(str(r) for r in value.all())

    def render_phone(self, value: str) -> str:
        return format_html('<bdi dir="ltr">{}</bdi>', to_persian_digits(value)) if value else "—"

    def render_is_active(self, value: bool) -> str:
        return format_html('<span class="badge {}">{}</span>', "text-bg-success" if value else "text-bg-secondary",
                           "فعال" if value else "غیرفعال")

    def value_is_active(self, value: bool) -> str:
        return "فعال" if value else "غیرفعال"
