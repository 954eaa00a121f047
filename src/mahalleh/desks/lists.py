"""Plain lists of desks and of campaign visits: what the dashboards' desk and campaign figures count
(issue 12), each with the filters a figure selects its rows by."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet

from mahalleh.agencies.models import Agency
from mahalleh.core.filtersets import JalaliDateFilter, ScopedFilterSet, scoped
from mahalleh.core.jalali import format_jalali
from mahalleh.core.lists import ScopedListView
from mahalleh.core.tables import ScopedTable
from mahalleh.desks.models import Campaign, CampaignVisit, Desk, DeskAgency
from mahalleh.places.models import County, Neighborhood, Province

DELIVERED_CHOICES = [("yes", "اجراشده"), ("no", "اجرانشده")]


class DeskFilterSet(ScopedFilterSet):
    search_fields = ("place", "neighborhood__name_normalized")
    status = django_filters.ChoiceFilter(label="وضعیت", choices=Desk.Status.choices, empty_label="همه وضعیت‌ها")
    kind = django_filters.ChoiceFilter(label="نوع", choices=Desk.Kind.choices, empty_label="همه انواع")
    province = django_filters.ModelChoiceFilter(label="استان", field_name="county__province", queryset=scoped(Province),
                                                empty_label="همه استان‌ها")
    county = django_filters.ModelChoiceFilter(label="شهرستان", queryset=scoped(County), empty_label="همه شهرستان‌ها")
    neighborhood = django_filters.ModelChoiceFilter(label="محله", queryset=scoped(Neighborhood), empty_label="همه محلات")
    # The desks an agency was asked to (a subquery: a join would repeat a desk per invitation).
    agency = django_filters.ModelChoiceFilter(label="دستگاه دعوت‌شده", queryset=scoped(Agency),
                                              empty_label="همه دستگاه‌ها", method="filter_agency")
    date_from = JalaliDateFilter(label="از تاریخ", field_name="date", lookup_expr="gte")
    date_to = JalaliDateFilter(label="تا تاریخ", field_name="date", lookup_expr="lte")

    class Meta:
        model = Desk
        fields = ["q", "status", "kind", "province", "county", "neighborhood", "agency", "date_from", "date_to"]

    def filter_agency(self, qs: QuerySet[Desk], name: str, value: Agency) -> QuerySet[Desk]:
        return qs.filter(pk__in=DeskAgency.objects.filter(agency=value).values("desk_id"))


class DeskTable(ScopedTable):
    date = tables.Column("تاریخ", linkify=lambda record: record.get_absolute_url())
    kind = tables.Column("نوع")
    county = tables.Column("شهرستان", order_by=("county__name",))
    neighborhood = tables.Column("محله", order_by=("neighborhood__name",), default="—")
    place = tables.Column("محل", default="—")
    status = tables.Column("وضعیت")

    class Meta(ScopedTable.Meta):
        model = Desk
        fields = ()

    def render_date(self, value: object) -> str:
        return format_jalali(value)  # type: ignore[arg-type]

    def value_date(self, value: object) -> str:
        return format_jalali(value, persian_digits=False)  # type: ignore[arg-type]


class DeskList(ScopedListView):
    queryset = Desk.objects.select_related("county", "neighborhood").order_by("-date", "-id")
    filterset_class = DeskFilterSet
    table_class = DeskTable
    export_name = "desks"


class CampaignVisitFilterSet(ScopedFilterSet):
    search_fields = ("neighborhood__name_normalized",)
    campaign = django_filters.ModelChoiceFilter(label="پویش", queryset=scoped(Campaign), empty_label="همه پویش‌ها")
    delivered = django_filters.ChoiceFilter(label="اجرا", choices=DELIVERED_CHOICES, empty_label="همه",
                                            method="filter_delivered")
    county = django_filters.ModelChoiceFilter(label="شهرستان", field_name="neighborhood__county",
                                              queryset=scoped(County), empty_label="همه شهرستان‌ها")
    agency = django_filters.ModelChoiceFilter(label="دستگاه پیشرو", field_name="campaign__lead",
                                              queryset=scoped(Agency), empty_label="همه دستگاه‌ها")
    date_from = JalaliDateFilter(label="از تاریخ", field_name="date", lookup_expr="gte")
    date_to = JalaliDateFilter(label="تا تاریخ", field_name="date", lookup_expr="lte")

    class Meta:
        model = CampaignVisit
        fields = ["q", "campaign", "delivered", "county", "agency", "date_from", "date_to"]

    def filter_delivered(self, qs: QuerySet[CampaignVisit], name: str, value: str) -> QuerySet[CampaignVisit]:
        return qs.filter(delivered_on__isnull=value != "yes")


class CampaignVisitTable(ScopedTable):
    campaign = tables.Column("پویش", order_by=("campaign__name",), linkify=lambda record: record.campaign.get_absolute_url())
    neighborhood = tables.Column("محله", order_by=("neighborhood__name",))
    date = tables.Column("تاریخ نوبت")
    delivered_on = tables.Column("تاریخ اجرا", default="—")
    service = tables.Column("خدمت", default="—")

    class Meta(ScopedTable.Meta):
        model = CampaignVisit
        fields = ()

    def render_date(self, value: object) -> str:
        return format_jalali(value)  # type: ignore[arg-type]

    def render_delivered_on(self, value: object) -> str:
        return format_jalali(value)  # type: ignore[arg-type]


class CampaignVisitList(ScopedListView):
    queryset = CampaignVisit.objects.select_related("campaign", "neighborhood").order_by("date", "id")
    filterset_class = CampaignVisitFilterSet
    table_class = CampaignVisitTable
    export_name = "campaign-visits"
