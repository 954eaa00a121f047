"""Reading and writing onboarding workbooks (openpyxl): the downloadable templates, and an upload read
into plain rows, refused with a Persian message when it is not an xlsx workbook."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from mahalleh.administration.onboarding.sheets import BY_KIND, NOTES, NOTES_TITLE, SHEETS, Sheet
from mahalleh.core import uploads
from mahalleh.core.services import DomainError
from mahalleh.core.text import normalize

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # per sheet; more is refused, never cut short
NOT_XLSX = "این پرونده کارنامه اکسل (xlsx) معتبری نیست؛ الگو را بارگیری کنید، پر کنید و با قالب xlsx ذخیره کنید."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fill(ws: Worksheet, sheet: Sheet) -> None:
    ws.sheet_view.rightToLeft = True
    ws.append([c.header + (" *" if c.required else "") for c in sheet.columns])
    ws.append(list(sheet.example))
    for i, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[cell.column_letter].width = column.width
    for cell in ws[2]:
        cell.font = Font(italic=True, color="808080")
    ws.freeze_panes = "A2"


def _notes(wb: Workbook, sheets: Iterable[Sheet]) -> None:
    ws = wb.create_sheet(NOTES_TITLE)
    ws.sheet_view.rightToLeft = True
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    for line in NOTES:
        ws.append(["", line])
    for sheet in sheets:
        ws.append([])
        ws.append([f"برگه «{sheet.title}»"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for column in sheet.columns:
            ws.append([column.header + (" (لازم)" if column.required else ""), column.note])
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def template(kind: str) -> bytes:
    """The template for one kind (``counties``, ``neighborhoods``, ``agencies``, ``users``) or ``all`` of them."""
    sheets = SHEETS if kind == "all" else (BY_KIND[kind],)
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for sheet in sheets:
        _fill(wb.create_sheet(sheet.title), sheet)
    _notes(wb, sheets)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class Rows:
    """One sheet as read: each data row's Excel row number and its values by column key."""

    sheet: Sheet
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_key(sheet: Sheet, text: str) -> str | None:
    wanted = normalize(text.replace("*", ""))
    return next((c.key for c in sheet.columns if normalize(c.header) == wanted), None)


def read(data: bytes) -> tuple[list[Rows], list[Problem]]:
    """The workbook's known sheets as rows, and the problems of its shape (missing headers, too many
    rows). Raises ``DomainError`` when ``data`` is not an xlsx workbook at all."""
    if len(data) > MAX_BYTES:
        raise DomainError("حجم کارنامه بیش از ۵ مگابایت است.")
    # By content, as every upload (core.uploads): a zip that declares a workbook, macros refused.
    try:
        kind = uploads.detect(data).kind
    except uploads.Refused as exc:
        raise DomainError(NOT_XLSX) from exc
    if kind != uploads.XLSX:
        raise DomainError(NOT_XLSX)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike for a file that is not xlsx
        raise DomainError(NOT_XLSX) from exc
    titles = {normalize(s.title): s for s in SHEETS}
    found: list[Rows] = []
    problems: list[Problem] = []
    try:
        for ws in wb.worksheets:
            sheet = titles.get(normalize(ws.title))
            if sheet is None:
                continue
            rows = Rows(sheet)
            keys: list[str | None] = []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if number == 1:
                    keys = [_header_key(sheet, _text(v)) for v in values]
                    missing = [c.header for c in sheet.columns if c.required and c.key not in keys]
                    for header in missing:
                        problems.append(Problem(sheet.title, 1, header, f"ستون «{header}» در سرستون‌ها نیست."))
                    continue
                if number - 1 > MAX_ROWS:
                    problems.append(Problem(sheet.title, number, "", f"این برگه بیش از {MAX_ROWS} ردیف دارد؛ آن را در چند کارنامه بفرستید."))
                    break
                row = {k: _text(v) for k, v in zip(keys, values, strict=False) if k is not None}
                if any(row.values()):
                    rows.rows.append((number, row))
            found.append(rows)
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise DomainError(NOT_XLSX) from exc
    finally:
        wb.close()
    if not found:
        raise DomainError("در این کارنامه هیچ‌یک از برگه‌های «شهرستان‌ها»، «محلات»، «دستگاه‌ها» یا «کاربران» نیست.")
    order = [s.kind for s in SHEETS]
    found.sort(key=lambda r: order.index(r.sheet.kind))
    return found, problems
