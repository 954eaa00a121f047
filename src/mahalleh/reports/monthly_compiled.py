"""The province's compiled report of a month (issue 12, item 4): every required agency's state, the
narratives, indicators per axis and services per neighborhood of the filed reports, and who has not
filed; for any month that has begun, with or without filings. As data (``compile_month``), as a PDF
(WeasyPrint, Vazirmatn embedded, as ``desks.summary``) and as an Excel workbook (openpyxl, every sheet
right-to-left, Persian headers).

A report's content counts once it is filed and not returned: accepted, or submitted and awaiting review.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from mahalleh.core import pdf
from mahalleh.core.exports import cell
from mahalleh.core.jalali import format_jalali
from mahalleh.places.models import Province
from mahalleh.reports import monthly
from mahalleh.reports.monthly import Month
from mahalleh.reports.monthly_models import MonthlyIndicatorLine, MonthlyReport, MonthlyServiceLine

COUNTED = (MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.ACCEPTED)

AGENCY_HEADERS = ["ردیف", "دستگاه", "وضعیت گزارش", "ارسال", "تاریخ نخستین ارسال", "نظر دبیرخانه"]
INDICATOR_HEADERS = ["محور", "شاخص", "واحد", "دستگاه", "مقدار", "توضیح"]
SERVICE_HEADERS = ["محله", "شهرستان", "محور", "دستگاه", "خدمت", "مقدار", "واحد", "توضیح"]
MISSING_HEADERS = ["ردیف", "دستگاه", "وضعیت"]


@dataclass
class AgencyRow:
    name: str
    status: str
    timeliness: str
    filed_on: datetime.date | None
    review_note: str
    narrative: str
    counted: bool


@dataclass
class Compiled:
    province: Province
    month: Month
    due: datetime.date
    today: datetime.date
    agencies: list[AgencyRow] = field(default_factory=list)
    indicators: list[list[Any]] = field(default_factory=list)  # INDICATOR_HEADERS
    services: list[list[Any]] = field(default_factory=list)  # SERVICE_HEADERS
    not_filed: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"گزارش تلفیقی ماهانه دستگاه‌های {self.province.name} — {self.month.label}"


def compile_month(province: Province, month: Month, *, today: datetime.date | None = None) -> Compiled:
    """The compiled month; the caller has checked that the month has begun (``Month.has_begun``)."""
    today = today or timezone.localdate()
    due = monthly.due_date(province, month)
    out = Compiled(province=province, month=month, due=due, today=today)
    rows = monthly.month_rows(province, month, today=today)
    reports = {r.agency_id: r for r in MonthlyReport.objects.filter(
        agency__in=[a.pk for a in rows], year=month.year, month=month.month)}
    for agency in rows:
        report = reports.get(agency.pk)
        filed = report is not None and report.filed_on is not None
        status = report.get_status_display() if report is not None and filed else "ارسال‌نشده"
        out.agencies.append(AgencyRow(
            name=agency.name, status=status, timeliness=monthly.timeliness(report.filed_on if report else None, due, today),
            filed_on=report.filed_on if report else None, review_note=report.review_note if report else "",
            narrative=report.narrative if report is not None and report.status in COUNTED else "",
            counted=report is not None and report.status in COUNTED))
        if not filed:
            out.not_filed.append(agency.name)
    counted = [r.pk for r in reports.values() if r.status in COUNTED]
    for line in (MonthlyIndicatorLine.objects.filter(report__in=counted)
                 .select_related("indicator__axis", "report__agency")
                 .order_by("indicator__axis__order", "indicator__order", "indicator__name", "report__agency__name")):
        out.indicators.append([line.indicator.axis.name, line.indicator.name, line.indicator.unit,
                               line.report.agency.name, line.value, line.note])
    for s in (MonthlyServiceLine.objects.filter(report__in=counted)
              .select_related("neighborhood__county", "axis", "report__agency")
              .order_by("neighborhood__county__name", "neighborhood__name", "axis__order", "report__agency__name", "pk")):
        out.services.append([s.neighborhood.name, s.neighborhood.county.name, s.axis.name, s.report.agency.name,
                             s.service, s.quantity, s.unit, s.note])
    out.counts = {
        "due": len(out.agencies), "filed": len(out.agencies) - len(out.not_filed), "not_filed": len(out.not_filed),
        "accepted": sum(1 for r in reports.values() if r.status == MonthlyReport.Status.ACCEPTED),
    }
    return out


def agency_table(c: Compiled) -> list[list[Any]]:
    return [[i, a.name, a.status, a.timeliness, a.filed_on, a.review_note] for i, a in enumerate(c.agencies, start=1)]


def render_pdf(c: Compiled) -> bytes:
    return pdf.render_pdf("reports/monthly/compiled_pdf.html", {
        "c": c, "due": format_jalali(c.due), "today": format_jalali(c.today),
        "agency_rows": agency_table(c), "indicator_headers": INDICATOR_HEADERS, "service_headers": SERVICE_HEADERS,
    })


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list[Any]], *, first: bool = False) -> None:
    ws = wb.active if first else wb.create_sheet()
    assert ws is not None
    ws.title = title[:31]
    ws.sheet_view.rightToLeft = True
    widths = [len(h) for h in headers]
    ws.append(headers)
    for c in range(1, len(headers) + 1):
        ws.cell(1, c).font = Font(bold=True)
    for row in rows:
        values = [cell(v) for v in row]
        ws.append(values)
        r = ws.max_row
        for c, value in enumerate(values, start=1):
            widths[c - 1] = max(widths[c - 1], min(len(str(value)), 60))
            if isinstance(value, int | float | Decimal):
                ws.cell(r, c).number_format = "#,##0.##"
            else:
                ws.cell(r, c).alignment = Alignment(horizontal="right", vertical="top", wrap_text=len(str(value)) > 60)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, c).column_letter].width = max(width, 8) + 2
    ws.freeze_panes = "A2"


def render_xlsx(c: Compiled) -> bytes:
    wb = Workbook()
    _sheet(wb, "وضعیت گزارش دستگاه‌ها", AGENCY_HEADERS, agency_table(c), first=True)
    _sheet(wb, "شاخص‌ها به تفکیک محور", INDICATOR_HEADERS, c.indicators)
    _sheet(wb, "خدمات به تفکیک محله", SERVICE_HEADERS, c.services)
    _sheet(wb, "ارسال‌نکرده", MISSING_HEADERS, [[i, name, "ارسال‌نشده"] for i, name in enumerate(c.not_filed, start=1)])
    _sheet(wb, "شرح اقدامات", ["دستگاه", "شرح اقدامات ماه"], [[a.name, a.narrative] for a in c.agencies if a.counted])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def file_name(c: Compiled, fmt: str) -> str:
    return f"monthly-{c.province.code}-{c.month.year:04d}-{c.month.month:02d}.{fmt}"
