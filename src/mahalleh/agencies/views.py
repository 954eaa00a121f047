from typing import Any

from django.db.models import Prefetch, QuerySet

from mahalleh.agencies.filtersets import AgencyFilterSet
from mahalleh.agencies.forms import AgencyForm
from mahalleh.agencies.models import Agency, AgencyAlias
from mahalleh.agencies.services import agency_save
from mahalleh.agencies.tables import AgencyTable
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
