from __future__ import annotations

import django_filters

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.filtersets import ScopedFilterSet, scoped
from mahalleh.places.models import Neighborhood
from mahalleh.reports.models import Indicator, IndicatorValue


class IndicatorValueFilterSet(ScopedFilterSet):
    search_fields = ("indicator__name", "neighborhood__name_normalized", "note")
    neighborhood = django_filters.ModelChoiceFilter(label="محله", queryset=scoped(Neighborhood, "county"), empty_label="همه محلات")
    axis = django_filters.ModelChoiceFilter(label="محور", field_name="indicator__axis", queryset=ServiceAxis.objects.all(),
                                            empty_label="همه محورها")
    indicator = django_filters.ModelChoiceFilter(label="شاخص", queryset=Indicator.objects.filter(is_active=True),
                                                 empty_label="همه شاخص‌ها")
    kind = django_filters.ChoiceFilter(label="نوع", choices=IndicatorValue.Kind.choices, empty_label="همه")

    class Meta:
        model = IndicatorValue
        fields = ["q", "neighborhood", "axis", "indicator", "kind"]
