"""The rules of the monthly agency reports (issue 12, item 4): which agencies must report, a month's due
date, and each required agency's state in a month (filed on time, late, not filed …), derived when asked.

**Who must report** (``required_agencies``): every active agency that is a member — not an invitee — of
its province's Social HQ (a ``meetings.Body`` of kind ``provincial_hq``), except the governorate's own
offices (``AgencyKind.GOVERNORATE``: the secretariat and the deputies receive the reports; a county
governorate reports through its county HQ). Seed 000 orders «مدیران دستگاه های اجرایی» to report their
progress monthly: the executive agencies that sit on the HQ.

**Due date** (``due_date``): the province's ``MonthlySettings.due_day`` (default 5) of the next Jalali
month, clipped to that month's length; when that is not a working day (``core.workdays``), the next one.

**States** of a required agency in a begun month (``State``): ``due`` (all of them), ``on_time`` (first
submitted on or before the due date), ``late`` (after it), ``not_filed`` (no submission yet: no report,
or a draft), ``overdue`` (the late list: filed late, or not filed and the due date has passed),
``accepted`` and ``returned`` (the report's status now).
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.db.models import DateField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from mahalleh.agencies.models import Agency, AgencyKind
from mahalleh.core.jalali import from_jalali, jalali_month_length, jalali_month_name, to_jalali
from mahalleh.core.text import to_persian_digits
from mahalleh.core.workdays import WorkCalendar
from mahalleh.places.models import Province
from mahalleh.reports.monthly_models import MonthlyReport, MonthlySettings

DEFAULT_DUE_DAY = 5
DEFAULT_REMIND_DAYS = 3


class State(enum.StrEnum):
    DUE = "due"
    ON_TIME = "on_time"
    LATE = "late"
    NOT_FILED = "not_filed"
    OVERDUE = "overdue"
    ACCEPTED = "accepted"
    RETURNED = "returned"


STATE_LABELS = {
    State.DUE: "موظف به گزارش",
    State.ON_TIME: "ارسال به‌موقع",
    State.LATE: "ارسال با تأخیر",
    State.NOT_FILED: "ارسال‌نشده",
    State.OVERDUE: "فهرست تأخیر (دیر یا ارسال‌نشده پس از مهلت)",
    State.ACCEPTED: "پذیرفته",
    State.RETURNED: "برگشت‌خورده",
}


@dataclass(frozen=True, order=True)
class Month:
    """A Jalali month, ``1405/08``."""

    year: int
    month: int

    @classmethod
    def of(cls, d: datetime.date) -> Month:
        j = to_jalali(d)
        return cls(int(j.year), int(j.month))

    @classmethod
    def parse(cls, text: str) -> Month:
        """``YYYY/MM`` (Persian or Latin digits, «-» also); ``ValueError`` with a Persian message."""
        from mahalleh.core.text import to_latin_digits

        raw = to_latin_digits(str(text)).strip().replace("-", "/")
        parts = raw.split("/")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise ValueError(f"ماه «{to_persian_digits(text)}» به شکل سال/ماه (مانند ۱۴۰۵/۰۸) نیست.")
        year, month = int(parts[0]), int(parts[1])
        if not 1 <= month <= 12 or not 1300 <= year <= 1500:
            raise ValueError(f"ماه «{to_persian_digits(text)}» وجود ندارد.")
        return cls(year, month)

    @property
    def first(self) -> datetime.date:
        return from_jalali(self.year, self.month, 1)

    @property
    def last(self) -> datetime.date:
        return from_jalali(self.year, self.month, jalali_month_length(self.year, self.month))

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def has_begun(self, today: datetime.date | None = None) -> bool:
        return self.first <= (today or timezone.localdate())

    @property
    def label(self) -> str:
        """«آبان ۱۴۰۵»."""
        return f"{jalali_month_name(self.month)} {to_persian_digits(self.year)}"

    @property
    def code(self) -> str:
        """``1405/08`` (Latin digits: URLs, the command, file names)."""
        return f"{self.year:04d}/{self.month:02d}"

    def __str__(self) -> str:
        return self.label


def settings_for(province: Province | int) -> MonthlySettings:
    """The province's settings (unsaved defaults when the secretariat has set none)."""
    pid = province if isinstance(province, int) else province.pk
    found = MonthlySettings.objects.filter(province_id=pid).first()
    return found if found is not None else MonthlySettings(province_id=pid)


def due_date(province: Province | int, month: Month) -> datetime.date:
    """The day the month's report is due: the due day of the next month, or the next working day."""
    nxt = month.next()
    day = min(settings_for(province).due_day or DEFAULT_DUE_DAY, jalali_month_length(nxt.year, nxt.month))
    d = from_jalali(nxt.year, nxt.month, day)
    calendar = WorkCalendar(d, d + datetime.timedelta(days=30))
    while not calendar.is_working_day(d):
        d += datetime.timedelta(days=1)
    return d


def required_agencies(province: Province | int) -> QuerySet[Agency]:
    """The agencies that must file a monthly report in the province (the rule of the module docstring)."""
    pid = province if isinstance(province, int) else province.pk
    return (Agency.objects.filter(province_id=pid, is_active=True, memberships__body__kind="provincial_hq",
                                  memberships__body__province_id=pid, memberships__role="member")
            .exclude(kind=AgencyKind.GOVERNORATE).distinct())


def is_required(agency: Agency) -> bool:
    return required_agencies(agency.province_id).filter(pk=agency.pk).exists()


def with_month(agencies: QuerySet[Agency], month: Month, due: datetime.date) -> QuerySet[Agency]:
    """The agencies annotated with their report of ``month`` (``report_id``, ``report_status``,
    ``filed_on``) and the month's ``due_on``: what ``state_q`` filters on."""
    reports = MonthlyReport.objects.filter(agency=OuterRef("pk"), year=month.year, month=month.month)
    return agencies.annotate(
        report_id=Subquery(reports.values("pk")[:1]),
        report_status=Subquery(reports.values("status")[:1]),
        filed_on=Subquery(reports.values("filed_on")[:1]),
        due_on=Value(due, output_field=DateField()),
    )


def state_q(state: State | str, today: datetime.date, due: datetime.date) -> Q:
    """Which annotated agencies (``with_month``) are in ``state``."""
    filed = Q(filed_on__isnull=False)
    match State(state):
        case State.DUE:
            return Q()
        case State.ON_TIME:
            return filed & Q(filed_on__lte=F("due_on"))
        case State.LATE:
            return filed & Q(filed_on__gt=F("due_on"))
        case State.NOT_FILED:
            return ~filed
        case State.OVERDUE:
            late = filed & Q(filed_on__gt=F("due_on"))
            return late | ~filed if today > due else late
        case State.ACCEPTED:
            return Q(report_status=MonthlyReport.Status.ACCEPTED)
        case State.RETURNED:
            return Q(report_status=MonthlyReport.Status.RETURNED)


def month_rows(province: Province | int, month: Month, *, state: State | str = State.DUE,
               today: datetime.date | None = None) -> QuerySet[Agency]:
    """The province's required agencies in ``state`` for ``month``, annotated (``with_month``), by name."""
    today = today or timezone.localdate()
    due = due_date(province, month)
    rows = with_month(required_agencies(province), month, due)
    return rows.filter(state_q(state, today, due)).order_by("name")


def timeliness(filed_on: datetime.date | None, due: datetime.date, today: datetime.date) -> str:
    """A Persian word for a row: «به‌موقع», «با تأخیر», «ارسال‌نشده (مهلت گذشته)», «ارسال‌نشده»."""
    if filed_on is not None:
        return "به‌موقع" if filed_on <= due else "با تأخیر"
    return "ارسال‌نشده (مهلت گذشته)" if today > due else "ارسال‌نشده"
