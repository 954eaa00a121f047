import uuid
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from mahalleh.agencies.filtersets import AgencyFilterSet, AgencyServiceFilterSet
from mahalleh.agencies.forms import AgencyForm, AgencyServiceForm, declarable_agencies
from mahalleh.agencies.models import Agency, AgencyAlias, AgencyService
from mahalleh.agencies.services import agency_save, agency_service_save
from mahalleh.agencies.tables import AgencyServiceTable, AgencyTable
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import VIEW
from mahalleh.core.services import DomainError, replayed
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


class CreateOnceMixin:
    """A create form resent with the key of one already saved is answered with that save's page before
    the form is validated again: the row it made would now fail the form's own uniqueness check."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "pk" not in self.kwargs:
            try:
                key = uuid.UUID(request.POST.get(KEY_FIELD, ""))
            except ValueError:
                key = None
            try:
                done = replayed(key, request.user) if key else None
            except DomainError as exc:
                messages.error(request, exc.message_fa)
                return HttpResponseRedirect(request.path)
            if done is not None:
                return HttpResponseRedirect(self.get_success_url(done))  # type: ignore[attr-defined]
        response: HttpResponse = super().post(request, *args, **kwargs)  # type: ignore[misc]
        return response


class AgencyServiceList(ScopedListView):
    queryset = AgencyService.objects.select_related("agency", "service__axis").prefetch_related("counties")
    filterset_class = AgencyServiceFilterSet
    table_class = AgencyServiceTable
    export_name = "agency-services"
    mark_editable = True  # the service links to its edit page for whoever may change it
    template_name = "agencies/capacities.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**kwargs, "may_declare": declarable_agencies(self.request.user).exists()}


class AgencyServiceEdit(CreateOnceMixin, ScopedEditView):
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
