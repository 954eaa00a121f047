"""Tables for list pages and their exports (django-tables2), in Persian.

An app declares ``<Model>Table(ScopedTable)`` in its ``tables.py``. Each column knows two faces: what the
page shows (``render``: Persian digits, Jalali dates, links) and what an export writes (``value``:
the number as a number, the date as a ``datetime.date`` that the exporter writes as a Jalali date, text
as plain text). Columns that only make sense on screen set ``exclude_from_export=True``.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html

from mahalleh.core.jalali import format_jalali
from mahalleh.core.templatetags.persian import fa_int


class JalaliDateColumn(tables.Column):
    """A date shown as «۱۴۰۱/۰۴/۲۳»; exported as the date itself (the exporter writes it in Jalali)."""

    def render(self, value: datetime.date) -> str:
        return format_jalali(value)

    def value(self, value: datetime.date | None = None, **kwargs: Any) -> datetime.date | None:
        return value


class NumberColumn(tables.Column):
    """An integer shown with Persian digits and separators; exported as a number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return fa_int(value)

    def value(self, value: Any = None, **kwargs: Any) -> Any:
        return value


class BadgeColumn(tables.Column):
    """A choice shown as a light badge (its display text); exported as the display text."""

    def render(self, value: Any) -> str:
        return format_html('<span class="badge text-bg-light">{}</span>', value)

    def value(self, value: Any = None, **kwargs: Any) -> Any:
        return value


class ManyColumn(tables.Column):
    """Related rows joined by «، » (read from a prefetch, so no query per row)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return "، ".join(str(v) for v in value.all())

    def value(self, value: Any = None, **kwargs: Any) -> str:
        return self.render(value) if value is not None else ""


class ScopedTable(tables.Table):
    printing = False  # set by the print view: headers without sort links

    class Meta:
        template_name = "core/table.html"
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "موردی یافت نشد."
