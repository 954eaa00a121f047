"""The lists of the matching pages (issue 12, item 5): needs and adopted allocations, their filters."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.html import format_html

from mahalleh.agencies.models import Agency, Allocation, Period, Service, ServiceAxis, ServiceNeed
from mahalleh.core.filtersets import ScopedFilterSet, scoped
from mahalleh.core.tables import EditLinkColumn, JalaliDateColumn, NumberColumn, ScopedTable
from mahalleh.core.templatetags.persian import fa_int
from mahalleh.places.models import County, Neighborhood
from mahalleh.problems.models import OPEN_STATUSES, Problem

MD = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


def with_counted(qs: QuerySet[ServiceNeed]) -> QuerySet[ServiceNeed]:
    """Each need annotated ``counted``: its neighborhood's open problems whose category maps to its service."""
    open_problems = (Problem.objects.filter(neighborhood=OuterRef("neighborhood"), category__service=OuterRef("service"),
                                            status__in=OPEN_STATUSES)
                     .order_by().values("neighborhood").annotate(n=Count("pk")).values("n"))
    return qs.annotate(counted=Coalesce(Subquery(open_problems, output_field=IntegerField()), Value(0)))


class ServiceNeedFilterSet(ScopedFilterSet):
    search_fields = ("neighborhood__name_normalized", "service__name", "note")
    county = django_filters.ModelChoiceFilter(label="شهرستان", field_name="neighborhood__county", queryset=scoped(County),
                                              empty_label="همه شهرستان‌ها")
    neighborhood = django_filters.ModelChoiceFilter(label="محله", queryset=scoped(Neighborhood), empty_label="همه محلات")
    axis = django_filters.ModelChoiceFilter(label="محور", field_name="service__axis", queryset=ServiceAxis.objects.all(),
                                            empty_label="همه محورها")
    service = django_filters.ModelChoiceFilter(label="خدمت", queryset=scoped(Service), empty_label="همه خدمات")
    source = django_filters.ChoiceFilter(label="منبع", choices=ServiceNeed.Source.choices, empty_label="همه منابع")

    class Meta:
        model = ServiceNeed
        fields = ["q", "county", "neighborhood", "axis", "service", "source"]


class ServiceNeedTable(ScopedTable):
    neighborhood = tables.Column("محله", linkify=lambda record: record.neighborhood.get_absolute_url(),
                                 order_by=("neighborhood__name",))
    county = tables.Column("شهرستان", accessor="neighborhood__county__name", attrs=MD)
    axis = tables.Column("محور", accessor="service__axis__name", order_by=("service__axis__order",))
    service = EditLinkColumn("خدمت", order_by=("service__name",))
    source = tables.Column("منبع")
    quantity = NumberColumn("مقدار")
    unit = tables.Column("واحد", accessor="service__unit", orderable=False)
    counted = NumberColumn("از مشکلات باز")
    note = tables.Column("توضیح", attrs=MD, orderable=False)

    class Meta(ScopedTable.Meta):
        model = ServiceNeed
        fields = ()

    def render_unit(self, record: ServiceNeed) -> str:
        return record.service.get_unit_display()

    def value_unit(self, record: ServiceNeed) -> str:
        return record.service.get_unit_display()

    def render_counted(self, value: int, record: ServiceNeed) -> str:
        if not value:
            return fa_int(0)
        from django.urls import reverse

        url = f"{reverse('problems:problems')}?status=open&neighborhood={record.neighborhood_id}&axis={record.service.axis_id}"
        return format_html('<a href="{}">{}</a>', url, fa_int(value))


class AllocationFilterSet(ScopedFilterSet):
    search_fields = ("neighborhood__name_normalized", "service__name", "capacity__agency__name_normalized")
    neighborhood = django_filters.ModelChoiceFilter(label="محله", queryset=scoped(Neighborhood), empty_label="همه محلات")
    service = django_filters.ModelChoiceFilter(label="خدمت", queryset=scoped(Service), empty_label="همه خدمات")
    agency = django_filters.ModelChoiceFilter(label="دستگاه", field_name="capacity__agency", queryset=scoped(Agency),
                                              empty_label="همه دستگاه‌ها")
    year = django_filters.NumberFilter(label="سال")
    horizon = django_filters.ChoiceFilter(label="دوره برنامه", choices=Period.choices, empty_label="همه دوره‌ها")
    part = django_filters.NumberFilter(label="فصل یا ماه")

    class Meta:
        model = Allocation
        fields = ["q", "neighborhood", "service", "agency", "year", "horizon", "part"]


class AllocationTable(ScopedTable):
    neighborhood = tables.Column("محله", linkify=lambda record: record.neighborhood.get_absolute_url(),
                                 order_by=("neighborhood__name",))
    service = tables.Column("خدمت", order_by=("service__name",))
    agency = tables.Column("دستگاه", accessor="capacity__agency__name", order_by=("capacity__agency__name",))
    quantity = NumberColumn("مقدار")
    unit = tables.Column("واحد", accessor="service__unit", orderable=False)
    period = tables.Column("دوره", accessor="year", orderable=False)
    adopted_at = JalaliDateColumn("تاریخ تصویب", attrs=MD)

    class Meta(ScopedTable.Meta):
        model = Allocation
        fields = ()

    def render_unit(self, record: Allocation) -> str:
        return record.service.get_unit_display()

    def value_unit(self, record: Allocation) -> str:
        return record.service.get_unit_display()

    def render_period(self, record: Allocation) -> str:
        from mahalleh.reports.matching import PlanPeriod

        return PlanPeriod(record.year, record.horizon, record.part).label

    def value_period(self, record: Allocation) -> str:
        return self.render_period(record)

    def render_adopted_at(self, value: Any) -> str:
        from mahalleh.core.jalali import format_jalali

        return format_jalali(value.date())
