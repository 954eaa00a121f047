from typing import Any

from mahalleh.core.audit import record_denied_read
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import VIEW
from mahalleh.core.views import ScopedDetailView, ScopedEditView
from mahalleh.places.filtersets import NeighborhoodFilterSet
from mahalleh.places.forms import NeighborhoodForm
from mahalleh.places.models import Neighborhood, NeighborhoodContact
from mahalleh.places.services import neighborhood_save
from mahalleh.places.tables import NeighborhoodTable


class NeighborhoodList(ScopedListView):
    queryset = Neighborhood.objects.select_related("county", "city")
    filterset_class = NeighborhoodFilterSet
    table_class = NeighborhoodTable
    export_name = "neighborhoods"


class NeighborhoodDetail(ScopedDetailView[Neighborhood]):
    model = Neighborhood
    queryset = Neighborhood.objects.select_related("county__province", "city", "target_announcement__body")
    template_name = "places/neighborhood_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        # Personal data: only roles that need it, through the same scoping as everything else.
        user = self.request.user
        ctx["contacts"] = contacts = list(NeighborhoodContact.objects.restrict(user, VIEW).filter(neighborhood=self.object))
        withheld = NeighborhoodContact.objects.filter(neighborhood=self.object).count() - len(contacts)
        if withheld > 0:
            record_denied_read(self.object, what="contacts", hidden=withheld)
        ctx["resolutions"] = (
            self.object.resolutions.restrict(user, VIEW)
            .select_related("meeting__body").order_by("-meeting__date")[:20]
        )
        return ctx


class NeighborhoodEdit(ScopedEditView):
    queryset = Neighborhood.objects.all()
    form_class = NeighborhoodForm
    service = staticmethod(neighborhood_save)
