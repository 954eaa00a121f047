"""Filter sets shared by the pages and the API: a form of GET fields and how each narrows a queryset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet

from mahalleh.core.text import normalize


class FilterSet:
    """Declare ``form_class`` and, per field, ``filter_<name>(qs, value)``; ``q`` searches ``search_fields``."""

    form_class: ClassVar[type[forms.Form]]
    search_fields: ClassVar[tuple[str, ...]] = ("name_normalized",)

    def __init__(self, data: Mapping[str, Any] | None, queryset: QuerySet, *, user: Any = None) -> None:
        self.user = user
        self.form = self.form_class(data or None)
        self.queryset = queryset
        self.setup_form()

    def setup_form(self) -> None:
        """Hook to scope the form's choices to the user."""

    @property
    def qs(self) -> QuerySet:
        qs = self.queryset
        if not self.form.is_bound:
            return qs
        if not self.form.is_valid():
            return qs.none()
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            method = getattr(self, f"filter_{name}", None)
            qs = method(qs, value) if method else qs.filter(**{name: value})
        return qs

    def filter_q(self, qs: QuerySet, value: str) -> QuerySet:
        return search(qs, value, self.search_fields)


def search(qs: QuerySet, text: str, fields: tuple[str, ...]) -> QuerySet:
    """Every word of the normalized query must appear in one of the (normalized) fields."""
    for word in normalize(text).split():
        cond = Q()
        for field in fields:
            cond |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(cond)
    return qs


class SearchForm(forms.Form):
    q = forms.CharField(label="جستجو", required=False)
