"""Uploads are taken for what their bytes are (core.uploads): an allow-list checked by content, a per-file
size limit held before the bytes are kept, and a whole-request limit answered with a Persian 413."""

from __future__ import annotations

import datetime
import io
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse
from PIL import Image

from mahalleh.core import uploads
from mahalleh.core.roles import Role
from mahalleh.meetings import services
from mahalleh.meetings.models import ProgressReport, ReportAttachment
from mahalleh.minutes.models import MinutesImport
from tests.factories import AgencyFactory, BodyFactory, user_with_role

SEEDS = Path(__file__).resolve().parents[2] / "src" / "mahalleh" / "demo" / "seeds"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def image(fmt: str, **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format=fmt, **save)
    return out.getvalue()


def office(kind: str, *, part: str | None = None, content_type: str | None = None) -> bytes:
    part, ct = uploads._OFFICE_MAIN[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="{part}" ContentType="{content_type or ct}"/></Types>'))
        zf.writestr(part.lstrip("/"), "<x/>")
    return out.getvalue()


def docx_bytes() -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("گزارش")
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


# --- by content ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.4\n%%EOF", uploads.PDF),
    (image("PNG"), uploads.PNG),
    (image("JPEG"), uploads.JPEG),
    (image("GIF"), uploads.GIF),
    (image("WEBP"), uploads.WEBP),
    ("گزارش اقدام\tانجام شد".encode(), uploads.TEXT),
    ("\ufeffمتن با BOM".encode(), uploads.TEXT),
], ids=["pdf", "png", "jpeg", "gif", "webp", "text", "text-bom"])
def test_allowed_kinds_are_known_by_their_bytes(data, kind):
    assert uploads.detect(data).kind == kind


def test_real_word_and_excel_files_are_known_by_their_content_types():
    assert uploads.detect(docx_bytes()).kind == uploads.DOCX
    assert uploads.detect(xlsx_bytes()).kind == uploads.XLSX


@pytest.mark.parametrize("data", [
    HTML, SVG, b"  <html><p>hi</p></html>", "متن <script>alert(1)</script>".encode(),
    '<p>تصویر <img src=x onerror="alert(1)"></p>'.encode(), b"<svg/onload=alert(1)>",
], ids=["html", "svg", "html-leading-space", "script-in-text", "onerror", "bare-svg"])
def test_markup_is_refused_whatever_it_is_named(data):
    with pytest.raises(uploads.Refused) as caught:
        uploads.detect(data)
    assert "HTML" in caught.value.message and "SVG" in caught.value.message


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + b"not really a png",  # the magic, then nothing Pillow can open
    b"\xff\xd8\xff" + b"\x00" * 50,
    office(uploads.DOCX, content_type="application/vnd.ms-word.document.macroEnabled.main+xml"),  # .docm
    b"PK\x03\x04 broken zip",
    b"MZ\x90\x00\x03\x00\x00\x00binary\x00\x00",  # an executable
    "متن".encode("utf-16-le"),  # NULs: UTF-16 is not plain text here
    "فایل ویندوزی".replace("ی", "ي").encode("cp1256"),  # not UTF-8
], ids=["fake-png", "fake-jpeg", "docm", "bad-zip", "exe", "utf16", "cp1256"])
def test_other_bytes_are_refused(data):
    with pytest.raises(uploads.Refused):
        uploads.detect(data)


def test_the_minutes_importer_also_takes_utf16_and_windows_1256_text():
    assert uploads.detect("\ufeffصورتجلسه قرارگاه".encode("utf-16"), legacy_text=True).kind == uploads.TEXT
    assert uploads.detect("صورتجلسه قرارگاه اجتماعی".replace("ی", "ي").encode("cp1256"), legacy_text=True).kind == uploads.TEXT


def test_an_html_page_named_pdf_is_refused_with_a_persian_message():
    upload = SimpleUploadedFile("گزارش.pdf", HTML, content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        uploads.validate_upload(upload)
    message = " ".join(caught.value.messages)
    assert "«گزارش.pdf»" in message and "HTML" in message and "پذیرفته" in message


def test_a_file_gets_the_extension_of_what_it_is():
    upload = SimpleUploadedFile("report.pdf", image("PNG"), content_type="application/pdf")
    assert uploads.validate_upload(upload).kind == uploads.PNG
    assert upload.name == "report.pdf.png"
    text = SimpleUploadedFile("notes.md", "یادداشت".encode())
    uploads.validate_upload(text)
    assert text.name == "notes.md"


def test_the_images_only_field_refuses_a_pdf():
    field = uploads.SafeImageField()
    assert field.clean(SimpleUploadedFile("a.jpg", image("JPEG"))).name == "a.jpg"
    with pytest.raises(ValidationError):
        field.clean(SimpleUploadedFile("a.jpg", b"%PDF-1.4"))


def test_strip_image_metadata_drops_the_location():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 21.0)}  # GPSInfo
    exif[0x010F] = "camera maker"
    photo = SimpleUploadedFile("photo.jpg", image("JPEG", exif=exif.tobytes()))
    assert Image.open(io.BytesIO(photo.read())).getexif()
    clean = uploads.strip_image_metadata(photo)
    reopened = Image.open(io.BytesIO(clean))
    assert reopened.format == "JPEG"
    assert not reopened.getexif()
    assert reopened.size == (8, 8)


# --- on the pages ----------------------------------------------------------------------------------


@pytest.fixture
def assignment(province, secretariat):
    lead = AgencyFactory(province=province, name="اداره کل ورزش")
    meeting = services.meeting_schedule(body=BodyFactory(province=province), date=datetime.date(2022, 7, 14),
                                        actor=secretariat)
    resolution = services.resolution_create(meeting=meeting, text="زمین بسازد.", lead_agency=lead, actor=secretariat)
    return resolution.assignments.get()


def post_report(client, assignment, *files):
    client.force_login(user_with_role(Role.AGENCY, agency=assignment.agency))
    url = reverse("meetings:report_create", args=[assignment.pk])
    return client.post(url, {"text": "انجام شد", "percent": "۵۰", "idempotency_key": str(uuid.uuid4()),
                             "attachments": list(files)})


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(("name", "data"), [("report.html", HTML), ("chart.svg", SVG), ("renamed.pdf", HTML)])
def test_a_report_with_a_page_attached_is_refused_and_nothing_is_saved(client, assignment, settings, name, data):
    response = post_report(client, assignment, SimpleUploadedFile(name, data, content_type="application/pdf"))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"«{name}»" in page and "HTML" in page
    assert not ProgressReport.objects.exists()
    assert not ReportAttachment.objects.exists()
    assert media_files(settings) == []


def test_a_report_with_allowed_attachments_keeps_them(client, assignment):
    response = post_report(client, assignment, SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
                           SimpleUploadedFile("photo", image("PNG")), SimpleUploadedFile("b.docx", docx_bytes()))
    assert response.status_code == 302
    names = sorted(a.name for a in ReportAttachment.objects.all())
    assert names == ["a.pdf", "b.docx", "photo.png"]


@pytest.fixture
def importer(client, province, secretariat):
    BodyFactory(province=province, county=None)
    client.force_login(secretariat)
    return client


def test_the_minutes_upload_refuses_an_svg_and_keeps_nothing(importer, settings):
    response = importer.post(reverse("minutes:upload"), {"files": [SimpleUploadedFile("minutes.pdf", SVG)]})
    assert response.status_code == 200
    assert "«minutes.pdf»" in response.content.decode() and "SVG" in response.content.decode()
    assert not MinutesImport.objects.exists()
    assert media_files(settings) == []


def test_the_minutes_upload_still_takes_text_and_word(importer):
    seed = next(SEEDS.glob("003_*.txt")).read_bytes()
    response = importer.post(reverse("minutes:upload"), {"files": [SimpleUploadedFile("14.txt", seed)]})
    assert "پیش‌نویس آماده بازبینی است" in response.content.decode()
    assert MinutesImport.objects.count() == 1


# --- sizes -----------------------------------------------------------------------------------------


class SpyHandler(FileUploadHandler):
    """Stands where the memory/temporary-file handlers stand: records how many bytes reach them."""

    seen: list[int] = []

    def receive_data_chunk(self, raw_data, start):
        SpyHandler.seen.append(start + len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


def test_a_file_over_the_limit_is_stopped_before_it_is_kept(client, assignment, settings):
    settings.UPLOAD_MAX_FILE_BYTES = 100_000
    settings.FILE_UPLOAD_HANDLERS = ["mahalleh.core.uploads.LimitedUploadHandler", "tests.core.test_uploads.SpyHandler",
                                     "django.core.files.uploadhandler.MemoryFileUploadHandler"]
    SpyHandler.seen = []
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"0" * 1_000_000)
    response = post_report(client, assignment, big)
    assert response.status_code == 400
    assert "«big.pdf»" in response.content.decode() and "مگابایت" in response.content.decode()
    assert max(SpyHandler.seen) <= 100_000  # the rest of the body never reached a handler that keeps it
    assert not ProgressReport.objects.exists()


def test_a_file_over_the_limit_leaves_no_temporary_file(client, assignment, settings, tmp_path):
    settings.UPLOAD_MAX_FILE_BYTES = 300_000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # so the default handlers write to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    response = post_report(client, assignment, SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"0" * 2_000_000))
    assert response.status_code == 400
    assert list((tmp_path / "uploads").iterdir()) == []


def test_the_refused_placeholder_cannot_be_saved():
    refused = uploads.RefusedUpload("x.pdf", 10**9, "application/pdf")
    with pytest.raises(ValidationError):
        refused.read()


def test_a_request_over_the_limit_gets_a_persian_413(client, settings, secretariat):
    settings.REQUEST_MAX_BYTES = 50_000
    client.force_login(secretariat)
    response = client.post(reverse("minutes:upload"), {"files": [SimpleUploadedFile("a.txt", b"x" * 60_000)]})
    assert response.status_code == 413
    assert "حجم درخواست بیش از اندازه است" in response.content.decode()
    assert not MinutesImport.objects.exists()


def test_a_streamed_body_without_length_is_counted(settings, db, keep_the_connection):
    settings.REQUEST_MAX_BYTES = 50_000

    def call(body: bytes) -> tuple[str, bytes]:
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": "/accounts/login/", "SERVER_NAME": "testserver",
            "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.input_terminated": True, "wsgi.errors": io.StringIO(), "HTTP_HOST": "testserver",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",  # and no CONTENT_LENGTH: a chunked body
            "HTTP_COOKIE": f"csrftoken={'a' * 32}", "HTTP_X_CSRFTOKEN": "a" * 32,
        }
        status = []
        chunks = WSGIHandler()(environ, lambda s, h, *a: status.append(s))
        return status[0], b"".join(chunks)

    status, body = call(b"username=a&password=" + b"x" * 60_000)
    assert status.startswith("413")
    assert "حجم درخواست بیش از اندازه است" in body.decode()
    status, body = call(b"username=a&password=b")
    assert status.startswith("200")  # read, the login form answers (wrong password)
    assert "حجم درخواست" not in body.decode()
