from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from mahalleh.core.tables import JalaliDateColumn, ScopedTable
from mahalleh.core.text import to_persian_digits
from mahalleh.reports.models import IndicatorValue


def plain(value: Any) -> str:
    """A decimal without its trailing zeros: 12.500 → «۱۲٫۵»."""
    text = f"{value.normalize():f}" if value is not None else ""
    return to_persian_digits(text.replace(".", "٫"))


class IndicatorValueTable(ScopedTable):
    neighborhood = tables.Column("محله", order_by=("neighborhood__name",))
    axis = tables.Column("محور", accessor="indicator__axis__name", order_by=("indicator__axis__order",))
    indicator = tables.Column("شاخص", order_by=("indicator__name",))
    kind = tables.Column("نوع")
    date = JalaliDateColumn("تاریخ")
    value = tables.Column("مقدار")
    unit = tables.Column("واحد", accessor="indicator__unit", orderable=False)
    note = tables.Column("توضیح", attrs={"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}})
    edit = tables.Column("", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta(ScopedTable.Meta):
        model = IndicatorValue
        fields = ()

    def render_neighborhood(self, value: Any, record: IndicatorValue) -> str:
        return format_html('<a href="{}">{}</a>', reverse("reports:neighborhood_indicators", args=[record.neighborhood_id]), value)

    def value_neighborhood(self, value: Any) -> str:
        return str(value)

    def render_value(self, value: Any) -> str:
        return plain(value)

    def value_value(self, value: Any) -> Any:
        return value

    def render_edit(self, record: IndicatorValue) -> str:
        if record.pk not in getattr(self, "editable", ()):
            return ""
        return format_html('<a class="small" href="{}">ویرایش</a>', reverse("reports:indicator_value_edit", args=[record.pk]))
