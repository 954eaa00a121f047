"""Filter sets shared by the pages and the API (django-filter), scoped to the user who asks.

An app declares ``<Model>FilterSet(ScopedFilterSet)`` in its ``filtersets.py``: the ``q`` search over
normalized fields (``search_fields`` or its own ``search`` method) comes with the base, and every choice
of another model is declared with ``scoped(Model)`` so the form offers only what the user may see.
The list page and the app's API endpoint both call ``filter_queryset`` with the same class.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar, cast

import django_filters
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from mahalleh.core.forms import JalaliDateField
from mahalleh.core.scoping import VIEW, ScopedQuerySet
from mahalleh.core.text import normalize

M = TypeVar("M", bound=Model)


def search(qs: QuerySet[M], text: str, fields: tuple[str, ...]) -> QuerySet[M]:
    """Every word of the normalized query must appear in one of the (normalized) fields."""
    for word in normalize(text).split():
        cond = Q()
        for field in fields:
            cond |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(cond)
    return qs


def scoped(model: type[M], *related: str) -> Callable[[HttpRequest | None], QuerySet[M]]:
    """Choices for a ``ModelChoiceFilter``: the rows of ``model`` the request's user may see."""

    def choices(request: HttpRequest | None) -> QuerySet[M]:
        user = getattr(request, "user", None)
        qs = cast(ScopedQuerySet[M], model._default_manager.all()).restrict(user, VIEW)
        return qs.select_related(*related) if related else qs

    return choices


class JalaliDateFilter(django_filters.DateFilter):
    """A date typed as a Jalali date (Persian or Latin digits)."""

    field_class = JalaliDateField


class ScopedFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="جستجو", method="search")
    search_fields: ClassVar[tuple[str, ...]] = ("name_normalized",)

    def search(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search(qs, value, self.search_fields)


def filter_queryset(
    filterset_class: type[ScopedFilterSet], data: Mapping[str, Any] | None, queryset: QuerySet[M], request: HttpRequest
) -> tuple[ScopedFilterSet, QuerySet[M]]:
    """The filter set bound to ``data`` and its rows; a filter that does not validate matches nothing
    (a mistyped date must not quietly show everything)."""
    filterset = filterset_class(data or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, queryset.none()
    rows: QuerySet[M] = filterset.qs
    return filterset, rows


def api_data(filters: Any) -> dict[str, str]:
    """A ninja ``Query`` schema as the GET data a filter set reads (booleans as ``true``/``false``)."""
    data = {}
    for key, value in filters.dict().items():
        if value is None or value == "":
            continue
        data[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return data
