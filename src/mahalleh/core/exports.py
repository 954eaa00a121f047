"""A filtered list as a CSV or Excel file, as the office reads it.

The cells come from the table's export values (``Table.as_values``): the same columns, headers and rows
as the page, unpaginated. How each kind of value is written, in both formats:

* **text**: Persian digits («جلسه ۱۲»), as the office writes;
* **numbers** (population, counts): a number, so Excel sums and sorts them; Excel shows its digits in
  the reader's locale, and the CSV has Latin digits, the only ones Excel parses as numbers;
* **dates**: Jalali text with Persian digits, zero-padded («۱۴۰۱/۰۴/۲۳») so that sorting the column
  as text sorts it by date (Excel has no Solar Hijri calendar to hold a real Jalali date);
* **yes/no**: «بله» / «خیر».

The CSV is UTF-8 with a byte-order mark, without which Excel reads Persian as mojibake. The sheet is
right-to-left, its header row bold and frozen.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from mahalleh.core.jalali import format_jalali, format_jalali_datetime
from mahalleh.core.text import to_persian_digits

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(value: Any) -> str | int | float | Decimal:
    """One exported value: numbers stay numbers, everything else becomes Persian text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return format_jalali_datetime(value)
    if isinstance(value, datetime.date):
        return format_jalali(value)
    return to_persian_digits(str(value))


def export_response(rows: Iterable[list[Any]], *, fmt: str, title: str, filename: str) -> HttpResponse:
    """``rows`` starts with the header row; ``filename`` without its extension, ASCII."""
    stamp = format_jalali(timezone.localdate(), persian_digits=False).replace("/", "-")
    name = f"{filename}-{stamp}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(_xlsx(rows, title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _values(rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [cell(v) for v in row]


def _csv(rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _values(rows):
        writer.writerow(row)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _xlsx(rows: Iterable[list[Any]], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]  # Excel's limit on a sheet name
    ws.sheet_view.rightToLeft = True
    widths: dict[int, int] = {}
    for r, row in enumerate(_values(rows), start=1):
        ws.append(row)
        for c, value in enumerate(row, start=1):
            widths[c] = max(widths.get(c, 0), min(len(str(value)), 60))
            if r == 1:
                ws.cell(r, c).font = Font(bold=True)
            elif isinstance(value, int | float | Decimal):
                ws.cell(r, c).number_format = "#,##0"
            else:
                ws.cell(r, c).alignment = Alignment(horizontal="right", vertical="top", wrap_text=len(str(value)) > 60)
    for c, width in widths.items():
        ws.column_dimensions[ws.cell(1, c).column_letter].width = max(width, 8) + 2
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

