from typing import Any

from mahalleh.agencies.filtersets import AgencyFilterSet
from mahalleh.agencies.forms import AgencyForm
from mahalleh.agencies.models import Agency
from mahalleh.agencies.tables import AgencyTable
from mahalleh.core.lists import ScopedListView
from mahalleh.core.views import ScopedDetailView, ScopedEditView


class AgencyList(ScopedListView):
    queryset = Agency.objects.select_related("county", "parent").prefetch_related("axes")
    filterset_class = AgencyFilterSet
    table_class = AgencyTable
    export_name = "agencies"


class AgencyDetail(ScopedDetailView):
    model = Agency
    queryset = Agency.objects.select_related("province", "county", "parent").prefetch_related("axes", "aliases", "branches")
    template_name = "agencies/agency_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["bodies"] = self.object.bodies.all()
        return ctx


class AgencyEdit(ScopedEditView):
    queryset = Agency.objects.all()
    form_class = AgencyForm
