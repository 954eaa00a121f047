from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from mahalleh.core.jalali import format_jalali
from mahalleh.core.tables import JalaliDateColumn, NumberColumn, ScopedTable
from mahalleh.core.text import to_persian_digits
from mahalleh.places.models import Neighborhood, NeighborhoodDocument, NeighborhoodNeed, NeighborhoodPerson

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


# ---- the neighborhood's lists (issue 12) -----------------------------------------------------------


class _Edit(tables.Column):  # type: ignore[misc]
    """The edit link of a row the user may change (``editable``: the pks, read once per page)."""

    def __init__(self, route: str) -> None:
        super().__init__("", empty_values=(), orderable=False, exclude_from_export=True)
        self.route = route

    def render(self, record: Any, table: Any) -> str:
        if record.pk not in getattr(table, "editable", ()):
            return ""
        return format_html('<a class="small" href="{}">ویرایش</a>', reverse(self.route, args=[record.pk]))


class PersonTable(ScopedTable):
    full_name = tables.Column("نام و نام خانوادگی")
    neighborhood = tables.Column("محله", order_by=("neighborhood__name",))
    mobile = tables.Column("تلفن همراه", attrs={"td": {"dir": "ltr", "class": "text-end"}})
    national_code = tables.Column("کد ملی", visible=False)
    gender = tables.Column("جنسیت", attrs=MD)
    age_group = tables.Column("گروه سنی", attrs=LG)
    field = tables.Column("رشته / مهارت", attrs=MD)
    program = tables.Column("برنامه")
    registered_on = JalaliDateColumn("تاریخ ثبت", attrs=LG)
    note = tables.Column("توضیح", visible=False)
    edit = _Edit("places:person_edit")

    class Meta(ScopedTable.Meta):
        model = NeighborhoodPerson
        fields = ()

    def render_mobile(self, value: str) -> str:
        return to_persian_digits(value)

    def render_national_code(self, value: str) -> str:
        return to_persian_digits(value)


class NeedTable(ScopedTable):
    title = tables.Column("عنوان")
    neighborhood = tables.Column("محله", order_by=("neighborhood__name",))
    quantity = tables.Column("مقدار")
    unit = tables.Column("واحد")
    location = tables.Column("محل", attrs=MD)
    reference = tables.Column("شماره ثبت در سامانه", attrs=LG)
    recorded_on = JalaliDateColumn("تاریخ ثبت", attrs=LG)
    note = tables.Column("توضیح", visible=False)
    edit = _Edit("places:need_edit")

    class Meta(ScopedTable.Meta):
        model = NeighborhoodNeed
        fields = ()

    def render_quantity(self, value: Any) -> str:
        return to_persian_digits(f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}")


class DocumentTable(ScopedTable):
    title = tables.Column("عنوان")
    neighborhood = tables.Column("محله", order_by=("neighborhood__name",))
    date = JalaliDateColumn("تاریخ تدوین")
    summary = tables.Column("خلاصه مسائل", attrs=MD)
    file = tables.Column("پرونده", exclude_from_export=True, orderable=False)
    edit = _Edit("places:document_edit")

    class Meta(ScopedTable.Meta):
        model = NeighborhoodDocument
        fields = ()

    def render_summary(self, value: str) -> str:
        return to_persian_digits(value[:160] + ("…" if len(value) > 160 else ""))

    def render_file(self, value: Any, record: NeighborhoodDocument) -> str:
        return format_html('<a href="{}">بارگیری</a>', reverse("places:document_file", args=[record.pk]))
