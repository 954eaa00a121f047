"""Generic, scoped views: every app declares its list/detail/edit pages over these.

Lists and details read through ``restrict(user, VIEW)``; edits through ``restrict(user, CHANGE)``;
anything out of scope is a 404. Edits are saved by ``core.services.save_form`` in one transaction,
and the audit signals record them with the request's user.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View
from django.views.generic import DetailView

from mahalleh.core.audit import history
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, can, get_scoped_or_404
from mahalleh.core.services import ConflictError, DomainError, save_form

__all__ = ["ScopedDetailView", "ScopedEditView", "ScopedListView"]


class ScopedDetailView(LoginRequiredMixin, DetailView):
    history_limit = 50

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        qs = queryset if queryset is not None else self.get_queryset()
        return get_scoped_or_404(qs, self.request.user, VIEW, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["history"] = history(self.object)[: self.history_limit]
        ctx["can_change"] = can(self.request.user, CHANGE, self.object)
        return ctx


class ScopedEditView(LoginRequiredMixin, View):
    """Create (no pk) or update (pk) through a ModelForm; optimistic locking when the form has ``version``."""

    queryset: ClassVar[QuerySet]
    form_class: ClassVar[type]
    template_name = "core/object_form.html"
    success_message = "تغییرات ذخیره شد."

    def get_instance(self) -> Model | None:
        if "pk" not in self.kwargs:
            return None
        return get_scoped_or_404(self.queryset, self.request.user, CHANGE, pk=self.kwargs["pk"])

    def get_form(self, instance: Model | None, data: Any = None, files: Any = None) -> Any:
        return self.form_class(data, files, instance=instance, user=self.request.user)

    def render_form(self, form: Any, instance: Model | None, status: int = 200) -> HttpResponse:
        ctx = {"form": form, "object": instance, "model_meta": self.queryset.model._meta}
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        return self.render_form(self.get_form(instance), instance)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = self.get_form(instance, request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, instance, status=400)
        try:
            obj = save_form(form=form, actor=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
            return self.render_form(form, instance, status=409 if isinstance(exc, ConflictError) else 400)
        messages.success(request, self.success_message)
        return HttpResponseRedirect(obj.get_absolute_url())  # type: ignore[attr-defined]
