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
from django.utils.html import format_html, format_html_join

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


class GroupedColumn(ManyColumn):
    """Related rows (read from a prefetch) shown by the phrase the source wrote them as: the rows written
    as one phrase that stands for several (the minutes' «کلیه دستگاه‌های اجرایی استان») are that phrase and
    their number («… (۴۰ دستگاه)», the names in its tooltip), the others their ``item``'s name; past
    ``limit`` parts the rest is counted («و ۳ مورد دیگر»). So the cell stays a line or two however large
    the group; every name is on the row's own page. ``phrase`` and ``item`` are attribute names of a
    related row, ``noun`` counts a group's items. Exported with every part, groups as phrase and number.
    """

    def __init__(self, *args: Any, phrase: str, item: str, noun: str, limit: int = 3, **kwargs: Any) -> None:
        self.phrase, self.item, self.noun, self.limit = phrase, item, noun, limit
        super().__init__(*args, **kwargs)

    def parts(self, value: Any) -> list[tuple[str, list[str]]]:
        """``(text, names)`` in the rows' order: a group's phrase with its count, or one item's name."""
        groups: dict[str, list[str]] = {}
        for row in value.all():
            # A row written as nothing is a part of its own (the key cannot be a written phrase).
            key = getattr(row, self.phrase) or f"\0{len(groups)}"
            groups.setdefault(key, []).append(str(getattr(row, self.item)))
        return [
            (f"{phrase} ({fa_int(len(names))} {self.noun})", names) if len(names) > 1 else (names[0], [])
            for phrase, names in groups.items()
        ]

    def render(self, value: Any) -> str:
        parts = self.parts(value)
        shown = [format_html('<span title="{}">{}</span>', "، ".join(names), text) if names else text
                 for text, names in parts[: self.limit]]
        html = format_html_join("، ", "{}", ((part,) for part in shown))
        more = len(parts) - self.limit
        return format_html("{} و {} مورد دیگر", html, fa_int(more)) if more > 0 else html

    def value(self, value: Any = None, **kwargs: Any) -> str:
        return "، ".join(text for text, _ in self.parts(value)) if value is not None else ""


class EditLinkColumn(tables.Column):
    """A value that links to its row's edit page for the rows the user may change (the table's
    ``editable``: the page's pks the list view found changeable, ``ScopedListView.mark_editable``), and is
    plain text for the others, so no one is offered a page that refuses them."""

    def render(self, value: Any, record: Any, table: Any) -> Any:
        if record.pk in getattr(table, "editable", ()):
            return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        return value

    def value(self, value: Any) -> Any:
        return value


class ScopedTable(tables.Table):
    printing = False  # set by the print view: headers without sort links

    class Meta:
        template_name = "core/table.html"
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "موردی یافت نشد."
