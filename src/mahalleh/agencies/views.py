from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from mahalleh.agencies.filtersets import AgencyFilterSet, AgencyServiceFilterSet
from mahalleh.agencies.forms import AgencyForm, AgencyServiceForm, declarable_agencies
from mahalleh.agencies.models import Agency, AgencyAlias, AgencyService
from mahalleh.agencies.services import agency_save, agency_service_save
from mahalleh.agencies.tables import AgencyServiceTable, AgencyTable
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import VIEW
from mahalleh.core.views import ScopedDetailView, ScopedEditView


class AgencyList(ScopedListView):
    queryset = Agency.objects.select_related("county", "parent").prefetch_related("axes")
    filterset_class = AgencyFilterSet
    table_class = AgencyTable
    export_name = "agencies"


class AgencyDetail(ScopedDetailView[Agency]):
    model = Agency
    template_name = "agencies/agency_detail.html"

    def get_queryset(self) -> QuerySet[Agency]:
        # Related rows through the reader's scope too, not through the agency's.
        user = self.request.user
        qs = Agency.objects.select_related("province", "county", "parent").prefetch_related("axes")
        qs = qs.prefetch_related(Prefetch("aliases", AgencyAlias.objects.restrict(user, VIEW)))
        return qs.prefetch_related(Prefetch("branches", Agency.objects.restrict(user, VIEW)))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["bodies"] = self.object.bodies.restrict(self.request.user, VIEW)
        return ctx


class AgencyEdit(ScopedEditView):
    queryset = Agency.objects.all()
    form_class = AgencyForm
    service = staticmethod(agency_save)


# ---- capacities (issue 12, item 5): each agency's declared services


class AgencyServiceList(ScopedListView):
    queryset = AgencyService.objects.select_related("agency", "service__axis").prefetch_related("counties")
    filterset_class = AgencyServiceFilterSet
    table_class = AgencyServiceTable
    export_name = "agency-services"
    template_name = "agencies/capacities.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**kwargs, "may_declare": declarable_agencies(self.request.user).exists()}


class AgencyServiceEdit(ScopedEditView):
    queryset = AgencyService.objects.select_related("agency", "service")
    form_class = AgencyServiceForm
    service = staticmethod(agency_service_save)
    success_message = "ظرفیت خدمت ذخیره شد."

    def load(self) -> None:
        super().load()
        if self.object is None and not declarable_agencies(self.request.user).exists():
            raise Http404  # declares for no agency: no form to show

    def get_success_url(self, result: Any) -> str:
        return reverse("agencies:services")
