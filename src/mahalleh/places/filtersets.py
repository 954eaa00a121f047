import django_filters
from django import forms

from mahalleh.core.filtersets import ScopedFilterSet, scoped
from mahalleh.places.models import County, Neighborhood


class NeighborhoodFilterSet(ScopedFilterSet):
    search_fields = ("name_normalized", "county__name_normalized", "city__name_normalized")
    county = django_filters.ModelChoiceFilter(label="شهرستان", queryset=scoped(County, "province"), empty_label="همه شهرستان‌ها")
    is_target = django_filters.BooleanFilter(
        label="محله هدف", widget=forms.Select(choices=[("", "همه"), ("true", "هدف"), ("false", "غیرهدف")]),
    )

    class Meta:
        model = Neighborhood
        fields = ["q", "county", "is_target"]
