"""File bytes → plain text: tables as tab-separated lines, list items as lines.

Reads .txt/.md (UTF-8, UTF-8 with BOM, UTF-16, Windows-1256), .html, .docx and .pdf with a text layer.
Every failure is a ``MinutesError`` with a Persian message.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

from mahalleh.core.text import to_persian_digits
from mahalleh.minutes.parsing.bidi import fix_visual_line
from mahalleh.minutes.parsing.errors import MinutesError

MAX_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_PDF_PAGES = 200  # a longer PDF is refused (with a message), never read in part

_PERSIAN = re.compile(r"[\u0600-\u06ff]")
_TEXT_EXT = {"txt", "md", "markdown", "text", "csv", "tsv", ""}
_HTML_EXT = {"html", "htm", "xhtml"}


def extract_text(data: bytes, filename: str) -> str:
    """The document's text, one table row or paragraph per line."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise MinutesError("فایل خالی است.")
    if len(data) > MAX_BYTES:
        raise MinutesError(f"حجم فایل بیش از {MAX_BYTES // (1024 * 1024)} مگابایت است.")
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext == "pdf" or (ext not in _HTML_EXT | {"docx"} and data.startswith(b"%PDF")):
        return pdf_text(data)
    if ext == "docx" or (ext in _TEXT_EXT and data.startswith(b"PK\x03\x04")):
        return docx_text(data)
    if ext in {
        "doc",
        "rtf",
        "odt",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "tif",
        "tiff",
        "zip",
    }:
        raise MinutesError(
            f"نوع فایل «{ext}» پشتیبانی نمی‌شود؛ فایل را با قالب docx، pdf، html یا متن ساده بفرستید."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise MinutesError("فایل‌های Word قدیمی (doc) پشتیبانی نمی‌شوند؛ آن را با قالب docx ذخیره کنید.")
    text = decode_text(data)
    if ext in _HTML_EXT or re.search(r"<(?:html|body|table|tr|td|div)\b", text[:200000], re.I):
        text = html_to_text(text)
    return markdown_tables(text)


def decode_text(data: bytes) -> str:
    """Decode text bytes: BOMs, strict UTF-8, UTF-16 without BOM, then Windows-1256."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise MinutesError("متن فایل با رمزگذاری UTF-16 خوانده نشد.") from e
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    zeros = data.count(b"\x00")
    if zeros > len(data) // 4:
        codec = "utf-16-le" if data[1::2].count(b"\x00") > data[0::2].count(b"\x00") else "utf-16-be"
        text = data.decode(codec, errors="replace")
        if _persian_share(text) > 0.2 or text.isascii():
            return text
    cp = data.decode("cp1256", errors="replace")
    if _persian_share(cp) > 0.3:
        return cp
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except MemoryError:
        raise
    except Exception:  # the detector is a last resort; any failure means «unknown»
        best = None
    if best is not None:
        return str(best)
    raise MinutesError("رمزگذاری متن فایل شناخته نشد؛ فایل را با UTF-8 ذخیره کنید.")


def _persian_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return len(_PERSIAN.findall("".join(letters))) / len(letters) if letters else 0.0


class _HtmlToText(HTMLParser):
    """Cells become tab-separated, rows and block elements become lines."""

    _BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "section", "article", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.in_cell = 0
        self.lists: list[int | None] = []  # open <ol> (item counter) / <ul> (None), innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in ("ol", "ul"):
            # an <ol> styled without markers usually has the numbers typed into its items already
            unnumbered = tag == "ul" or "none" in (dict(attrs).get("style") or "").replace(" ", "")
            self.lists.append(None if unnumbered else 0)
            self.out.append(" " if self.in_cell else "\n")
        elif tag == "li" and not self.in_cell:
            # keep the item's number: «۳-» is how resolutions and agenda items are told apart from prose
            counter = self.lists[-1] if self.lists else None
            if counter is not None:
                self.lists[-1] = counter + 1
                self.out.append(f"\n{counter + 1}- ")
            else:
                self.out.append("\n")
        elif tag == "tr":
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.in_cell += 1
            self.out.append("\t")
        elif tag in self._BLOCK or tag == "li":
            self.out.append(" " if self.in_cell else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self.in_cell = max(0, self.in_cell - 1)
        elif tag in ("ol", "ul"):
            if self.lists:
                self.lists.pop()
            self.out.append(" " if self.in_cell else "\n")
        elif tag in ("tr", "table") or tag in self._BLOCK:
            self.out.append(" " if self.in_cell else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _HtmlToText()
    try:
        parser.feed(html)
        parser.close()
    except MemoryError:
        raise
    except Exception as e:  # html.parser rarely raises, but it must never escape
        raise MinutesError("ساختار HTML فایل خوانده نشد.") from e
    lines = []
    for line in "".join(parser.out).split("\n"):
        # a row starts with a tab (its first cell); drop it, keep the rest aligned
        line = line[1:] if line.startswith("\t") else line
        lines.append(line.rstrip() if "\t" not in line else line.rstrip(" "))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def markdown_tables(text: str) -> str:
    """Markdown pipe tables → tab rows (separator rows dropped)."""
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if _PIPE_SEP.match(s) and "|" in s:
            continue
        if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
            out.append("\t".join(c.strip() for c in s[1:-1].split("|")))
        else:
            out.append(line)
    return "\n".join(out)


def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise MinutesError("فایل docx معتبر نیست (فایل فشرده Word نیست یا خراب است).") from e
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED or (total > MAX_RATIO * max(len(data), 1) and total > 1024 * 1024):
        raise MinutesError("فایل docx بیش از حد فشرده است و باز نمی‌شود (احتمال بمب فشرده‌سازی).")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise MinutesError("فایل docx معتبر نیست (بخش متن سند Word را ندارد).")
    return zf


def docx_text(data: bytes) -> str:
    """Paragraphs and tables in body order; numbered paragraphs get a «- » so lists stay lists."""
    _check_zip(data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                p = Paragraph(child, document)
                numbered = child.find(".//{*}numPr") is not None
                lines.append(("- " if numbered and p.text.strip() else "") + p.text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells, seen = [], set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        cells.append(" ".join(p.text.strip() for p in cell.paragraphs).strip())
                    lines.append("\t".join(cells))
                lines.append("")
    except (MinutesError, MemoryError):
        raise
    except Exception as e:  # python-docx/lxml raise many kinds; the user needs one message
        raise MinutesError("فایل docx خوانده نشد؛ ممکن است خراب باشد.") from e
    return "\n".join(lines)


def _pdf_lines(data: bytes) -> list[str]:
    """Lines of text from pdfminer's layout, page by page (see ``pdf_layout``), a blank line after each page.

    Page footers («صفحه ۱ از ۲», and what runs beside them) are dropped. A table row cut by a page break
    goes on at the top of the next page with an empty number cell (after the table's heading row, if it
    is repeated): it is put back together with the row it continues.
    """
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    from mahalleh.minutes.parsing.pdf_layout import page_lines

    lines: list[str] = []
    for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
        page_text = [line for line in page_lines(page) if not _PAGE_FOOTER.search(line)]
        last = next((line for line in reversed(lines) if line), "")
        if page_text and "\t" in last:
            first = 1 if len(page_text) > 1 and page_text[0] in lines else 0  # a repeated heading row
            cells, before = page_text[first].split("\t"), last.split("\t")
            if len(cells) == len(before) and not cells[0].strip():
                joined = "\t".join(" ".join(p for p in (a.strip(), b.strip()) if p) for a, b in zip(before, cells, strict=True))
                lines[len(lines) - 1 - lines[::-1].index(last)] = joined
                del page_text[first]
        lines.extend(page_text)
        lines.append("")
    return lines


# «صفحه ۱ از ۲», alone or in a cell of the running footer or header (with the minutes' subject beside it).
_PAGE_FOOTER = re.compile(r"(^|\t)\s*صفحه\s*[0-9۰-۹]+\s*از\s*[0-9۰-۹]+\s*(\t|$)")


def pdf_text(data: bytes) -> str:
    """Text of a PDF's text layer (pdfminer keeps table cells apart); encrypted or scanned → error."""
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = bool(reader.decrypt(""))
            except Exception:  # a missing crypto backend also means «cannot open»
                ok = False
            if not ok:
                raise MinutesError("فایل PDF رمزدار است؛ نسخه بدون رمز را بفرستید.")
        n_pages = len(reader.pages)
        if n_pages > MAX_PDF_PAGES:
            raise MinutesError(
                f"فایل PDF {to_persian_digits(n_pages)} صفحه دارد؛ بیش از {to_persian_digits(MAX_PDF_PAGES)} صفحه "
                "در یک نوبت خوانده نمی‌شود. آن را در چند پرونده بفرستید."
            )
    except (MinutesError, MemoryError):
        raise
    except Exception as e:  # pypdf raises many kinds for broken files
        raise MinutesError("فایل PDF خوانده نشد؛ ممکن است خراب باشد.") from e
    text = ""
    try:
        text = "\n".join(_pdf_lines(data))
    except MemoryError:  # the limit of the process reading it (core.sandbox): not «no text»
        raise
    except Exception:  # fall back to pypdf's extraction below
        text = ""
    if len(re.sub(r"\s", "", text)) < 20:
        try:
            raw = "\n".join((reader.pages[i].extract_text() or "") for i in range(n_pages))
            text = "\n".join(fix_visual_line(line) for line in raw.split("\n"))
        except MemoryError:
            raise
        except Exception:  # no text from either extractor is reported as a scanned file
            text = ""
    if len(re.sub(r"\s", "", text)) < 20:
        raise MinutesError("فایل PDF متن ندارد (احتمالاً اسکن شده است)؛ نسخه متنی یا Word آن را بفرستید.")
    return text
