"""Reading every supported format, and a Persian ``MinutesError`` for every bad file."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from mahalleh.core.text import normalize
from mahalleh.minutes.parsing import MinutesError, parse_document
from mahalleh.minutes.parsing.bidi import fix_visual_line
from mahalleh.minutes.parsing.extract import MAX_BYTES

SEEDS = Path(__file__).resolve().parents[2] / "src" / "mahalleh" / "demo" / "seeds"


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def texts(parsed) -> list[str]:
    return [normalize(r.text) for r in parsed.resolutions]


def utf8_result(prefix: str) -> dict:
    return parse_document(seed_text(prefix).encode("utf-8"), "seed.txt").to_json_dict()


def is_persian_error(exc: MinutesError) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in exc.message)


# --- encodings ---------------------------------------------------------------------------------


def as_windows_1256(text: str) -> bytes:
    """What Windows tools save: Persian yeh as Arabic yeh and Latin digits (cp1256 has neither
    U+06CC nor Persian digits); every other letter, ZWNJ included, exists in cp1256."""
    from mahalleh.core.text import to_latin_digits

    return to_latin_digits(text).replace("ی", "ي").replace("ہ", "ه").encode("cp1256")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_windows_1256_text_reads_like_utf8(prefix):
    data = as_windows_1256(seed_text(prefix))
    got = parse_document(data, "seed.txt")
    same_text_utf8 = parse_document(data.decode("cp1256").encode("utf-8"), "seed.txt")
    assert got.to_json_dict() == same_text_utf8.to_json_dict()
    original = parse_document(seed_text(prefix).encode("utf-8"), "seed.txt")
    assert texts(got) == texts(original)
    assert got.to_json_dict()["date_jalali"] == original.to_json_dict()["date_jalali"]
    assert len(got.absentees) == len(original.absentees)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-le", b""), ("utf-16-be", b"")],
)
def test_utf8_bom_and_utf16(encoding, bom):
    data = bom + seed_text("003").encode(encoding)
    assert parse_document(data, "seed.txt").to_json_dict() == utf8_result("003")


# --- html, docx, pdf ---------------------------------------------------------------------------


def test_html_tables_become_tab_rows():
    rows = "".join(
        f"<tr><td>{cells[0]}</td><td>{cells[1]}</td><td>{cells[2]}</td></tr>"
        for cells in [
            ("ردیف", "مصوبات", "اقدام کننده"),
            ("۱", "مقرر گردید: شهرداری معابر را روشن کند.", "شهرداری"),
        ]
    )
    html = f"<html><body><p>موضوع: سومین جلسه ستاد شهرستان</p><p>تاریخ: ۱۴۰۲/۰۱/۱۵</p><table>{rows}</table></body></html>"
    m = parse_document(html.encode("utf-8"), "m.html")
    assert (m.number, m.date_jalali, m.body) == (3, "1402/01/15", "ستاد شهرستان")
    assert [(r.number, r.text, r.responsible_written) for r in m.resolutions] == [
        (1, "شهرداری معابر را روشن کند.", "شهرداری")
    ]


def build_docx(
    lines: list[str], table: list[list[str]] | None = None, after: list[str] | None = None
) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for k, value in enumerate(row):
                t.cell(i, k).text = value
    for line in after or []:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def seed_as_docx(prefix: str) -> bytes:
    """The seed rebuilt as Word: paragraphs, and tab lines as one table per block, in body order."""
    import docx

    document = docx.Document()
    block: list[list[str]] = []

    def flush():
        if block:
            width = max(len(r) for r in block)
            t = document.add_table(rows=len(block), cols=width)
            for i, row in enumerate(block):
                for k, value in enumerate(row):
                    t.cell(i, k).text = value
            block.clear()

    for line in seed_text(prefix).split("\n"):
        if "\t" in line:
            block.append(line.split("\t"))
        else:
            flush()
            document.add_paragraph(line)
    flush()
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_docx_of_a_seed_parses_like_the_text(prefix):
    got = parse_document(seed_as_docx(prefix), "seed.docx").to_json_dict()
    want = utf8_result(prefix)
    for name in ("body", "number", "date_jalali", "weekday", "time", "place", "invitation_number", "agenda"):
        assert got[name] == want[name], name
    assert got["resolutions"] == want["resolutions"]
    assert got["absentees"] == want["absentees"]


def test_docx_numbered_paragraphs_stay_a_list():
    data = build_docx(
        ["موضوع: دومین جلسه کارگروه اجتماعی شهرستان", "تاریخ جلسه: ۱۴۰۲/۰۴/۰۱", "مصوبات:"],
        after=["مقرر شد شهرداری پارک محله را بازسازی کند. (مسئول: شهرداری، مهلت: سه ماه)"],
    )
    m = parse_document(data, "m.docx")
    assert [(r.number, r.text, r.responsible_written, r.deadline_raw) for r in m.resolutions] == [
        (1, "شهرداری پارک محله را بازسازی کند.", "شهرداری", "سه ماه")
    ]
    assert m.to_json_dict()["resolutions"][0]["due_jalali"] == "1402/07/01"


def seed_as_pdf(prefix: str) -> bytes:
    """Render the seed's resolutions as a numbered list in a PDF with weasyprint (Persian shaping, RTL)."""
    import html

    import weasyprint

    parsed = parse_document(seed_text(prefix).encode("utf-8"), "seed.txt")
    items = "".join(
        f"<p>{r.number}- {html.escape(r.text)} (مسئول: {html.escape(r.responsible_written or '')}، "
        f"مهلت: {html.escape(r.deadline_raw or '-')})</p>"
        for r in parsed.resolutions
    )
    doc = (
        "<html><head><meta charset='utf-8'><style>@page{size:A3 landscape;margin:1cm}"
        "body{direction:rtl;font-size:9pt;font-family:'DejaVu Sans'}</style></head><body>"
        f"<p>موضوع: {html.escape(parsed.subject or '')}</p><p>تاریخ تشکیل: ۱۴۰۱/۰۴/۲۳</p><p>مصوبات:</p>{items}</body></html>"
    )
    return weasyprint.HTML(string=doc).write_pdf()


@pytest.mark.parametrize("prefix", ["002", "003"])
def test_pdf_with_text_layer_round_trips_resolutions(prefix):
    want = parse_document(seed_text(prefix).encode("utf-8"), "seed.txt")
    got = parse_document(seed_as_pdf(prefix), "seed.pdf")
    assert got.date_jalali == "1401/04/23"
    assert texts(got) == texts(want)
    assert [r.number for r in got.resolutions] == [r.number for r in want.resolutions]


def as_table_pdf(text: str) -> bytes:
    """The document as a PDF whose tab rows are bordered table rows (long cells wrap onto several lines,
    as in the official minutes), the other lines paragraphs; Vazirmatn, RTL."""
    import html

    import weasyprint

    parts = []
    for line in text.split("\n"):
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            parts.append(f"<table><tr>{cells}</tr></table>")
        elif line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    return weasyprint.HTML(string=(
        '<html dir="rtl" lang="fa"><head><meta charset="utf-8"><style>'
        "body{font-family:Vazirmatn,'DejaVu Sans',sans-serif;font-size:10pt}"
        "table{width:100%;border-collapse:collapse}td{border:1px solid #999;padding:2px}"
        "</style></head><body>" + "".join(parts) + "</body></html>")).write_pdf()


@pytest.mark.parametrize("name", ["h01_county_hq_tab_table.txt", "h16_three_columns_wrapped_cells.txt", "seed-001"])
def test_pdf_table_rows_with_wrapped_cells_read_as_their_text(name):
    """Each cell's lines are one cell, each row one line; one-word cells («ردیف», «مستمر») are turned
    the way the rest of the page is."""
    text = seed_text("001") if name == "seed-001" else (Path(__file__).parent / "heldout" / name).read_text("utf-8")
    want = parse_document(text.encode("utf-8"), "minutes.txt")
    got = parse_document(as_table_pdf(text), "minutes.pdf")
    assert (got.number, got.date) == (want.number, want.date)
    assert [(r.number, r.text, r.responsible_written, r.deadline_raw) for r in got.resolutions] == [
        (r.number, r.text, r.responsible_written, r.deadline_raw) for r in want.resolutions
    ]
    assert len(want.resolutions) >= 3


def test_visual_order_line_is_reversed_back():
    logical = "مقرر گردید در جلسه ۱۴ استان گزارش دهند"
    visual = re.sub(r"[۰-۹]+", lambda m: m.group(0)[::-1], logical[::-1])  # digits stay left-to-right
    assert fix_visual_line(visual) == logical
    # a lam-alef ligature is one glyph: reversing glyphs, not letters, keeps «لا» (not «ال»)
    glyphs = ["ب", "ح", "ا", "ص", "لا", "ب", " ", "م", "ز", "لا", " ", "ر", "د"]
    assert fix_visual_line(glyphs) == "در لازم بلاصاحب"
    assert fix_visual_line(logical) == logical


# --- bad files ---------------------------------------------------------------------------------


def _error(data: bytes, name: str) -> MinutesError:
    with pytest.raises(MinutesError) as info:
        parse_document(data, name)
    assert is_persian_error(info.value)
    return info.value


def test_empty_file():
    assert "خالی" in _error(b"", "a.txt").message
    assert "خالی" in _error(b"\xef\xbb\xbf  \n", "a.txt").message


def test_not_minutes():
    assert "صورتجلسه" in _error("سلام، این یک نامه معمولی است.".encode(), "a.txt").message


def test_minutes_without_resolutions():
    data = "موضوع: پنجمین صورتجلسه قرارگاه اجتماعی استان\nتاریخ تشکیل: ۱۴۰۱/۰۱/۰۱\n".encode()
    assert "مصوبه" in _error(data, "a.txt").message


def test_too_large():
    assert "حجم" in _error(b"a" * (MAX_BYTES + 1), "a.txt").message


def test_unsupported_types():
    assert "پشتیبانی" in _error(b"\x89PNG\r\n\x1a\n....", "scan.png").message
    assert "docx" in _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc").message


def test_docx_that_is_not_a_zip():
    assert "docx" in _error("متن ساده با پسوند اشتباه".encode(), "m.docx").message


def test_zip_without_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "x")
    assert "docx" in _error(buf.getvalue(), "m.docx").message


def test_zip_bomb_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (60 * 1024 * 1024))
    assert len(buf.getvalue()) < 1024 * 1024
    assert "فشرده" in _error(buf.getvalue(), "bomb.docx").message


def test_corrupt_docx_inside_a_valid_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "not xml")
        zf.writestr("word/document.xml", "<not-word")
    assert "docx" in _error(buf.getvalue(), "broken.docx").message


def test_encrypted_pdf():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(seed_as_pdf("003"))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    assert "رمز" in _error(buf.getvalue(), "locked.pdf").message


def test_scanned_pdf_without_text():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    assert "متن ندارد" in _error(buf.getvalue(), "scan.pdf").message


def test_broken_pdf():
    assert "PDF" in _error(b"%PDF-1.4\n garbage", "x.pdf").message


def test_absentees_laid_out_in_columns_are_each_read():
    """A list set in two columns comes out of a PDF as rows of «number, name, number, name»."""
    from mahalleh.minutes.parsing.absentees import find_absentees

    lines = [
        "اسامی غایبین جلسه:",
        "۱-\tشهرداری فردیس\t۳-\tفرمانداری شهرستان طالقان",
        "۲-\tفرمانداری شهرستان اشتهارد",
        "",
    ]
    names, heading = find_absentees(lines)
    assert heading == 0
    assert names == ["شهرداری فردیس", "فرمانداری شهرستان طالقان", "فرمانداری شهرستان اشتهارد"]
    # a table row with one number and a representative's column stays one absentee
    assert find_absentees(["غایبین:", "", "۱\tاداره کل ورزش و جوانان\tآقای رضایی"])[0] == ["اداره کل ورزش و جوانان"]


# --- PDF layouts that Word and WeasyPrint produce (found by a review that tried to break the reader) ----

PDF_CSS = ("body{font-family:Vazirmatn;font-size:10pt} table{width:100%;border-collapse:collapse} "
           "td{border:1px solid #000;padding:2px}")
TABLE_HEAD = "<tr><td>ردیف</td><td>مصوبات</td><td>اقدام کننده</td><td>زمان اقدام</td></tr>"


def html_pdf(body: str, css: str = "") -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f'<html dir="rtl" lang="fa"><head><meta charset="utf-8"><style>{PDF_CSS}{css}'
                           f"</style></head><body>{body}</body></html>").write_pdf()


def test_pdf_table_rows_cut_by_page_breaks_are_put_back_together():
    long = "مقرر گردید اداره کل راه و شهرسازی استان نسبت به پیگیری موضوع اقدام نماید و گزارش آن را ارائه نماید " * 6
    rows = "".join(f"<tr><td>{i}</td><td>{long}</td><td>اداره کل</td><td>مستمر</td></tr>" for i in range(1, 9))
    got = parse_document(html_pdf("<p>صورتجلسه</p><table>" + TABLE_HEAD + rows + "</table>", "@page{size:A5}"), "a.pdf")
    assert [r.number for r in got.resolutions] == list(range(1, 9))
    assert all(r.responsible_written == "اداره کل" and r.deadline_kind == "continuous" for r in got.resolutions)


def test_pdf_borderless_table_and_columns_read_row_by_row():
    rows = "".join(f"<tr><td>{i}</td><td>مقرر گردید موضوع {i} پیگیری شود</td><td>دبیرخانه</td><td>مستمر</td></tr>"
                   for i in range(1, 4))
    absent = ("<p>اسامی غایبین جلسه:</p><table><tr><td>۱-</td><td>اداره کل راه و شهرسازی</td><td>۲-</td>"
              "<td>اداره کل منابع طبیعی</td></tr><tr><td>۳-</td><td>شرکت آب و فاضلاب</td><td>۴-</td>"
              "<td>اداره کل بهزیستی</td></tr></table>")
    got = parse_document(html_pdf("<table>" + TABLE_HEAD + rows + "</table>" + absent, "td{border:none}"), "b.pdf")
    assert [(r.number, r.responsible_written) for r in got.resolutions] == [(i, "دبیرخانه") for i in (1, 2, 3)]
    assert sorted(a.written for a in got.absentees) == sorted(
        ["اداره کل راه و شهرسازی", "اداره کل منابع طبیعی", "شرکت آب و فاضلاب", "اداره کل بهزیستی"])


def test_pdf_running_footer_is_dropped_wherever_the_page_number_sits():
    from mahalleh.minutes.parsing.extract import pdf_text

    body = "".join(f"<p>بند {i} مقرر گردید موضوع پیگیری شود</p>" for i in range(1, 40))
    css = ("@page{size:A5; @bottom-left{content:'صفحه ' counter(page) ' از ' counter(pages)} "
           "@bottom-right{content:'صورتجلسه شورای اداری'}}")
    text = pdf_text(html_pdf(body, css))
    assert "صفحه" not in text and "شورای اداری" not in text
    assert "بند 39 مقرر گردید موضوع پیگیری شود" in text


def test_resolutions_table_ends_at_the_absentees_heading():
    text = (TABLE_HEAD.replace("<tr><td>", "").replace("</td><td>", "\t").replace("</td></tr>", "") + "\n"
            "۱\tمقرر گردید موضوع پیگیری شود\tدبیرخانه\tمستمر\n"
            "اسامی غایبین جلسه:\n"
            "۱-\tاداره کل راه و شهرسازی\t۲-\tاداره کل منابع طبیعی\n")
    got = parse_document(text.encode("utf-8"), "x.txt")
    assert [(r.number, r.responsible_written) for r in got.resolutions] == [(1, "دبیرخانه")]
    assert [a.written for a in got.absentees] == ["اداره کل راه و شهرسازی", "اداره کل منابع طبیعی"]
