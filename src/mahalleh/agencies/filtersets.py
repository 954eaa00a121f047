import django_filters
from django.db.models import Q, QuerySet

from mahalleh.agencies.models import Agency, AgencyKind, AgencyLevel, ServiceAxis
from mahalleh.core.filtersets import ScopedFilterSet, search


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
