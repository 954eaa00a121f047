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
from django import forms
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja.errors import HttpError

from mahalleh.core.forms import JalaliDateField
from mahalleh.core.scoping import VIEW, ScopedQuerySet
from mahalleh.core.templatetags.persian import fa_int
from mahalleh.core.text import normalize

M = TypeVar("M", bound=Model)

# The largest id a database's bigint holds; a larger one in a filter is refused, not sent to the database.
MAX_ID = 2**63 - 1


def search_words(text: str) -> list[str]:
    """The words of a query, normalized; at most ``SEARCH_MAX_WORDS`` of them. The search field refuses a
    longer query with a message; the cut only keeps a caller that skips the field from building a query
    of thousands of conditions (each word is one more ``LIKE`` over every field)."""
    return normalize(text[: settings.SEARCH_MAX_LENGTH]).split()[: settings.SEARCH_MAX_WORDS]


def search(qs: QuerySet[M], text: str, fields: tuple[str, ...]) -> QuerySet[M]:
    """Every word of the normalized query must appear in one of the (normalized) fields."""
    for word in search_words(text):
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
    """A date typed as a Jalali date (Persian or Latin digits), within the years a form takes."""

    field_class = JalaliDateField


class SearchField(forms.CharField):
    """A search query of at most ``SEARCH_MAX_WORDS`` words and ``SEARCH_MAX_LENGTH`` characters."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", str(settings.SEARCH_MAX_LENGTH))

    def validate(self, value: Any) -> None:
        super().validate(value)
        max_words, max_length = settings.SEARCH_MAX_WORDS, settings.SEARCH_MAX_LENGTH
        if len(value) > max_length or len(normalize(value).split()) > max_words:
            raise forms.ValidationError(
                f"جستجو حداکثر {fa_int(max_words)} واژه و {fa_int(max_length)} نویسه می‌پذیرد؛ "
                f"عبارت را کوتاه‌تر کنید.", code="search_too_long")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class IdFilter(django_filters.NumberFilter):
    """An id as a whole number 1..2⁶³−1 (a larger one would overflow the database's bigint)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ScopedFilterSet(django_filters.FilterSet):
    q = SearchFilter(label="جستجو", method="search")
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


def api_filter_queryset(
    filterset_class: type[ScopedFilterSet], filters: Any, queryset: QuerySet[M], request: HttpRequest
) -> QuerySet[M]:
    """``filter_queryset`` for an API list: a filter that does not validate (a search too long, a date
    out of range, a choice the user may not see) is a 400 with the form's Persian messages, where the
    page shows the same messages on its filter form."""
    filterset, rows = filter_queryset(filterset_class, api_data(filters), queryset, request)
    if filterset.is_bound and not filterset.is_valid():
        form = filterset.form
        messages = [f"{form[name].label}: {error}" if name in form.fields else str(error)
                    for name, errors in form.errors.items() for error in errors]
        raise HttpError(400, "؛ ".join(messages))
    return rows


def api_data(filters: Any) -> dict[str, str]:
    """A ninja ``Query`` schema as the GET data a filter set reads (booleans as ``true``/``false``)."""
    data = {}
    for key, value in filters.dict().items():
        if value is None or value == "":
            continue
        data[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return data
