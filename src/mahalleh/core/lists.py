"""The one generic list page: scoped rows, a filter set, a sortable table, pages, exports and print.

An app declares a list as a queryset, a filter set and a table::

    class NeighborhoodList(ScopedListView):
        queryset = Neighborhood.objects.select_related("county", "city")
        filterset_class = NeighborhoodFilterSet
        table_class = NeighborhoodTable
        export_name = "neighborhoods"

The rows are ``queryset.restrict(user, VIEW)``; the filter set's choices are scoped the same way.
``?sort=`` orders by a column, ``?page=`` pages (a page that is not a number or out of range shows
page 1, not a 404), ``?export=csv|xlsx`` writes every filtered row (``core.exports``) and ``?print=1``
shows them all on a page laid out for paper.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from django_tables2 import RequestConfig

from mahalleh.core.exports import FORMATS, export_response
from mahalleh.core.filtersets import ScopedFilterSet, filter_queryset
from mahalleh.core.scoping import CHANGE, VIEW, ScopedQuerySet
from mahalleh.core.tables import ScopedTable
from mahalleh.core.templatetags.persian import fa_int

# Exports and print read every row at once; past this the user is asked to narrow the list.
MAX_EXPORT_ROWS = 20_000


class ScopedListView(LoginRequiredMixin, View):
    queryset: ClassVar[QuerySet[Any]]
    filterset_class: ClassVar[type[ScopedFilterSet]]
    table_class: ClassVar[type[ScopedTable]]
    export_name: ClassVar[str] = "list"  # the export file's name, ASCII
    template_name = "core/object_list.html"
    print_template_name = "core/object_list_print.html"
    paginate_by = 50
    max_export_rows = MAX_EXPORT_ROWS
    mark_editable = False  # set ``table.editable`` (the page's rows the user may change) for ``EditLinkColumn``

    def base_queryset(self) -> QuerySet[Any]:
        return self.queryset.all()

    def get_queryset(self) -> QuerySet[Any]:
        scoped = cast(ScopedQuerySet[Any], self.base_queryset())  # a list is only of a scoped model
        return scoped.restrict(self.request.user, VIEW)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return kwargs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filterset, rows = filter_queryset(self.filterset_class, request.GET, self.get_queryset(), request)
        table = self.table_class(rows)
        RequestConfig(request, paginate=False).configure(table)  # ?sort=
        fmt = request.GET.get("export")
        printing = request.GET.get("print") == "1"
        if fmt in FORMATS or printing:
            count = rows.count()
            if count <= self.max_export_rows:
                if fmt in FORMATS:
                    title = str(rows.model._meta.verbose_name_plural)
                    return export_response(table.as_values(), fmt=fmt, title=title, filename=self.export_name)
                table.printing = True
                return self.render_page(table, filterset, self.print_template_name)
            messages.error(request, f"این فهرست {fa_int(count)} ردیف دارد؛ برای خروجی یا چاپ حداکثر "
                                    f"{fa_int(self.max_export_rows)} ردیف را با فیلتر جدا کنید.")
        paginate(table, request.GET.get("page"), self.paginate_by)
        return self.render_page(table, filterset, self.template_name)

    def render_page(self, table: ScopedTable, filterset: ScopedFilterSet, template: str) -> HttpResponse:
        query = self.request.GET.copy()
        for key in ("page", "export", "print"):
            query.pop(key, None)
        page = getattr(table, "page", None)
        rows = page.object_list if page is not None else table.rows  # the template iterates these same rows
        if self.mark_editable:  # the rows of this page the user may change, in one query
            pks = [row.record.pk for row in rows]
            table.editable = set(self.get_queryset().model.objects.restrict(self.request.user, CHANGE)
                                 .filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()
        ctx = self.get_context_data(
            table=table,
            object_list=[row.record for row in rows],
            filter_form=filterset.form,
            filters_active=any(self.request.GET.get(name) for name in filterset.filters),
            model_meta=table.data.model._meta,
            page_obj=page,
            query_string=query.urlencode(),
        )
        return render(self.request, template, ctx)


def paginate(table: ScopedTable, page: str | None, per_page: int) -> None:
    """Show ``page``; anything that is not one of the list's pages shows page 1."""
    try:
        table.paginate(page=int(page or 1), per_page=per_page)
    except (ValueError, PageNotAnInteger, EmptyPage):
        table.paginate(page=1, per_page=per_page)
