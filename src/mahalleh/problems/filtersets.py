import django_filters

from mahalleh.core.filtersets import ScopedFilterSet
from mahalleh.problems.models import Category, Problem, Source, Status


class ProblemFilterSet(ScopedFilterSet):
    # The description is searched as written for now (a normalized copy comes with the staff pages).
    search_fields = ("description", "tracking_code")
    status = django_filters.ChoiceFilter(label="وضعیت", choices=Status.choices, empty_label="همه وضعیت‌ها")
    category = django_filters.ModelChoiceFilter(label="دسته", queryset=Category.objects.all(), empty_label="همه دسته‌ها")
    source = django_filters.ChoiceFilter(label="منبع", choices=Source.choices, empty_label="همه منابع")

    class Meta:
        model = Problem
        fields = ["q", "status", "category", "source"]
