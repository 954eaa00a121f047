"""The matching pages (issue 12, item 5): needs, adopted allocations, the gap table and the suggestion."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.agencies.forms import ServiceNeedForm
from mahalleh.agencies.models import Allocation, Period, ServiceNeed
from mahalleh.agencies.services import service_need_save
from mahalleh.agencies.views import CreateOnceMixin
from mahalleh.core.exports import FORMATS, export_response
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, scope_of
from mahalleh.core.services import DomainError
from mahalleh.core.views import ScopedEditView
from mahalleh.places.models import Neighborhood
from mahalleh.reports import matching
from mahalleh.reports.matching_tables import (
    AllocationFilterSet,
    AllocationTable,
    ServiceNeedFilterSet,
    ServiceNeedTable,
    with_counted,
)


def _period_context(period: matching.PlanPeriod) -> dict[str, Any]:
    return {"period": period, "horizons": Period.choices, "seasons": matching.SEASONS, "months": matching.MONTHS}


class NeedList(ScopedListView):
    queryset = with_counted(ServiceNeed.objects.select_related("neighborhood__county", "service__axis"))
    filterset_class = ServiceNeedFilterSet
    table_class = ServiceNeedTable
    export_name = "service-needs"
    mark_editable = True  # the service links to its edit page for whoever may change it
    template_name = "reports/matching/needs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        may = Neighborhood.objects.restrict(self.request.user, CHANGE).exists()
        return {**kwargs, "may_enter": may}


class NeedEdit(CreateOnceMixin, ScopedEditView):
    queryset = ServiceNeed.objects.select_related("neighborhood", "service")
    form_class = ServiceNeedForm
    service = staticmethod(service_need_save)
    success_message = "نیاز محله ذخیره شد."

    def load(self) -> None:
        super().load()
        if self.object is None and not Neighborhood.objects.restrict(self.request.user, CHANGE).exists():
            raise Http404  # records needs for no neighborhood: no form to show

    def get_success_url(self, result: Any) -> str:
        return reverse("reports:needs")


class AllocationList(ScopedListView):
    queryset = Allocation.objects.select_related("neighborhood", "service", "capacity__agency")
    filterset_class = AllocationFilterSet
    table_class = AllocationTable
    export_name = "allocations"


@login_required
def gaps(request: HttpRequest) -> HttpResponse:
    """Neighborhood × axis: each service's need (baseline, entered, counted from open problems), what the
    adopted allocation of the period gives it, and the gap; each number links to the rows it counts."""
    province = matching.province_for(request.user, request.GET.get("province"))
    if province is None:
        raise Http404
    period = matching.PlanPeriod.from_query(request.GET)
    rows = matching.gap_table(request.user, province, period)
    fmt = request.GET.get("export")
    if fmt in FORMATS:  # the same lines as the page, one row each (Excel's first sheet right to left)
        header = ["محله", "شهرستان", "محور", "خدمت", "واحد", "خط پایه و ثبت‌شده", "از مشکلات باز", "نیاز", "تخصیص", "شکاف"]
        lines = [[r.neighborhood.name, r.neighborhood.county.name, r.axis.name, line.service.name,
                  line.service.get_unit_display(), line.need.baseline + line.need.entered, line.need.counted,
                  line.need.total, line.allocated, line.gap] for r in rows for line in r.lines]
        return export_response([header, *lines], fmt=fmt, title="جدول شکاف خدمات", filename="service-gaps")
    totals = {"need": sum(line.need.total for r in rows for line in r.lines),
              "allocated": sum(line.allocated for r in rows for line in r.lines),
              "gap": sum(line.gap for r in rows for line in r.lines)}
    return render(request, "reports/matching/gaps.html", {
        "province": province, "provinces": matching.provinces_of(request.user), "rows": rows, "totals": totals,
        **_period_context(period),
    })


@login_required
def allocation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The suggested allocation of the province's capacities for a period (objective, bound, what stays
    unmet and why); the secretariat adopts it here (POST), replacing the period's earlier adoption."""
    from mahalleh.reports.services_matching import suggestion_adopt

    data = request.POST if request.method == "POST" else request.GET
    province = matching.province_for(request.user, data.get("province"))
    if province is None:
        raise Http404
    period = matching.PlanPeriod.from_query(data)
    may_adopt = scope_of(request.user).decides_for_province(province.pk)
    if request.method == "POST":
        if not may_adopt:
            raise Http404
        try:
            key = uuid.UUID(request.POST.get("idempotency_key", ""))
        except ValueError:
            key = None
        try:
            suggestion_adopt(province=province, period=period, fingerprint=request.POST.get("fingerprint", ""),
                             actor=request.user, idempotency_key=key)
        except DomainError as exc:
            messages.error(request, exc.message_fa)
        else:
            messages.success(request, f"تخصیص پیشنهادی {period.label} تصویب شد و جای تخصیص پیشین این دوره را گرفت.")
        return redirect(f"{reverse('reports:allocation')}?province={province.pk}&{period.query()}")
    suggestion = matching.suggest_for(province, period)
    visible = set(Neighborhood.objects.restrict(request.user, VIEW).filter(county__province=province)
                  .values_list("pk", flat=True))
    lines = [line for line in suggestion.lines() if line["neighborhood"].pk in visible]
    unmet = [u for u in suggestion.unmet() if u["neighborhood"].pk in visible]
    adopted = Allocation.objects.filter(province=province, year=period.year, horizon=period.horizon,
                                        part=period.part).order_by("-adopted_at").first()
    return render(request, "reports/matching/allocation.html", {
        "province": province, "provinces": matching.provinces_of(request.user), "suggestion": suggestion,
        "lines": lines, "unmet": unmet, "may_adopt": may_adopt, "key": uuid.uuid4(), "adopted": adopted,
        **_period_context(period),
    })


