from typing import Any

from django.db.models import QuerySet

from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import VIEW, scope_of
from mahalleh.core.views import ScopedDetailView, ScopedEditView
from mahalleh.places.filtersets import NeighborhoodFilterSet
from mahalleh.places.forms import NeighborhoodForm
from mahalleh.places.models import Neighborhood, NeighborhoodContact
from mahalleh.places.tables import NeighborhoodTable


class NeighborhoodList(ScopedListView):
    queryset = Neighborhood.objects.select_related("county", "city")
    filterset_class = NeighborhoodFilterSet
    table_class = NeighborhoodTable
    export_name = "neighborhoods"


class NeighborhoodDetail(ScopedDetailView):
    model = Neighborhood
    queryset = Neighborhood.objects.select_related("county__province", "city", "target_announced_by")
    template_name = "places/neighborhood_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        # Personal data: only roles that need it, through the same scoping as everything else.
        contacts: QuerySet = NeighborhoodContact.objects.restrict(self.request.user, VIEW).filter(neighborhood=self.object)
        ctx["contacts"] = list(contacts)
        ctx["contacts_allowed"] = self.object.contacts_visible_to(scope_of(self.request.user))
        ctx["resolutions"] = self.object.resolutions.select_related("meeting__body").order_by("-meeting__date")[:20]
        return ctx


class NeighborhoodEdit(ScopedEditView):
    queryset = Neighborhood.objects.all()
    form_class = NeighborhoodForm
