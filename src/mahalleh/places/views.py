from typing import Any

from django.db.models import Count

from mahalleh.core.audit import record_denied_read
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, get_scoped_or_404
from mahalleh.core.views import ScopedDetailView, ScopedEditView
from mahalleh.places.filtersets import NeighborhoodFilterSet
from mahalleh.places.forms import ContactForm, NeighborhoodForm
from mahalleh.places.models import Neighborhood, NeighborhoodContact, NeighborhoodNeed, NeighborhoodPerson
from mahalleh.places.privacy import people_counts
from mahalleh.places.services import contact_save, neighborhood_save
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
        ctx["editable_contacts"] = set(
            NeighborhoodContact.objects.restrict(user, CHANGE).filter(neighborhood=self.object).values_list("pk", flat=True)
        )
        withheld = NeighborhoodContact.objects.filter(neighborhood=self.object).count() - len(contacts)
        if withheld > 0:
            record_denied_read(self.object, what="contacts", hidden=withheld)
        # The lists: how many are on each (no names), for whoever reads the neighborhood.
        people = people_counts(self.object.pk)
        needs = dict(self.object.needs.values_list("kind").annotate(n=Count("pk")).order_by())
        ctx["lists"] = [(k, label, people.get(k, 0), "places:people") for k, label in NeighborhoodPerson.Kind.choices] + [
            (k, label, needs.get(k, 0), "places:needs") for k, label in NeighborhoodNeed.Kind.choices]
        ctx["documents"] = self.object.documents.count()
        ctx["resolutions"] = (
            self.object.resolutions.restrict(user, VIEW)
            .select_related("meeting__body").order_by("-meeting__date")[:20]
        )
        return ctx


class NeighborhoodEdit(ScopedEditView):
    queryset = Neighborhood.objects.all()
    form_class = NeighborhoodForm
    service = staticmethod(neighborhood_save)


class ContactEdit(ScopedEditView):
    """A person in one of the neighborhood's roles: kept by its local roles and by the province."""

    queryset = NeighborhoodContact.objects.select_related("neighborhood")
    form_class = ContactForm
    service = staticmethod(contact_save)

    def get_success_url(self, result: Any) -> str:
        return str(result.neighborhood.get_absolute_url())


class ContactCreate(ContactEdit):
    def load(self) -> None:
        self.object = None
        self.neighborhood = get_scoped_or_404(Neighborhood.objects.all(), self.request.user, CHANGE,
                                              pk=self.kwargs["neighborhood_pk"])

    def get_form(self, data: Any = None, files: Any = None) -> Any:
        return self.form_class(data, files, instance=NeighborhoodContact(neighborhood=self.neighborhood),
                               user=self.request.user)
