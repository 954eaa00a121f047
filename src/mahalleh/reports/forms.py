"""The dashboard's filter form: a Jalali period, a county, an axis and an agency, each among what the user sees."""

from __future__ import annotations

from typing import Any

from django import forms

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.forms import JalaliDateField
from mahalleh.core.scoping import VIEW
from mahalleh.places.models import County
from mahalleh.reports.dashboards import Filters


class DashboardFilterForm(forms.Form):
    date_from = JalaliDateField(label="از تاریخ", required=False)
    date_to = JalaliDateField(label="تا تاریخ", required=False)
    county = forms.ModelChoiceField(label="شهرستان", queryset=County.objects.none(), required=False,
                                    empty_label="همه شهرستان‌ها")
    axis = forms.ModelChoiceField(label="محور", queryset=ServiceAxis.objects.all(), required=False, empty_label="همه محورها")
    agency = forms.ModelChoiceField(label="دستگاه", queryset=Agency.objects.none(), required=False,
                                    empty_label="همه دستگاه‌ها")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = County.objects.restrict(user, VIEW).order_by("name")  # type: ignore[attr-defined]
        self.fields["agency"].queryset = Agency.objects.restrict(user, VIEW).order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("تاریخ آغاز دوره پس از تاریخ پایان آن است.", code="period")
        return data

    def filters(self) -> Filters:
        """The filters the form holds; none at all while any of it is invalid (the page says what is wrong)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        d = self.cleaned_data
        return Filters(date_from=d.get("date_from"), date_to=d.get("date_to"), county=d.get("county"),
                       axis=d.get("axis"), agency=d.get("agency"))
