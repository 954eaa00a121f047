"""The pages of the neighborhood's lists: each list (people, needs, documents) with its exports and print,
adding and editing a row, the Excel import with its row-by-row report, and the templates to fill."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from mahalleh.core import imports
from mahalleh.core.actors import Actor
from mahalleh.core.exports import FORMATS
from mahalleh.core.files import serve_file
from mahalleh.core.filtersets import filter_queryset
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.lists import ScopedListView
from mahalleh.core.registry import has_role
from mahalleh.core.scoping import CHANGE, VIEW, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.core.templatetags.persian import fa_int
from mahalleh.core.views import ScopedEditView
from mahalleh.places import sheets
from mahalleh.places.filtersets import DocumentFilterSet, NeedFilterSet, PersonFilterSet
from mahalleh.places.forms import DocumentForm, ListImportForm, NeedForm, PersonForm
from mahalleh.places.models import (
    ListImport,
    Neighborhood,
    NeighborhoodDocument,
    NeighborhoodNeed,
    NeighborhoodPerson,
)
from mahalleh.places.privacy import log_read
from mahalleh.places.services import ImportRejected, list_import, list_row_save
from mahalleh.places.tables import DocumentTable, NeedTable, PersonTable

KINDS: dict[str, str] = {**{k: str(v) for k, v in NeighborhoodPerson.Kind.choices},
                         **{k: str(v) for k, v in NeighborhoodNeed.Kind.choices}}


def kind_or_404(kind: str, choices: Any) -> str:
    if kind not in {value for value, _ in choices}:
        raise Http404
    return kind


class _KindList(ScopedListView):
    """A list of one kind (``kind`` in the URL), its rows' edit links for whoever may change them."""

    kinds: ClassVar[Any]
    create_route: ClassVar[str]
    people: ClassVar[bool] = False  # names and mobiles: the page says who reads them
    template_name = "places/list.html"

    def base_queryset(self) -> QuerySet[Any]:
        self.kind = kind_or_404(self.kwargs["kind"], self.kinds)
        return self.queryset.filter(kind=self.kind)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        table = kwargs["table"]
        pks = [r.pk for r in kwargs["object_list"]]
        table.editable = set(self.queryset.model.objects.restrict(self.request.user, CHANGE)
                             .filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()
        hood = self.request.GET.get("neighborhood", "")
        return {**kwargs, "kind": self.kind, "kind_label": KINDS[self.kind], "list_title": KINDS[self.kind],
                "neighborhood_pk": int(hood) if hood.isdigit() else None, "people": self.people,
                "create_route": self.create_route}


class PersonList(_KindList):
    """Names and mobiles: only for the roles ``NeighborhoodPerson.scope_q`` names, every read logged."""

    queryset = NeighborhoodPerson.objects.select_related("neighborhood")
    filterset_class = PersonFilterSet
    table_class = PersonTable
    export_name = "neighborhood-people"
    kinds = NeighborhoodPerson.Kind.choices
    create_route = "places:person_create"
    people = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        log_read(self.request.user, kwargs["object_list"], purpose="print" if self.request.GET.get("print") == "1" else "page")
        if self.kind != NeighborhoodPerson.Kind.REGISTRANT:
            kwargs["table"].columns.hide("program")
        return ctx

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if request.GET.get("export") in FORMATS and not response["Content-Type"].startswith("text/html"):
            _, rows = filter_queryset(self.filterset_class, request.GET, self.get_queryset(), request)
            log_read(request.user, rows.values_list("neighborhood_id", "kind"), purpose="export")
        return response


class NeedList(_KindList):
    queryset = NeighborhoodNeed.objects.select_related("neighborhood")
    filterset_class = NeedFilterSet
    table_class = NeedTable
    export_name = "neighborhood-needs"
    kinds = NeighborhoodNeed.Kind.choices
    create_route = "places:need_create"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if self.kind != NeighborhoodNeed.Kind.SCHOOL_SPACE:
            kwargs["table"].columns.hide("reference")
        return ctx


class DocumentList(ScopedListView):
    queryset = NeighborhoodDocument.objects.select_related("neighborhood")
    filterset_class = DocumentFilterSet
    table_class = DocumentTable
    export_name = "neighborhood-documents"
    template_name = "places/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        table = kwargs["table"]
        pks = [r.pk for r in kwargs["object_list"]]
        table.editable = set(NeighborhoodDocument.objects.restrict(self.request.user, CHANGE)
                             .filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()
        hood = self.request.GET.get("neighborhood", "")
        return {**kwargs, "list_title": "اسناد مسائل فرهنگی و اجتماعی محله", "kind": "",
                "neighborhood_pk": int(hood) if hood.isdigit() else None, "create_route": "places:document_create"}


def document_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('login')}?next={request.path}")
    document = get_scoped_or_404(NeighborhoodDocument.objects.all(), request.user, VIEW, pk=pk)
    if not document.file:
        raise Http404
    name = document.file.name.rsplit("/", 1)[-1]
    return serve_file(request, document.file, download_name=name)


class ListsHome(LoginRequiredMixin, View):
    """The lists in the user's scope, with how many rows each has (people: only for the roles that read them)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        people = dict(NeighborhoodPerson.objects.restrict(user, VIEW).values_list("kind").annotate(n=Count("pk")).order_by())
        needs = dict(NeighborhoodNeed.objects.restrict(user, VIEW).values_list("kind").annotate(n=Count("pk")).order_by())
        documents = NeighborhoodDocument.objects.restrict(user, VIEW).count()
        rows = [(k, label, people.get(k, 0), "places:people") for k, label in NeighborhoodPerson.Kind.choices]
        rows += [(k, label, needs.get(k, 0), "places:needs") for k, label in NeighborhoodNeed.Kind.choices]
        hoods = Neighborhood.objects.restrict(user, CHANGE).select_related("county")[:200]
        return render(request, "places/lists_home.html", {"rows": rows, "documents": documents, "hoods": hoods})


# ---- adding and editing a row ---------------------------------------------------------------------


class _RowEdit(ScopedEditView):
    """A row of a list, kept by its neighborhood's local roles and the province (``list_row_save``)."""

    service = staticmethod(list_row_save)
    template_name = "places/list_row_form.html"

    def get_success_url(self, result: Any) -> str:
        return str(result.get_absolute_url())


class _RowCreate(_RowEdit):
    kinds: ClassVar[Any] = None

    def load(self) -> None:
        self.object = None
        self.neighborhood = get_scoped_or_404(Neighborhood.objects.all(), self.request.user, CHANGE,
                                              pk=self.kwargs["neighborhood_pk"])
        self.kind = kind_or_404(self.kwargs["kind"], self.kinds) if self.kinds is not None else ""

    def new(self) -> Model:
        model: Any = self.queryset.model
        new: Model = model(neighborhood=self.neighborhood, **({"kind": self.kind} if self.kind else {}))
        return new

    def get_form(self, data: Any = None, files: Any = None) -> Any:
        return self.form_class(data, files, instance=self.new(), user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "neighborhood": self.neighborhood,
                "kind_label": KINDS.get(self.kind, "")}


class PersonEdit(_RowEdit):
    queryset = NeighborhoodPerson.objects.select_related("neighborhood")
    form_class = PersonForm

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if self.object is not None:  # the form shows one person's name and mobile: a read like any other
            log_read(request.user, [cast(NeighborhoodPerson, self.object)], purpose="edit")
        return response


class PersonCreate(_RowCreate, PersonEdit):
    kinds = NeighborhoodPerson.Kind.choices


class NeedEdit(_RowEdit):
    queryset = NeighborhoodNeed.objects.select_related("neighborhood")
    form_class = NeedForm


class NeedCreate(_RowCreate, NeedEdit):
    kinds = NeighborhoodNeed.Kind.choices


class DocumentEdit(_RowEdit):
    queryset = NeighborhoodDocument.objects.select_related("neighborhood")
    form_class = DocumentForm


class DocumentCreate(_RowCreate, DocumentEdit):
    pass


# ---- the Excel import --------------------------------------------------------------------------------


class ListImportView(LoginRequiredMixin, View):
    """Upload a filled template into one of the neighborhood's lists: checked row by row; all or nothing,
    or the good rows only, as the user chooses; a resent form imports once."""

    template_name = "places/list_import.html"

    def load(self, request: HttpRequest, pk: int, kind: str) -> None:
        self.neighborhood = get_scoped_or_404(Neighborhood.objects.all(), request.user, CHANGE, pk=pk)
        if kind not in KINDS:
            raise Http404
        self.kind = kind
        self.sheet = sheets.sheet_for(kind)

    def page(self, request: HttpRequest, form: ListImportForm, status: int = 200, **extra: Any) -> HttpResponse:
        runs = ListImport.objects.restrict(request.user, VIEW).filter(neighborhood=self.neighborhood, kind=self.kind)
        run_pk = request.GET.get("run", "")
        run = runs.filter(pk=run_pk).first() if run_pk.isdigit() else None
        list_route = "places:people" if sheets.is_people(self.kind) else "places:needs"
        ctx = {"form": form, "neighborhood": self.neighborhood, "kind": self.kind, "kind_label": KINDS[self.kind],
               "sheet": self.sheet, "runs": runs.select_related("actor")[:10], "run": run,
               "list_url": reverse(list_route, args=[self.kind]) + f"?neighborhood={self.neighborhood.pk}", **extra}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        self.load(request, pk, kind)
        return self.page(request, ListImportForm())

    def post(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        self.load(request, pk, kind)
        form = ListImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, form, status=400)
        upload = form.cleaned_data["file"]
        data = upload.read(imports.MAX_BYTES + 1)
        try:
            run = list_import(neighborhood=self.neighborhood, kind=self.kind, data=data, filename=upload.name or "",
                              keep_valid=form.cleaned_data["mode"] == ListImportForm.KEEP, actor=cast(Actor, request.user),
                              idempotency_key=form.cleaned_data.get(KEY_FIELD))
        except ImportRejected as exc:
            return self.page(request, ListImportForm(), status=400, rejected=exc.message_fa, report=exc.report)
        except DomainError as exc:
            form.add_error(None, exc.message_fa)
            return self.page(request, form, status=400)
        messages.success(request, f"{fa_int(run.created)} ردیف ثبت شد"
                                  + (f"؛ {fa_int(run.skipped)} ردیف نادرست کنار گذاشته شد." if run.skipped else "."))
        return HttpResponseRedirect(run.get_absolute_url())


class ListTemplate(LoginRequiredMixin, View):
    """The template of a list to fill in Excel: headers, an example row and the notes."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        sheet = sheets.sheet_for(kind)
        if sheet is None or not has_role(request.user):
            raise Http404
        response = HttpResponse(imports.template(sheet), content_type=imports.XLSX)
        response["Content-Disposition"] = f'attachment; filename="mahalleh-{kind}.xlsx"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
