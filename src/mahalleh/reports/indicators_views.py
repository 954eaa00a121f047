"""The indicator pages: every value in the user's scope (with its exports), a neighborhood's series per
axis over time with its baseline and target, and recording or correcting a value."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, can, get_scoped_or_404
from mahalleh.core.views import ScopedEditView
from mahalleh.places.models import Neighborhood
from mahalleh.reports.indicators import neighborhood_series
from mahalleh.reports.indicators_filtersets import IndicatorValueFilterSet
from mahalleh.reports.indicators_forms import IndicatorValueForm
from mahalleh.reports.indicators_services import indicator_value_save
from mahalleh.reports.indicators_tables import IndicatorValueTable
from mahalleh.reports.models import Indicator, IndicatorValue


class IndicatorValueList(ScopedListView):
    queryset = IndicatorValue.objects.select_related("neighborhood", "indicator__axis")
    filterset_class = IndicatorValueFilterSet
    table_class = IndicatorValueTable
    export_name = "indicator-values"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        pks = [r.pk for r in kwargs["object_list"]]
        kwargs["table"].editable = set(IndicatorValue.objects.restrict(self.request.user, CHANGE)
                                       .filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()
        return kwargs


class NeighborhoodIndicators(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hood = get_scoped_or_404(Neighborhood.objects.select_related("county"), request.user, VIEW, pk=pk)
        return render(request, "reports/neighborhood_indicators.html", {
            "neighborhood": hood, "axes": neighborhood_series(hood, request.user),
            "can_record": can(request.user, CHANGE, hood)})


class IndicatorValueEdit(ScopedEditView):
    queryset = IndicatorValue.objects.select_related("neighborhood", "indicator")
    form_class = IndicatorValueForm
    service = staticmethod(indicator_value_save)
    template_name = "reports/indicator_value_form.html"

    def get_success_url(self, result: Any) -> str:
        from django.urls import reverse

        return reverse("reports:neighborhood_indicators", args=[result.neighborhood_id])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["neighborhood"] = self.object.neighborhood if self.object is not None else self.neighborhood  # type: ignore[attr-defined]
        return ctx


class IndicatorValueCreate(IndicatorValueEdit):
    def load(self) -> None:
        self.object = None
        self.neighborhood = get_scoped_or_404(Neighborhood.objects.all(), self.request.user, CHANGE,
                                              pk=self.kwargs["neighborhood_pk"])

    def get_form(self, data: Any = None, files: Any = None) -> Any:
        initial = {}
        wanted = self.request.GET.get("indicator", "")
        if wanted.isdigit() and Indicator.objects.filter(pk=wanted, is_active=True).exists():
            initial["indicator"] = int(wanted)
        return self.form_class(data, files, instance=IndicatorValue(neighborhood=self.neighborhood), initial=initial,
                               user=self.request.user)
