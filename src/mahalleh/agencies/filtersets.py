from django import forms
from django.db.models import Q, QuerySet

from mahalleh.agencies.models import AgencyKind, AgencyLevel, ServiceAxis
from mahalleh.core.filtering import FilterSet, search


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label="جستجو", required=False)
    kind = forms.ChoiceField(label="نوع", choices=[("", "همه انواع"), *AgencyKind.choices], required=False)
    level = forms.ChoiceField(label="سطح", choices=[("", "همه سطوح"), *AgencyLevel.choices], required=False)
    axis = forms.ModelChoiceField(label="محور", queryset=ServiceAxis.objects.all(), required=False, empty_label="همه محورها")


class AgencyFilterSet(FilterSet):
    form_class = AgencyFilterForm

    def filter_q(self, qs: QuerySet, value: str) -> QuerySet:
        # A name as written in minutes finds the agency through its aliases too.
        by_name = search(qs, value, ("name_normalized", "short_name"))
        by_alias = search(qs, value, ("aliases__name_normalized",))
        return qs.filter(Q(pk__in=by_name.values("pk")) | Q(pk__in=by_alias.values("pk")))

    def filter_axis(self, qs: QuerySet, value: ServiceAxis) -> QuerySet:
        return qs.filter(axes=value)
