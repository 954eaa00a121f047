import django_filters
from django import forms

from mahalleh.core.filtersets import ScopedFilterSet, scoped
from mahalleh.places.models import (
    County,
    Neighborhood,
    NeighborhoodDocument,
    NeighborhoodNeed,
    NeighborhoodPerson,
)


class NeighborhoodFilterSet(ScopedFilterSet):
    search_fields = ("name_normalized", "county__name_normalized", "city__name_normalized")
    county = django_filters.ModelChoiceFilter(label="شهرستان", queryset=scoped(County, "province"), empty_label="همه شهرستان‌ها")
    is_target = django_filters.BooleanFilter(
        label="محله هدف", widget=forms.Select(choices=[("", "همه"), ("true", "هدف"), ("false", "غیرهدف")]),
    )

    class Meta:
        model = Neighborhood
        fields = ["q", "county", "is_target"]


class _ListFilterSet(ScopedFilterSet):
    neighborhood = django_filters.ModelChoiceFilter(label="محله", queryset=scoped(Neighborhood, "county"),
                                                    empty_label="همه محلات")


class PersonFilterSet(_ListFilterSet):
    search_fields = ("full_name", "field", "program", "note")
    age_group = django_filters.ChoiceFilter(label="گروه سنی", choices=NeighborhoodPerson.AgeGroup.choices, empty_label="همه")
    gender = django_filters.ChoiceFilter(label="جنسیت", choices=NeighborhoodPerson.Gender.choices, empty_label="همه")

    class Meta:
        model = NeighborhoodPerson
        fields = ["q", "neighborhood", "age_group", "gender"]


class NeedFilterSet(_ListFilterSet):
    search_fields = ("title", "location", "note")

    class Meta:
        model = NeighborhoodNeed
        fields = ["q", "neighborhood"]


class DocumentFilterSet(_ListFilterSet):
    search_fields = ("title", "summary")

    class Meta:
        model = NeighborhoodDocument
        fields = ["q", "neighborhood"]
