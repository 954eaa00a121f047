from typing import Any

import django_tables2 as tables
from django.db.models import Manager
from django.utils.html import format_html, format_html_join

from mahalleh.agencies.models import Agency, AgencyService, ServiceAxis
from mahalleh.core.tables import EditLinkColumn, ManyColumn, NumberColumn, ScopedTable

MD = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
LG = {"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}}


class AgencyTable(ScopedTable):
    name = tables.Column("دستگاه", linkify=True)
    county = tables.Column("شهرستان", visible=False, order_by=("county__name",))  # shown beside the name
    kind = tables.Column("نوع")
    level = tables.Column("سطح", attrs=MD)
    axes = ManyColumn("محورها", attrs=LG)

    class Meta(ScopedTable.Meta):
        model = Agency
        fields = ()

    def render_name(self, value: str, record: Agency) -> str:
        if record.county_id:
            return format_html('{} <span class="small text-muted">({})</span>', value, record.county)
        return value

    def value_name(self, value: str) -> str:
        return value

    def render_axes(self, value: Manager[ServiceAxis]) -> str:
        return format_html_join(" ", '<span class="badge text-bg-light">{}</span>', ((a,) for a in value.all()))

    def value_axes(self, value: Manager[ServiceAxis]) -> str:
        return "، ".join(str(a) for a in value.all())


class AgencyServiceTable(ScopedTable):
    """An agency's declared services (issue 12, item 5)."""

    agency = tables.Column("دستگاه", linkify=lambda record: record.agency.get_absolute_url(), order_by=("agency__name",))
    axis = tables.Column("محور", accessor="service__axis__name", order_by=("service__axis__order",))
    service = EditLinkColumn("خدمت", order_by=("service__name",))
    capacity = NumberColumn("ظرفیت")
    unit = tables.Column("واحد", accessor="service__unit", orderable=False)
    period = tables.Column("دوره")
    counties = ManyColumn("شهرستان‌های تحت پوشش", attrs=LG)
    is_active = tables.BooleanColumn("فعال", yesno="بله,خیر", attrs=MD)

    class Meta(ScopedTable.Meta):
        model = AgencyService
        fields = ()

    def render_unit(self, record: AgencyService) -> str:
        return record.service.get_unit_display()

    def value_unit(self, record: AgencyService) -> str:
        return record.service.get_unit_display()

    def render_counties(self, value: Manager[Any]) -> str:
        return "، ".join(c.name for c in value.all())

    def value_counties(self, value: Manager[Any]) -> str:
        return "، ".join(c.name for c in value.all())
