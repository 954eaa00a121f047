import django_tables2 as tables

from mahalleh.core.tables import ScopedTable
from mahalleh.problems import codes
from mahalleh.problems.models import Problem


class ProblemTable(ScopedTable):
    tracking_code = tables.Column("کد رهگیری", linkify=True)
    neighborhood = tables.Column("محله", order_by=("neighborhood__name",))
    category = tables.Column("دسته", order_by=("category__name",))
    agency = tables.Column("دستگاه مسئول", order_by=("agency__name",), default="—")
    status = tables.Column("وضعیت")

    class Meta(ScopedTable.Meta):
        model = Problem
        fields = ()

    def render_tracking_code(self, value: str) -> str:
        return codes.display(value)

    def value_tracking_code(self, value: str) -> str:
        return value
