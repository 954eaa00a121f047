"""The two lists of the monthly reports: the reports a user reads (``MonthlyReportList``) and the
province's month by agency state (``MonthlyStateList``: the late list by default, and every count of
``monthly_selectors.compliance``). Both are ``ScopedListView``s, so they export to CSV/Excel and print.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from mahalleh.agencies.models import Agency
from mahalleh.core.filtersets import ScopedFilterSet, scoped
from mahalleh.core.jalali import MONTHS, format_jalali
from mahalleh.core.lists import ScopedListView
from mahalleh.core.tables import JalaliDateColumn, ScopedTable
from mahalleh.core.text import to_persian_digits
from mahalleh.places.models import Province
from mahalleh.reports import monthly
from mahalleh.reports.monthly import Month, State
from mahalleh.reports.monthly_models import MonthlyReport
from mahalleh.reports.monthly_selectors import followed_provinces

MONTH_CHOICES = [(i, name) for i, name in enumerate(MONTHS, start=1)]


# ---- the reports a user reads ---------------------------------------------------------------------------


class MonthlyReportFilterSet(ScopedFilterSet):
    search_fields = ("agency__name_normalized", "narrative")
    year = django_filters.NumberFilter(label="سال")
    month = django_filters.ChoiceFilter(label="ماه", choices=MONTH_CHOICES, empty_label="همه ماه‌ها")
    status = django_filters.ChoiceFilter(label="وضعیت", choices=MonthlyReport.Status.choices, empty_label="همه وضعیت‌ها")
    agency = django_filters.ModelChoiceFilter(label="دستگاه", queryset=scoped(Agency), empty_label="همه دستگاه‌ها")

    class Meta:
        model = MonthlyReport
        fields = ["q", "year", "month", "status", "agency"]


class MonthlyReportTable(ScopedTable):
    agency = tables.Column("دستگاه", order_by=("agency__name",), linkify=lambda record: record.get_absolute_url())
    period = tables.Column("ماه", accessor="month", order_by=("year", "month"))
    status = tables.Column("وضعیت")
    filed_on = JalaliDateColumn("نخستین ارسال", default="—")
    reviewed_at = tables.Column("بررسی", default="—")

    class Meta(ScopedTable.Meta):
        model = MonthlyReport
        fields = ()

    def render_period(self, record: MonthlyReport) -> str:
        return Month(record.year, record.month).label

    def value_period(self, record: MonthlyReport) -> str:
        return Month(record.year, record.month).label

    def render_status(self, record: MonthlyReport) -> str:
        return record.get_status_display()

    def render_reviewed_at(self, value: datetime.datetime) -> str:
        return format_jalali(timezone.localdate(value))

    def value_reviewed_at(self, value: datetime.datetime | None) -> Any:
        return timezone.localdate(value) if value else None


class MonthlyReportList(ScopedListView):
    queryset = MonthlyReport.objects.select_related("agency")
    filterset_class = MonthlyReportFilterSet
    table_class = MonthlyReportTable
    export_name = "monthly-reports"
    template_name = "reports/monthly/reports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from mahalleh.reports.monthly_views import focal_agencies

        return {**kwargs, "follows": followed_provinces(self.request.user).exists(),
                "files": bool(focal_agencies(self.request.user))}


# ---- the province's month by state (the late list) ------------------------------------------------------

STATE_CHOICES = [(str(s), label) for s, label in monthly.STATE_LABELS.items()]


class MonthlyStateFilterSet(ScopedFilterSet):
    """``province``, ``month`` and ``state`` pick the rows (``MonthlyStateList.base_queryset`` reads them);
    they are here so the page's form shows and keeps them."""

    search_fields = ("name_normalized",)
    province = django_filters.ModelChoiceFilter(label="استان", queryset=scoped(Province), method="keep",
                                                empty_label=None)
    month = django_filters.CharFilter(label="ماه (سال/ماه)", method="keep")
    state = django_filters.ChoiceFilter(label="وضعیت", choices=STATE_CHOICES, method="keep", empty_label=None)

    class Meta:
        model = Agency
        fields = ["q", "province", "month", "state"]

    def keep(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs


class MonthlyStateTable(ScopedTable):
    name = tables.Column("دستگاه")
    report_status = tables.Column("وضعیت گزارش", default="ارسال‌نشده")
    timeliness = tables.Column("ارسال", accessor="filed_on", orderable=False, empty_values=())
    filed_on = JalaliDateColumn("نخستین ارسال", default="—")
    due_on = JalaliDateColumn("مهلت", orderable=False)

    class Meta(ScopedTable.Meta):
        model = Agency
        fields = ()

    def render_name(self, value: str, record: Any) -> str:
        if record.report_id:
            return format_html('<a href="{}">{}</a>', reverse("reports:monthly_report", args=[record.report_id]), value)
        return value

    def value_name(self, value: str) -> str:
        return value

    def render_report_status(self, value: str) -> str:
        return str(MonthlyReport.Status(value).label)

    def value_report_status(self, value: str | None) -> str:
        return str(MonthlyReport.Status(value).label) if value else "ارسال‌نشده"

    def render_timeliness(self, record: Any) -> str:
        return monthly.timeliness(record.filed_on, record.due_on, timezone.localdate())

    def value_timeliness(self, record: Any) -> str:
        return self.render_timeliness(record)


def month_of(request: Any, default: Month) -> Month:
    text = request.GET.get("month")
    if not text:
        return default
    try:
        return Month.parse(text)
    except ValueError as exc:
        messages.error(request, str(exc))
        return default


class MonthlyStateList(ScopedListView):
    """The required agencies of a province in one state of one month (default: the late list of the
    month last due). Only for whoever follows the province's month (``followed_provinces``)."""

    queryset = Agency.objects.all()
    filterset_class = MonthlyStateFilterSet
    table_class = MonthlyStateTable
    export_name = "monthly-late"
    template_name = "reports/monthly/late.html"

    def base_queryset(self) -> QuerySet[Any]:
        provinces = followed_provinces(self.request.user)
        wanted = self.request.GET.get("province")
        province = provinces.filter(pk=wanted).first() if wanted and wanted.isdigit() else provinces.first()
        if province is None:
            return Agency.objects.none()
        today = timezone.localdate()
        self.month = month_of(self.request, Month.of(today).previous())
        self.province = province
        if not self.month.has_begun(today):
            messages.error(self.request, f"ماه {self.month.label} هنوز آغاز نشده است.")
            return Agency.objects.none()
        state = self.request.GET.get("state") or State.OVERDUE
        if state not in State.__members__.values():
            state = State.OVERDUE
        self.state = State(state)
        return monthly.month_rows(province, self.month, state=self.state, today=today)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        month = getattr(self, "month", None)
        state = getattr(self, "state", None)
        heading = (f"{monthly.STATE_LABELS[state]} — {month.label}" if month and state else "")
        return {**kwargs, "heading": to_persian_digits(heading), "province": getattr(self, "province", None)}
