from typing import Any

from django import forms

from mahalleh.core.forms import ModelEditFormMixin, limit_choices
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import VIEW
from mahalleh.core.views import ScopedDetailView, ScopedEditView
from mahalleh.meetings.filtersets import BodyFilterSet
from mahalleh.meetings.models import Body
from mahalleh.meetings.services import body_save
from mahalleh.meetings.tables import BodyTable


class BodyForm(ModelEditFormMixin, forms.ModelForm[Body]):
    class Meta:
        model = Body
        fields = ["name", "kind", "province", "county", "parent", "chair_title", "secretariat", "cadence"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mahalleh.agencies.models import Agency
        from mahalleh.places.models import County, Province

        if self.instance.pk:
            del self.fields["province"]  # a body does not move province; a new one is placed in one
        else:
            limit_choices(self, "province", Province.objects.restrict(user))
        limit_choices(self, "county", County.objects.restrict(user))
        limit_choices(self, "parent", Body.objects.restrict(user).exclude(pk=self.instance.pk))
        limit_choices(self, "secretariat", Agency.objects.restrict(user))


class BodyList(ScopedListView):
    queryset = Body.objects.select_related("province", "county", "parent")
    filterset_class = BodyFilterSet
    table_class = BodyTable
    export_name = "bodies"


class BodyDetail(ScopedDetailView[Body]):
    model = Body
    queryset = Body.objects.select_related("province", "county", "parent", "secretariat")
    template_name = "meetings/body_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = self.object.memberships.select_related("agency").order_by("role", "agency__name")
        ctx["meetings"] = self.object.meetings.restrict(self.request.user, VIEW).order_by("-date")[:20]
        ctx["children"] = self.object.children.restrict(self.request.user, VIEW)
        return ctx


class BodyEdit(ScopedEditView):
    queryset = Body.objects.all()
    form_class = BodyForm
    service = staticmethod(body_save)
