"""Filters of the problem list and API: where, what, who, state, overdue (derived for today), when."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.filtersets import JalaliDateFilter, ScopedFilterSet, scoped
from mahalleh.places.models import County, Neighborhood, Province
from mahalleh.problems.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    PersonalDataRead,
    Problem,
    ProblemQuerySet,
    Source,
    Status,
)

OPEN, CLOSED, OVERDUE = "open", "closed", "overdue"
STATE_CHOICES = [(OPEN, "همه باز"), (OVERDUE, "باز و دارای تأخیر"), (CLOSED, "همه بسته"), *Status.choices]


class ProblemFilterSet(ScopedFilterSet):
    # normalize(description) and the code as stored: «كوچه» finds «کوچه», «۴۸۲۷» finds 4827…
    search_fields = ("description_normalized", "tracking_code")
    status = django_filters.ChoiceFilter(label="وضعیت", choices=STATE_CHOICES, empty_label="همه وضعیت‌ها",
                                         method="filter_status")
    # issue 12: the national dashboard counts per province
    province = django_filters.ModelChoiceFilter(label="استان", field_name="neighborhood__county__province",
                                                queryset=scoped(Province), empty_label="همه استان‌ها")
    county = django_filters.ModelChoiceFilter(label="شهرستان", field_name="neighborhood__county", queryset=scoped(County),
                                              empty_label="همه شهرستان‌ها")
    neighborhood = django_filters.ModelChoiceFilter(label="محله", queryset=scoped(Neighborhood), empty_label="همه محلات")
    axis = django_filters.ModelChoiceFilter(label="محور", field_name="category__axis", queryset=ServiceAxis.objects.all(),
                                            empty_label="همه محورها")
    category = django_filters.ModelChoiceFilter(label="دسته", queryset=Category.objects.all(), empty_label="همه دسته‌ها")
    agency = django_filters.ModelChoiceFilter(label="دستگاه مسئول", queryset=scoped(Agency), empty_label="همه دستگاه‌ها")
    source = django_filters.ChoiceFilter(label="منبع", choices=Source.choices, empty_label="همه منابع")
    date_from = JalaliDateFilter(label="ثبت از", field_name="created_at__date", lookup_expr="gte")
    date_to = JalaliDateFilter(label="ثبت تا", field_name="created_at__date", lookup_expr="lte")

    class Meta:
        model = Problem
        fields = ["q", "status", "province", "county", "neighborhood", "axis", "category", "agency", "source", "date_from", "date_to"]

    def filter_status(self, qs: ProblemQuerySet, name: str, value: str) -> QuerySet[Problem]:
        if value == OPEN:
            return qs.filter(status__in=OPEN_STATUSES)
        if value == CLOSED:
            return qs.filter(status__in=CLOSED_STATUSES)
        if value == OVERDUE:
            return qs.overdue(timezone.localdate())
        return qs.filter(status=value)


class PersonalReadFilterSet(ScopedFilterSet):
    """The personal-data read log: by who read and when (the problem's code is searched)."""

    search_fields = ("problem__tracking_code", "user__username")
    date_from = JalaliDateFilter(label="از تاریخ", field_name="at__date", lookup_expr="gte")
    date_to = JalaliDateFilter(label="تا تاریخ", field_name="at__date", lookup_expr="lte")

    class Meta:
        model = PersonalDataRead
        fields = ["q", "date_from", "date_to"]
