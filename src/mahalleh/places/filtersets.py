from django import forms

from mahalleh.core.filtering import FilterSet
from mahalleh.places.models import County


class NeighborhoodFilterForm(forms.Form):
    q = forms.CharField(label="جستجو", required=False)
    county = forms.ModelChoiceField(label="شهرستان", queryset=County.objects.none(), required=False, empty_label="همه شهرستان‌ها")
    is_target = forms.NullBooleanField(
        label="محله هدف", required=False,
        widget=forms.Select(choices=[("", "همه"), ("true", "هدف"), ("false", "غیرهدف")]),
    )


class NeighborhoodFilterSet(FilterSet):
    form_class = NeighborhoodFilterForm
    search_fields = ("name_normalized", "county__name_normalized", "city__name_normalized")

    def setup_form(self) -> None:
        self.form.fields["county"].queryset = County.objects.restrict(self.user).select_related("province")  # type: ignore[attr-defined]
