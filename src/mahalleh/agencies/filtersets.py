import django_filters
from django.db.models import Q, QuerySet

from mahalleh.agencies.models import (
    Agency,
    AgencyKind,
    AgencyLevel,
    AgencyService,
    Period,
    Service,
    ServiceAxis,
)
from mahalleh.core.filtersets import ScopedFilterSet, scoped, search
from mahalleh.places.models import County


class AgencyFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label="نوع", choices=AgencyKind.choices, empty_label="همه انواع")
    level = django_filters.ChoiceFilter(label="سطح", choices=AgencyLevel.choices, empty_label="همه سطوح")
    axis = django_filters.ModelChoiceFilter(label="محور", field_name="axes", queryset=ServiceAxis.objects.all(),
                                            empty_label="همه محورها")

    class Meta:
        model = Agency
        fields = ["q", "kind", "level", "axis"]

    def search(self, qs: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        # A name as written in minutes finds the agency through its aliases too.
        by_name = search(qs, value, ("name_normalized", "short_name"))
        by_alias = search(qs, value, ("aliases__name_normalized",))
        return qs.filter(Q(pk__in=by_name.values("pk")) | Q(pk__in=by_alias.values("pk")))


class AgencyServiceFilterSet(ScopedFilterSet):
    search_fields = ("agency__name_normalized", "service__name")
    agency = django_filters.ModelChoiceFilter(label="دستگاه", queryset=scoped(Agency), empty_label="همه دستگاه‌ها")
    axis = django_filters.ModelChoiceFilter(label="محور", field_name="service__axis", queryset=ServiceAxis.objects.all(),
                                            empty_label="همه محورها")
    service = django_filters.ModelChoiceFilter(label="خدمت", queryset=scoped(Service), empty_label="همه خدمات")
    county = django_filters.ModelChoiceFilter(label="شهرستان", field_name="counties", queryset=scoped(County),
                                              empty_label="همه شهرستان‌ها")
    period = django_filters.ChoiceFilter(label="دوره", choices=Period.choices, empty_label="همه دوره‌ها")

    class Meta:
        model = AgencyService
        fields = ["q", "agency", "axis", "service", "county", "period"]
