"""Tables of the meetings lists: bodies, meetings, resolutions."""

import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from mahalleh.core.jalali import format_jalali
from mahalleh.core.ordinals import int_to_ordinal
from mahalleh.core.tables import BadgeColumn, GroupedColumn, JalaliDateColumn, ScopedTable
from mahalleh.core.text import to_persian_digits
from mahalleh.meetings.models import Body, Meeting, Resolution

MD = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class BodyTable(ScopedTable):
    name = tables.Column("نهاد", linkify=True)
    kind = tables.Column("نوع")
    cadence = tables.Column("دوره تشکیل", attrs=MD)
    chair_title = tables.Column("رئیس", attrs=MD)

    class Meta(ScopedTable.Meta):
        model = Body
        fields = ()


class MeetingTable(ScopedTable):
    number = tables.Column("جلسه", linkify=lambda record: record.get_absolute_url(), default="جلسه")
    body = tables.Column("نهاد", order_by=("body__name",))
    date = JalaliDateColumn("تاریخ", attrs={"td": {"class": "text-nowrap"}})
    place = tables.Column("محل", attrs=MD)
    status = BadgeColumn("وضعیت")

    class Meta(ScopedTable.Meta):
        model = Meeting
        fields = ()

    def render_number(self, value: int) -> str:
        return f"{int_to_ordinal(value, adjective=True)} جلسه"

    def value_number(self, value: int | None) -> int | None:
        return value

    def render_date(self, value: datetime.date, record: Meeting) -> str:
        return format_html('{} <span class="small text-muted">{}</span>', format_jalali(value), record.weekday)

    def value_date(self, value: datetime.date) -> datetime.date:
        return value


class ResolutionTable(ScopedTable):
    # On a phone's card (table-cards): the text leads without its label; number, due date and status share lines.
    number = tables.Column("ردیف", attrs={"td": {"class": "card-inline"}})
    text = tables.Column("مصوبه", linkify=True, attrs={"td": {"class": "card-lead"}})
    meeting = tables.Column("جلسه", attrs={"td": {"class": "small"}}, order_by=("meeting__body__name", "-meeting__date"))
    meeting_date = JalaliDateColumn("تاریخ جلسه", accessor="meeting__date", visible=False)
    # A group the minutes named («کلیه اعضا») is its phrase and a count, not forty names.
    agencies = GroupedColumn("اقدام کننده", accessor="assignments", phrase="written_as", item="agency", noun="دستگاه",
                             attrs={"td": {"class": "small"}})
    due_date = JalaliDateColumn("سررسید", attrs={"td": {"class": "small text-nowrap card-inline"}})
    # Drawn in Python, as meetings/_status.html draws it: a template include per row cost the list a
    # third of its time (bench/RESULTS.md, pages over HTTP).
    status = tables.Column("وضعیت", order_by=("status", "due_date"), empty_values=(), attrs={"td": {"class": "card-inline"}})

    class Meta(ScopedTable.Meta):
        model = Resolution
        fields = ()
        # One card per resolution on a phone (mahalleh.css): five columns of Persian text do not fit 390 px.
        attrs = {"class": f"{ScopedTable.Meta.attrs['class']} table-cards"}

    def render_number(self, value: int) -> str:
        return to_persian_digits(value)

    def value_number(self, value: int) -> int:
        return value

    def render_text(self, value: str) -> str:
        return value if len(value) <= 140 else value[:139] + "…"

    def value_text(self, value: str) -> str:
        return value

    def render_meeting(self, value: Meeting) -> str:
        return format_html('{}<div class="text-muted">{}</div>', value.body, format_jalali(value.date))

    def value_meeting(self, value: Meeting) -> str:
        return str(value.body)

    def render_status(self, record: Resolution) -> str:
        label = record.get_status_display()
        if record.is_closed:
            tone = "text-bg-success" if record.status == "done" else "text-bg-secondary"
            return format_html('<span class="badge {}">{}</span>', tone, label)
        if record.is_overdue(timezone.localdate()):
            return format_html('<span class="badge text-bg-danger" data-testid="overdue">دارای تأخیر</span> '
                               '<span class="badge text-bg-light">{}</span>', label)
        return format_html('<span class="badge text-bg-warning">{}</span>', label)

    def value_status(self, record: Resolution) -> str:
        if record.is_overdue(timezone.localdate()):
            return f"دارای تأخیر — {record.get_status_display()}"
        return record.get_status_display()
