"""Reading an upload cannot take the server's memory or time (a limited child process, core.sandbox), and
nothing is cut silently: a long table is read whole, or refused with a message."""

from __future__ import annotations

import io
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mahalleh.core.sandbox import Limits, SandboxMemoryExceeded, SandboxRaised, SandboxTimeout, run_limited
from mahalleh.minutes.importing import import_document
from mahalleh.minutes.models import MinutesImport
from mahalleh.minutes.parsing import MinutesError, parse_document
from mahalleh.minutes.parsing.limited import parse_document_limited
from tests.factories import BodyFactory

# --- the runner --------------------------------------------------------------------------------------


def test_the_runner_answers_with_the_functions_value():
    assert run_limited("os.path:join", "a", "b", limits=Limits(256, 5, 10)) == "a/b"


def test_the_runner_stops_a_child_past_its_memory():
    with pytest.raises(SandboxMemoryExceeded):
        run_limited("builtins:bytearray", 2 * 1024**3, limits=Limits(256, 5, 10))


def test_the_runner_kills_a_child_past_its_wall_clock_time():
    started = time.monotonic()
    with pytest.raises(SandboxTimeout):
        run_limited("time:sleep", 30, limits=Limits(256, 5, 1))
    assert time.monotonic() - started < 10


def test_what_the_function_raises_comes_back_by_name():
    with pytest.raises(SandboxRaised) as caught:
        run_limited("json:loads", "{", limits=Limits(256, 5, 10))
    assert caught.value.kind == "JSONDecodeError"


# --- a document that expands enormously -----------------------------------------------------------


def bomb_pdf(expanded: int = 768 * 1024**2) -> bytes:
    """A few kilobytes of PDF whose page content inflates to ``expanded`` bytes (FlateDecode twice)."""
    chunk = b" " * (1024 * 1024)
    # zlib by hand: after a full flush each megabyte of spaces deflates to the same block, so the block
    # is repeated rather than a gigabyte compressed; the checksum is still that of the whole
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = raw.compress(chunk) + raw.flush(zlib.Z_FULL_FLUSH)
    block = raw.compress(chunk) + raw.flush(zlib.Z_FULL_FLUSH)
    end = raw.flush()
    n, adler = expanded // len(chunk), 1
    for _ in range(n):
        adler = zlib.adler32(chunk, adler)
    inner = b"\x78\xda" + first + block * (n - 1) + end + adler.to_bytes(4, "big")
    stream = zlib.compress(inner, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % o for o in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bomb_pdf()


def test_the_bomb_is_small_and_inflates_to_what_it_says():
    assert len(bomb_pdf()) < 20_000
    small = bomb_pdf(3 * 1024 * 1024)
    stream = small[small.index(b"stream\n") + 7 : small.index(b"\nendstream")]
    assert zlib.decompress(zlib.decompress(stream)) == b" " * (3 * 1024 * 1024)


def test_a_decompression_bomb_is_refused_in_a_persian_message_and_leaves_no_draft(db, province, bomb, settings):
    settings.PARSE_MEMORY_MB = 512
    started = time.monotonic()
    with pytest.raises(MinutesError) as caught:
        import_document(data=bomb, filename="bomb.pdf", province=province, actor=None)
    assert "حافظه مجاز" in caught.value.message and "۵۱۲" in caught.value.message
    assert time.monotonic() - started < 30
    assert not MinutesImport.objects.exists()


def test_the_upload_page_answers_the_bomb_with_the_message(client, province, secretariat, bomb, settings):
    settings.PARSE_MEMORY_MB = 512
    BodyFactory(province=province, county=None)
    client.force_login(secretariat)
    response = client.post(reverse("minutes:upload"), {"files": [SimpleUploadedFile("bomb.pdf", bomb)]})
    assert response.status_code == 200
    assert "حافظه مجاز" in response.content.decode()
    assert not MinutesImport.objects.exists()
    # the server still answers
    assert client.get(reverse("minutes:upload")).status_code == 200


def test_a_parse_past_its_time_is_stopped_with_a_persian_message(db, province, settings):
    settings.PARSE_TIMEOUT_SECONDS = 0.05  # a test-only limit: the child cannot even start in time
    seed = "صورتجلسه\nمصوبات:\n۱- مقرر گردید شهرداری معابر را روشن کند.".encode()
    with pytest.raises(MinutesError) as caught:
        import_document(data=seed, filename="m.txt", province=province, actor=None)
    assert "ثانیه طول کشید" in caught.value.message
    assert not MinutesImport.objects.exists()


def test_the_limited_reader_gives_what_the_plain_one_gives(db, province):
    from pathlib import Path

    seed = next((Path(__file__).resolve().parents[2] / "src/mahalleh/demo/seeds").glob("003_*.txt")).read_bytes()
    limited = parse_document_limited(seed, "14.txt", province=province)
    plain = parse_document(seed, "14.txt", province=province)
    assert limited == plain


# --- nothing cut silently -------------------------------------------------------------------------------


def table_docx(rows: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("موضوع: سومین جلسه ستاد شهرستان کرج")
    document.add_paragraph("تاریخ تشکیل: ۱۴۰۲/۰۱/۱۵")
    document.add_paragraph("مصوبات:")
    table = document.add_table(rows=rows + 1, cols=4)
    for k, value in enumerate(["ردیف", "مصوبات", "اقدام کننده", "مهلت اجرا"]):
        table.cell(0, k).text = value
    for i, row in enumerate(list(table.rows)[1:], 1):  # table.rows[i] walks the table each time
        cells = row.cells
        cells[0].text, cells[1].text = str(i), f"مقرر گردید معبر شماره {i} روشن شود."
        cells[2].text, cells[3].text = "شهرداری", "یک ماه"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_table_of_1200_rows_is_read_whole():
    parsed = parse_document(table_docx(1200), "m.docx")
    assert [r.number for r in parsed.resolutions] == list(range(1, 1201))
    assert parsed.resolutions[-1].text == "معبر شماره 1200 روشن شود."


def test_a_list_of_1200_items_is_read_whole():
    lines = ["موضوع: سومین جلسه ستاد شهرستان کرج", "تاریخ تشکیل: ۱۴۰۲/۰۱/۱۵", "مصوبات:"]
    lines += [f"{i}- مقرر گردید معبر شماره {i} روشن شود." for i in range(1, 1201)]
    parsed = parse_document("\n".join(lines).encode(), "m.txt")
    assert [r.number for r in parsed.resolutions] == list(range(1, 1201))


def test_more_resolutions_than_the_limit_are_refused_not_cut():
    from mahalleh.minutes.parsing.document import MAX_RESOLUTIONS

    with pytest.raises(MinutesError) as caught:
        parse_document(table_docx(MAX_RESOLUTIONS + 1), "m.docx")
    assert "۲٬۰۰۱ مصوبه" in caught.value.message


def test_a_pdf_longer_than_the_page_limit_is_refused_not_cut(monkeypatch):
    import pypdf

    from mahalleh.minutes.parsing import extract

    writer = pypdf.PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    monkeypatch.setattr(extract, "MAX_PDF_PAGES", 2)
    with pytest.raises(MinutesError) as caught:
        parse_document(out.getvalue(), "m.pdf")
    assert "۳ صفحه" in caught.value.message


def test_the_review_form_takes_all_1200_rows(rf, province, secretariat):
    """Django caps a formset at 1,000 forms and a POST at 1,000 fields: the review's form takes them all."""
    from mahalleh.minutes.forms import ResolutionFormSet

    post = {"r-TOTAL_FORMS": "1200", "r-INITIAL_FORMS": "1200", "r-MIN_NUM_FORMS": "0", "r-MAX_NUM_FORMS": "2000"}
    for i in range(1200):
        post |= {f"r-{i}-number": str(i + 1), f"r-{i}-text": f"متن {i}", f"r-{i}-deadline_raw": "یک ماه",
                 f"r-{i}-responsible_written": "شهرداری"}
    request = rf.post(reverse("minutes:review", args=[1]), post)
    formset = ResolutionFormSet(request.POST, prefix="r", form_kwargs={"province": province, "user": secretariat})
    assert formset.is_valid(), formset.non_form_errors()
    assert [f.cleaned_data["text"] for f in formset][-1] == "متن 1199"
    assert len(formset.forms) == 1200
