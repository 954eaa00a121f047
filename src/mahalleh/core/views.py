"""Generic, scoped views: every app declares its list/detail/edit pages over these.

Lists and details read through ``restrict(user, VIEW)``; edits through ``restrict(user, CHANGE)``;
anything out of scope is a 404. ``ServiceFormView`` is every action page: a form, one service call,
the domain error on the form. Edits are saved by one service in one transaction (``save_form`` or a
named one), and the audit signals record them with the request's user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import DetailView
from django_htmx.http import HttpResponseClientRedirect

from mahalleh.core.audit import history
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, can, get_scoped_or_404
from mahalleh.core.services import ConflictError, DomainError, save_form

__all__ = ["ScopedDetailView", "ScopedEditView", "ScopedListView"]

M = TypeVar("M", bound=Model)


def post_action(request: HttpRequest, back: Any, form: Any, perform: Callable[[dict[str, Any]], object],
                done: str | Callable[[object], str]) -> HttpResponse:
    """One small POST action of an object's page (a problem's, a desk's, a campaign's): validate the form,
    make the one service call, back to ``back``'s page with the Persian message (the form's errors or the
    service's refusal)."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    try:
        result = perform(form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message_fa)
        return redirect(back)
    messages.success(request, done(result) if callable(done) else done)
    return redirect(back)


class ScopedDetailView(LoginRequiredMixin, DetailView[M]):
    history_limit = 50

    def get_object(self, queryset: QuerySet[M] | None = None) -> M:
        qs = queryset if queryset is not None else self.get_queryset()
        return get_scoped_or_404(qs, self.request.user, VIEW, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["history"] = history(self.object)[: self.history_limit]
        ctx["can_change"] = can(self.request.user, CHANGE, self.object)
        return ctx


class ServiceFormView(LoginRequiredMixin, View):
    """An action page: GET renders the form; POST validates it, makes ONE service call (``perform``) and
    redirects with ``success_message``. A ``DomainError`` is shown on the form (409 for a conflict, 400
    otherwise). Under htmx the form is re-rendered as ``partial_template_name`` and success answers
    with ``HX-Redirect``.

    Subclasses load their scoped objects in ``load`` (404 when out of scope), give the form's
    arguments in ``get_form_kwargs`` and call the service in ``perform``.
    """

    form_class: ClassVar[type]
    template_name: str
    partial_template_name: str | None = None
    success_message = "تغییرات ذخیره شد."

    def load(self) -> None:
        """Fetch the objects named by the URL (``self.kwargs``) through the scope; called first."""

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_form(self, data: Any = None, files: Any = None) -> Any:
        return self.form_class(data, files, **self.get_form_kwargs())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return kwargs

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def get_success_url(self, result: Any) -> str:
        return str(result.get_absolute_url())

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        htmx = getattr(self.request, "htmx", False)
        template = self.partial_template_name if htmx and self.partial_template_name else self.template_name
        return render(self.request, template, self.get_context_data(form=form), status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        return self.render_form(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            result = self.perform(form)
        except DomainError as exc:
            form.add_error(None, exc.message_fa)
            return self.render_form(form, status=409 if isinstance(exc, ConflictError) else 400)
        if self.success_message:
            messages.success(request, self.success_message)
        url = self.get_success_url(result)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)


class ScopedEditView(ServiceFormView):
    """Create (no pk) or update (pk) through a ModelForm saved by ``service`` (``save_form`` unless the
    model has rules of its own): optimistic locking when the form has ``version``, the create made once
    per form key and refused when the new object would lie outside the user's scope."""

    queryset: ClassVar[QuerySet[Model]]
    template_name = "core/object_form.html"
    service: ClassVar[Any] = staticmethod(save_form)

    def load(self) -> None:
        self.object: Model | None = None
        if "pk" in self.kwargs:
            self.object = get_scoped_or_404(self.queryset, self.request.user, CHANGE, pk=self.kwargs["pk"])

    def get_form(self, data: Any = None, files: Any = None) -> Any:
        return self.form_class(data, files, instance=self.object, user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"object": self.object, "model_meta": self.queryset.model._meta, **kwargs}

    def perform(self, form: Any) -> Model:
        key = form.cleaned_data.get(KEY_FIELD) if self.object is None else None
        saved: Model = self.service(form=form, actor=self.request.user, idempotency_key=key)
        return saved
