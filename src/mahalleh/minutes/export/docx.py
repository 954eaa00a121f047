"""Official minutes as a Word document (python-docx), right-to-left in the Vazirmatn font.

Word shapes Persian only with complex-script properties: every paragraph carries ``w:bidi``, every
run ``w:rtl`` and the complex-script font/size/bold (``w:cs``, ``w:szCs``, ``w:bCs``), and tables
``w:bidiVisual`` so their first column is on the right.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from mahalleh.core.text import to_persian_digits
from mahalleh.meetings.models import Meeting
from mahalleh.minutes.export.context import MinutesContext, Segment, build_minutes_context

FONT = "Vazirmatn"
BASE_SIZE = Pt(10.5)
TABLE_SIZE = Pt(9.5)
PARAGRAPH_GAP = Pt(3)
HEADER_FILL = "E6E6E6"
# Column widths on an A4 page with 1.6 cm margins (17.8 cm of text width).
HEADER_WIDTHS = (Cm(2.6), Cm(2.2), Cm(1.8), Cm(4.8), Cm(3.2), Cm(3.2))
RESOLUTION_WIDTHS = (Cm(1.1), Cm(10.3), Cm(4.2), Cm(2.2))


def _set(parent: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    """The child ``tag`` of ``parent`` (created if missing) with ``attrs`` set as ``w:`` attributes."""
    el: BaseOxmlElement | None = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _font_properties(rpr: BaseOxmlElement, *, size: Pt, bold: bool = False) -> None:
    _set(rpr, "w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
    if bold:
        _set(rpr, "w:b")
        _set(rpr, "w:bCs")
    half_points = str(int(size.pt * 2))
    _set(rpr, "w:sz", val=half_points)
    _set(rpr, "w:szCs", val=half_points)
    _set(rpr, "w:rtl")
    _set(rpr, "w:lang", val="fa-IR", bidi="fa-IR")


def _paragraph(
    target: DocumentObject | BlockItemContainer,
    segments: Iterable[Segment] | str,
    *,
    bold: bool = False,
    size: Pt = BASE_SIZE,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_after: Pt = PARAGRAPH_GAP,
) -> Paragraph:
    """A right-to-left paragraph of runs added to a document or a table cell."""
    if isinstance(target, _Cell) and len(target.paragraphs) == 1 and not target.paragraphs[0].runs:
        p: Paragraph = target.paragraphs[0]  # a new cell already holds one empty paragraph
    else:
        p = target.add_paragraph()
    _set(p._p.get_or_add_pPr(), "w:bidi")
    # Alignment is left unset for ordinary text: in a bidi paragraph the default start is the right edge.
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = space_after
    p.paragraph_format.space_before = Pt(0)
    runs = [Segment(segments, bold)] if isinstance(segments, str) else list(segments)
    for seg in runs:
        run = p.add_run(seg.text)
        _font_properties(run._r.get_or_add_rPr(), size=size, bold=bold or seg.bold)
    return p


def _table(doc: DocumentObject, rows: int, cols: int) -> Table:
    table: Table = doc.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.table_direction = WD_TABLE_DIRECTION.RTL  # w:bidiVisual
    return table


def _add_row(table: Table) -> _Row:
    # python-docx 1.2 leaves Table.add_row unannotated; it returns the new _Row.
    row: _Row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves add_row unannotated
    return row


def _fix_widths(table: Table, widths: tuple[Cm, ...]) -> None:
    """Fixed column widths (the grid and every cell), cells centred vertically."""
    table.autofit = False  # w:tblLayout fixed
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        if len({id(cell._tc) for cell in row.cells}) < len(widths):
            continue  # a merged row keeps the span's width from the grid
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _shade(cell: _Cell) -> None:
    _set(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=HEADER_FILL)


def _repeat_header(table: Table) -> None:
    """The column headers repeat on every page the table crosses."""
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as a run of its own."""
    run = paragraph.add_run()
    _font_properties(run._r.get_or_add_rPr(), size=Pt(9))
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "۱"),
        ("end", None),
    ):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.left_margin = section.right_margin = Cm(1.6)
    # Word checks the order of a section's properties: w:bidi goes before w:docGrid.
    bidi = OxmlElement("w:bidi")
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        grid.addprevious(bidi)
    else:
        section._sectPr.append(bidi)
    # Theme fonts in the document defaults would win over a font name in Word: name Vazirmatn there too.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None and (rpr := rpr_default.find(qn("w:rPr"))) is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{theme}"), None)
        _set(rpr, "w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
        _set(rpr, "w:lang", val="fa-IR", bidi="fa-IR")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    _font_properties(normal.element.get_or_add_rPr(), size=BASE_SIZE)
    _set(normal.element.get_or_add_pPr(), "w:bidi")
    footer = _paragraph(section.footer, "صفحه ", size=Pt(9), align=WD_ALIGN_PARAGRAPH.CENTER)
    _field(footer, "PAGE")
    run = footer.add_run(" از ")
    _font_properties(run._r.get_or_add_rPr(), size=Pt(9))
    _field(footer, "NUMPAGES")


def _heading(doc: DocumentObject, text: str) -> None:
    _paragraph(doc, text, bold=True, size=Pt(11), space_after=Pt(2)).paragraph_format.space_before = Pt(8)


def build_docx(m: MinutesContext) -> bytes:
    """Lay out already gathered minutes as .docx bytes."""
    doc = Document()
    _setup(doc)
    doc.core_properties.title = m.title
    doc.core_properties.language = "fa-IR"

    _paragraph(doc, "بسمه تعالی", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(0))
    for line in m.org_lines:
        _paragraph(doc, line, bold=True, size=Pt(11), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(0))
    _paragraph(
        doc, f"موضوع: {m.subject}", bold=True, size=Pt(13), align=WD_ALIGN_PARAGRAPH.CENTER
    ).paragraph_format.space_before = Pt(8)

    header = _table(doc, 2, len(m.header_labels))
    for i, (label, value) in enumerate(zip(m.header_labels, m.header_values, strict=True)):
        _shade(header.cell(0, i))
        _paragraph(
            header.cell(0, i), f"{label}:", bold=True, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        _paragraph(header.cell(1, i), value or "–", size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)

    _fix_widths(header, HEADER_WIDTHS)

    officers = []
    if m.chair:
        officers += [Segment("رئیس جلسه: ", True), Segment(m.chair + "    ")]
    if m.secretary:
        officers += [Segment("دبیر جلسه: ", True), Segment(m.secretary)]
    if officers:
        _paragraph(doc, officers).paragraph_format.space_before = Pt(6)

    if m.agenda:
        _heading(doc, "دستور کار:")
        for i, item in enumerate(m.agenda, start=1):
            _paragraph(doc, [Segment(f"{to_persian_digits(i)}- "), Segment(item)], space_after=Pt(1))

    if m.narrative:
        _heading(doc, "شرح مذاکرات:")
        for segments in m.narrative:
            p = _paragraph(doc, segments, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            p.paragraph_format.first_line_indent = Cm(0.6)

    _heading(doc, f"{m.resolutions_title}:")
    table = _table(doc, 1, len(m.resolution_columns))
    for i, title in enumerate(m.resolution_columns):
        _shade(table.cell(0, i))
        _paragraph(table.cell(0, i), title, bold=True, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    for r in m.resolutions:
        cells = _add_row(table).cells
        _paragraph(cells[0], r.number, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
        text = ([Segment(r.lead_in + " ", True)] if r.lead_in else []) + [Segment(r.text)]
        _paragraph(cells[1], text, size=TABLE_SIZE)
        _paragraph(cells[2], r.agencies, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(cells[3], r.deadline, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    if not m.resolutions:
        cells = _add_row(table).cells
        merged = cells[0].merge(cells[-1])
        _paragraph(merged, "مصوبه‌ای ثبت نشده است.", size=TABLE_SIZE)
    for row in table.rows:
        _set(row._tr.get_or_add_trPr(), "w:cantSplit")
    _repeat_header(table)  # after w:cantSplit, as the schema orders them
    _fix_widths(table, RESOLUTION_WIDTHS)

    if m.absentees:
        _heading(doc, f"{m.absentees_title}:")
        for i, name in enumerate(m.absentees, start=1):
            _paragraph(doc, f"{to_persian_digits(i)}- {name}", space_after=Pt(0))

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_minutes_docx(meeting: Meeting | int) -> bytes:
    """The meeting's official minutes as .docx bytes (A4, RTL, Vazirmatn, page numbers in the footer)."""
    return build_docx(build_minutes_context(meeting))
