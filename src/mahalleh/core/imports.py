"""A row-checking Excel import any app declares as a sheet of columns (the neighborhood's lists use it).

An app describes the sheet once (``Sheet``: Persian headers, which are required, how each cell is read);
this module gives the downloadable template (``template``: right-to-left, the headers bold, an example
row, a notes sheet) and reads an upload (``read``) into a ``Report``: every row's clean values, or the
Persian reason each bad cell is refused, «ردیف ۱۲، ستون تلفن همراه: …». The file itself is checked
first: not an xlsx workbook (by its bytes, ``core.uploads``), too large, a missing required column or
an unknown one refuse it whole with an ``ImportRefused`` that names them. What to do with a report
that has bad rows (write nothing, or only the good rows) is the app's service's choice; nothing here
writes.

Cells are read by small parsers (``text``, ``mobile``, ``jalali_date``, ``number``, ``choice``,
``national_code``) that return the clean value or raise ``CellError`` with the Persian reason; digits
may be Persian, Arabic or Latin everywhere.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from mahalleh.core import uploads
from mahalleh.core.jalali import JalaliDateError, format_jalali, input_year_error, parse_jalali, to_jalali
from mahalleh.core.services import DomainError
from mahalleh.core.templatetags.persian import fa_int
from mahalleh.core.text import normalize, to_latin_digits, to_persian_digits

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # more is refused, never cut short
NOT_XLSX = "این پرونده کارنامه اکسل (xlsx) معتبری نیست؛ الگو را بارگیری کنید، پر کنید و با قالب xlsx ذخیره کنید."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTES_TITLE = "راهنما"


class CellError(ValueError):
    """A cell that cannot be read; ``message`` says why, in Persian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRefused(DomainError):
    """The file as a whole cannot be imported (not xlsx, too large, wrong columns); nothing was read."""


Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Parser = field(default=lambda v: text(v))
    required: bool = False
    note: str = ""
    width: int = 22
    unique: bool = False  # the same value twice in one file is refused (a mobile, a national code)


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    example: tuple[Any, ...] = ()
    notes: tuple[str, ...] = ()
    # Rules across a row's cells: (clean row) -> [(column key, message)].
    check_row: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None

    def header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row number the user sees
    column: str  # the column's header ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"ردیف {fa_int(self.row)}" + (f"، ستون {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Report:
    """What a file holds: the good rows (Excel row number and clean values) and every bad cell."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.bad_rows)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---- cells ---------------------------------------------------------------------------------------


def text(value: Any, *, max_length: int = 150) -> str:
    out = "" if value is None else str(value).strip()
    if len(out) > max_length:
        raise CellError(f"بیش از {fa_int(max_length)} نویسه است.")
    return out


def limited(max_length: int) -> Parser:
    return lambda v: text(v, max_length=max_length)


_MOBILE = re.compile(r"^(?:\+98|0098|98|0)?(9\d{9})$")
_NOISE = re.compile(r"[\s\-()\u200c\u200f\u200e.]")
BAD_MOBILE = "شماره همراه ایران نیست؛ ۱۱ رقم و با ۰۹ آغاز شود (مانند ۰۹۱۲۳۴۵۶۷۸۹)."


def mobile(value: Any) -> str:
    """An Iranian mobile as «09xxxxxxxxx»: any digits, spaces, dashes, +98; a number cell that lost its 0."""
    raw = _NOISE.sub("", to_latin_digits(text(value, max_length=30)))
    if not raw:
        return ""
    match = _MOBILE.match(raw)
    if not match:
        raise CellError(BAD_MOBILE)  # the number itself is not repeated: it is personal data
    return "0" + match.group(1)


def national_code(value: Any) -> str:
    """An Iranian national code (کد ملی): ten digits with its check digit; a number cell padded back to ten."""
    raw = _NOISE.sub("", to_latin_digits(text(value, max_length=20)))
    if not raw:
        return ""
    if not raw.isdigit() or len(raw) > 10:
        raise CellError("کد ملی باید ۱۰ رقم باشد.")
    raw = raw.zfill(10)
    check = int(raw[9])
    s = sum(int(raw[i]) * (10 - i) for i in range(9)) % 11
    if len(set(raw)) == 1 or not ((s < 2 and check == s) or (s >= 2 and check == 11 - s)):
        raise CellError("کد ملی معتبر نیست (رقم کنترل آن نمی‌خواند).")
    return raw


def jalali_date(value: Any) -> datetime.date | None:
    """A Jalali date (۱۴۰۳/۰۲/۱۵, 1403-2-15, «۱۵ اردیبهشت ۱۴۰۳»), or a date cell as Excel keeps it."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        day = value
    else:
        raw = text(value, max_length=40)
        if not raw:
            return None
        try:
            day = parse_jalali(raw)
        except JalaliDateError as exc:
            raise CellError(to_persian_digits(f"«{raw}» تاریخ شمسی درستی نیست ({exc}). مانند ۱۴۰۳/۰۲/۱۵")) from exc
    if message := input_year_error(int(to_jalali(day).year)):
        raise CellError(message)
    return day


def number(value: Any, *, integer: bool = False, minimum: int | None = 0) -> Decimal | int | None:
    if isinstance(value, bool):
        raise CellError("عدد نیست.")
    raw = to_latin_digits(text(value, max_length=30)).replace("٫", ".").replace(",", "").replace("٬", "")
    if not raw:
        return None
    try:
        out: Decimal | int = int(raw) if integer else Decimal(raw)
    except (ValueError, InvalidOperation) as exc:
        raise CellError(f"«{to_persian_digits(raw)}» {'عدد صحیح' if integer else 'عدد'} نیست.") from exc
    if not integer and not Decimal(out).is_finite():
        raise CellError("عدد نیست.")
    if minimum is not None and out < minimum:
        raise CellError(f"نباید کمتر از {fa_int(minimum)} باشد.")
    return out


def choice(options: Iterable[tuple[str, Any]]) -> Parser:
    """One of the labels (its value is stored): matched after normalizing, either the label or the value."""
    pairs = [(str(label), value) for value, label in options]
    by_key = {normalize(label): value for label, value in pairs} | {normalize(str(value)): value for _, value in pairs}
    listed = "، ".join(f"«{label}»" for label, _ in pairs)

    def parse(value: Any) -> Any:
        raw = text(value)
        if not raw:
            return ""
        key = normalize(raw)
        if key not in by_key:
            raise CellError(f"«{raw}» یکی از {listed} نیست.")
        return by_key[key]

    return parse


# ---- the template ----------------------------------------------------------------------------------


def template(sheet: Sheet) -> bytes:
    """The workbook to fill: one sheet with the headers (a star marks the required) and an example row,
    right to left, and a notes sheet that says what each column takes."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet.title[:31]
    ws.sheet_view.rightToLeft = True
    ws.append([c.header + (" *" if c.required else "") for c in sheet.columns])
    if sheet.example:
        ws.append(list(sheet.example))
        for cell in ws[2]:
            cell.font = Font(italic=True, color="808080")
    for i, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[cell.column_letter].width = column.width
        cell.number_format = "@"
    ws.freeze_panes = "A2"
    notes = wb.create_sheet(NOTES_TITLE)
    notes.sheet_view.rightToLeft = True
    notes.column_dimensions["A"].width = 26
    notes.column_dimensions["B"].width = 90
    for line in (*sheet.notes, "ردیف نخست سرستون‌هاست و ترتیب ستون‌ها مهم نیست؛ ستون‌های ستاره‌دار لازم‌اند.",
                 "ردیف نمونه (ردیف دوم) را پاک کنید یا با داده خود جایگزین کنید.",
                 "رقم‌های فارسی و لاتین هر دو پذیرفته می‌شوند؛ تاریخ‌ها شمسی، مانند ۱۴۰۳/۰۲/۱۵."):
        notes.append(["", line])
    notes.append([])
    for column in sheet.columns:
        notes.append([column.header + (" (لازم)" if column.required else ""), column.note])
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---- reading ----------------------------------------------------------------------------------------


def _raw(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    return str(value).strip()


def _blank(value: Any) -> bool:
    return value == "" or value is None


def _header_key(sheet: Sheet, header: str) -> str | None:
    wanted = normalize(header.replace("*", ""))
    return next((c.key for c in sheet.columns if normalize(c.header) == wanted), None)


def _check_headers(sheet: Sheet, headers: list[str]) -> list[str | None]:
    keys = [_header_key(sheet, h) if h else None for h in headers]
    missing = [c.header for c in sheet.columns if c.required and c.key not in keys]
    unknown = [h for h, k in zip(headers, keys, strict=True) if h and k is None]
    twice = sorted({sheet.header(k) for k in keys if k is not None and keys.count(k) > 1})
    problems = []
    if missing:
        problems.append("ستون‌های لازم «" + "»، «".join(missing) + "» در سرستون‌ها نیست")
    if unknown:
        problems.append("ستون‌های «" + "»، «".join(unknown) + "» شناخته نشد (نام درست ستون‌ها در الگو آمده است)")
    if twice:
        problems.append("ستون‌های «" + "»، «".join(twice) + "» دو بار آمده است")
    if problems:
        raise ImportRefused("سرستون‌های کارنامه با الگو نمی‌خواند: " + "؛ ".join(problems) + ". هیچ ردیفی ثبت نشد.")
    return keys


def _rows(data: bytes, sheet: Sheet) -> Iterable[tuple[int, list[Any]]]:
    if len(data) > MAX_BYTES:
        raise ImportRefused("حجم کارنامه بیش از ۵ مگابایت است.")
    try:  # by content, as every upload: a zip that declares a workbook, macros refused
        kind = uploads.detect(data).kind
    except uploads.Refused as exc:
        raise ImportRefused(NOT_XLSX) from exc
    if kind != uploads.XLSX:
        raise ImportRefused(NOT_XLSX)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike for a file that is not xlsx
        raise ImportRefused(NOT_XLSX) from exc
    try:
        ws = next((w for w in wb.worksheets if normalize(w.title) == normalize(sheet.title[:31])), wb.worksheets[0])
        out = [(n, [_raw(v) for v in values]) for n, values in enumerate(ws.iter_rows(values_only=True), start=1)
               if n <= MAX_ROWS + 2]
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise ImportRefused(NOT_XLSX) from exc
    finally:
        wb.close()
    if len(out) > MAX_ROWS + 1:
        raise ImportRefused(f"کارنامه بیش از {fa_int(MAX_ROWS)} ردیف دارد؛ آن را در چند کارنامه بفرستید.")
    return out


def read(data: bytes, sheet: Sheet) -> Report:
    """Check every row of the upload against ``sheet``; ``ImportRefused`` when the file itself is wrong."""
    rows = list(_rows(data, sheet))
    if not rows or not any(not _blank(v) for v in rows[0][1]):
        raise ImportRefused("کارنامه خالی است؛ ردیف نخست باید سرستون‌های الگو باشد.")
    keys = _check_headers(sheet, [str(v) if not _blank(v) else "" for v in rows[0][1]])
    columns = {c.key: c for c in sheet.columns}
    report = Report()
    seen: dict[tuple[str, Any], int] = {}
    for number_, values in rows[1:]:
        cells = {k: v for k, v in zip(keys, values, strict=False) if k is not None}
        if all(_blank(v) for v in cells.values()):
            continue
        clean: dict[str, Any] = {}
        errors: list[RowError] = []
        for key, column in columns.items():
            value = cells.get(key, "")
            if _blank(value):
                if column.required:
                    errors.append(RowError(number_, column.header, "خالی است؛ این ستون لازم است."))
                clean[key] = column.parse("")
                continue
            try:
                clean[key] = column.parse(value)
            except CellError as exc:
                errors.append(RowError(number_, column.header, exc.message))
                continue
            if column.unique and clean[key] not in ("", None):
                first = seen.setdefault((key, clean[key]), number_)
                if first != number_:
                    errors.append(RowError(number_, column.header, f"تکراری است؛ همین مقدار در ردیف {fa_int(first)} آمده است."))
        if not errors and sheet.check_row is not None:
            errors = [RowError(number_, sheet.header(k) if k else "", m) for k, m in sheet.check_row(clean)]
        if errors:
            report.errors.extend(errors)
        else:
            report.rows.append((number_, clean))
    if not report.rows and not report.errors:
        raise ImportRefused("کارنامه جز سرستون‌ها ردیفی ندارد.")
    return report


def display(value: Any) -> str:
    """A clean value as the report shows it back (a date in Jalali, digits in Persian)."""
    if isinstance(value, datetime.date):
        return format_jalali(value)
    return to_persian_digits("" if value is None else str(value))
