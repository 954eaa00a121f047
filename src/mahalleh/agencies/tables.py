import django_tables2 as tables
from django.db.models import Manager
from django.utils.html import format_html, format_html_join

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.tables import ManyColumn, ScopedTable

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
