import django_tables2 as tables
from django.utils.html import format_html

from mahalleh.core.jalali import format_jalali
from mahalleh.core.tables import JalaliDateColumn, NumberColumn, ScopedTable
from mahalleh.places.models import Neighborhood

MD = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
LG = {"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}}


class NeighborhoodTable(ScopedTable):
    name = tables.Column("محله", linkify=True)
    county = tables.Column("شهرستان", order_by=("county__name",))
    population = NumberColumn("جمعیت", attrs=MD)
    households = NumberColumn("خانوار", attrs=MD)
    is_target = tables.Column("هدف")
    target_since = JalaliDateColumn("هدف از تاریخ", visible=False)  # its own column in exports
    priority_rank = NumberColumn("اولویت", attrs=LG)

    class Meta(ScopedTable.Meta):
        model = Neighborhood
        fields = ()

    def render_name(self, value: str, record: Neighborhood) -> str:
        if record.is_demo:
            return format_html('{} <span class="badge text-bg-light" title="ارقام نمایشی">نمایشی</span>', value)
        return value

    def value_name(self, value: str) -> str:
        return value

    def render_is_target(self, value: bool, record: Neighborhood) -> str:
        if not value:
            return "—"
        since = f" از {format_jalali(record.target_since)}" if record.target_since else ""
        return format_html('<span class="badge text-bg-success">هدف{}</span>', since)

    def value_is_target(self, value: bool) -> bool:
        return value
