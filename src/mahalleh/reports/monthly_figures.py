"""The dashboards' monthly-report compliance (issue 12): for each of the last months whose report is due,
the agencies that must report, filed on time, filed late, not filed, accepted and returned; each number
the count of the late list (``reports:monthly_late``) it links to, for the same province, month and state.

The province's dashboard shows its own province; the national HQ's one row per province for the last
month due. A user who follows no province's reports (an agency, a county) sees no group."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from mahalleh.places.models import Province
from mahalleh.reports import monthly
from mahalleh.reports.dashboards import Cell, FigureGroup, Filters, Row
from mahalleh.reports.monthly import STATE_LABELS, Month, State
from mahalleh.reports.monthly_selectors import COMPLIANCE_STATES, followed_provinces, list_url

MONTHS_SHOWN = 3  # the last months whose due day has passed or comes this month


def _months(filters: Filters) -> list[Month]:
    """The months shown: those the dashboard's period covers (at most six), else the last three before this
    one; a month not yet begun is never among them."""
    current = Month.of(timezone.localdate())
    if filters.date_from or filters.date_to:
        last = min(Month.of(filters.date_to), current) if filters.date_to else current
        first = Month.of(filters.date_from) if filters.date_from else last
        months: list[Month] = []
        m = last
        while len(months) < 6 and (m.year, m.month) >= (first.year, first.month):
            months.append(m)
            m = m.previous()
        return months
    months = [current.previous()]
    while len(months) < MONTHS_SHOWN:
        months.append(months[-1].previous())
    return months


def counts(province: Province, month: Month, today: datetime.date) -> dict[State, int]:
    """The month's count in each state, in one grouped query over the same rows ``month_rows`` lists."""
    due = monthly.due_date(province, month)
    rows = monthly.with_month(monthly.required_agencies(province), month, due)
    found = rows.aggregate(**{str(s): Count("pk", filter=monthly.state_q(s, today, due)) for s in COMPLIANCE_STATES})
    return {s: int(found[str(s)]) for s in COMPLIANCE_STATES}


def _row(label: str, province: Province, month: Month, today: datetime.date) -> Row:
    found = counts(province, month, today)
    return Row(label, [Cell(found[s], list_url(province, month, s)) for s in COMPLIANCE_STATES])


def monthly_compliance(request: HttpRequest, filters: Filters) -> FigureGroup | None:
    provinces = list(followed_provinces(request.user))
    if not provinces:
        return None
    today = timezone.localdate()
    if len(provinces) == 1:
        rows = [_row(m.label, provinces[0], m, today) for m in _months(filters)]
    else:  # the national HQ: each province's last month due
        m = _months(filters)[0]
        rows = [_row(p.name, p, m, today) for p in provinces]
    return FigureGroup("monthly_compliance", "گزارش‌های ماهانه دستگاه‌ها", [STATE_LABELS[s] for s in COMPLIANCE_STATES], rows,
                       note="فیلترهای شهرستان، محور و دستگاه بر گزارش‌های ماهانه اعمال نمی‌شود.",
                       ignores=frozenset({"county", "axis", "agency"}))
