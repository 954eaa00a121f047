import datetime
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from mahalleh.core.jalali import format_jalali, format_jalali_datetime
from mahalleh.core.tables import ScopedTable
from mahalleh.problems import codes
from mahalleh.problems.models import PersonalDataRead, Problem


class ProblemTable(ScopedTable):
    tracking_code = tables.Column("کد رهگیری", linkify=True)
    neighborhood = tables.Column("محله", order_by=("neighborhood__name",))
    category = tables.Column("دسته", order_by=("category__name",))
    agency = tables.Column("دستگاه مسئول", order_by=("agency__name",), default="—")
    status = tables.Column("وضعیت")
    due_date = tables.Column("سررسید", default="—")
    created_at = tables.Column("ثبت")

    class Meta(ScopedTable.Meta):
        model = Problem
        fields = ()

    def render_tracking_code(self, value: str) -> str:
        return format_html('<bdi dir="ltr">{}</bdi>', codes.display(value))

    def value_tracking_code(self, value: str) -> str:
        return value

    def render_status(self, value: str, record: Problem) -> str:
        overdue = getattr(record, "overdue_now", None)
        if overdue is None:
            overdue = record.is_overdue(timezone.localdate())
        badge = mark_safe(' <span class="badge text-bg-danger">دارای تأخیر</span>') if overdue else ""
        return format_html("{}{}", record.get_status_display(), badge)

    def value_status(self, value: str, record: Problem) -> str:
        return record.get_status_display()

    def render_due_date(self, value: datetime.date) -> str:
        return format_jalali(value)

    def render_created_at(self, value: datetime.datetime) -> str:
        return format_jalali(timezone.localdate(value))

    def value_created_at(self, value: datetime.datetime) -> Any:
        return timezone.localdate(value)


class PersonalReadTable(ScopedTable):
    at = tables.Column("زمان")
    user = tables.Column("خواننده", accessor="user__username", default="—")
    problem = tables.Column("مشکل", accessor="problem__tracking_code", linkify=lambda record: record.problem.get_absolute_url())
    purpose = tables.Column("محل خواندن")

    class Meta(ScopedTable.Meta):
        model = PersonalDataRead
        fields = ()

    def render_at(self, value: datetime.datetime) -> str:
        return format_jalali_datetime(value)

    def render_problem(self, value: str) -> str:
        return format_html('<bdi dir="ltr">{}</bdi>', codes.display(value))
