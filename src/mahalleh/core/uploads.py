"""Uploaded files: what they are by their content, how big they may be, and the whole request's size.

A file is taken for what its bytes are, never for its name or the type the browser sent: a PDF starts
``%PDF-``; PNG, JPEG, GIF and WEBP open in Pillow and verify; DOCX and XLSX are zips whose
``[Content_Types].xml`` declares a Word document or an Excel workbook (not their macro-enabled kinds);
plain text is UTF-8 without NUL or control characters and is not markup (a page or an SVG, whatever it
is named, is refused: served back it would run script). ``detect`` names the kind, ``validate_upload``
refuses with a Persian message, ``SafeFileField`` does it in a form (``IMAGES`` for photographs:
``strip_image_metadata`` re-encodes one without its EXIF, GPS included). A file whose name does not
fit its kind gets the kind's extension (``report.pdf`` that is a PNG is kept as ``report.pdf.png``).

Sizes are held before anything is kept: ``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``)
stops taking a file's bytes past ``UPLOAD_MAX_FILE_BYTES``, drops what the other handlers buffered
(memory or a temporary file) and hands the form a ``RefusedUpload`` the field refuses;
``RequestSizeLimitMiddleware`` answers 413 to a request whose ``Content-Length`` passes
``REQUEST_MAX_BYTES``, and counts the bytes of a streamed body (no ``Content-Length``) as it is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from mahalleh.core.text import to_persian_digits

PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, TEXT = "pdf", "png", "jpeg", "gif", "webp", "docx", "xlsx", "text"
IMAGES: frozenset[str] = frozenset({PNG, JPEG, GIF, WEBP})
DOCUMENTS: frozenset[str] = frozenset({PDF, DOCX, XLSX, TEXT}) | IMAGES  # report attachments

CONTENT_TYPES = {
    PDF: "application/pdf",
    PNG: "image/png",
    JPEG: "image/jpeg",
    GIF: "image/gif",
    WEBP: "image/webp",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    TEXT: "text/plain; charset=utf-8",
}
# The extensions a kind keeps; the first is given to a file named otherwise.
EXTENSIONS = {
    PDF: ("pdf",),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    GIF: ("gif",),
    WEBP: ("webp",),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
    TEXT: ("txt", "md", "markdown", "text", "csv", "tsv"),
}
LABELS = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPEG",
    GIF: "GIF",
    WEBP: "WEBP",
    DOCX: "Word (docx)",
    XLSX: "Excel (xlsx)",
    TEXT: "متن ساده",
}
_OFFICE_MAIN = {
    DOCX: ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    XLSX: ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
_PILLOW_FORMATS = {"PNG": PNG, "JPEG": JPEG, "GIF": GIF, "WEBP": WEBP}
MAX_UNZIPPED = 200 * 1024 * 1024  # what an office file may unpack to (the parser has its own, lower limits)
# Markup a browser would render, wherever it starts: a page, an SVG, XML, or active content inside text.
_MARKUP_START = re.compile(rb"^\s*<(?:!doctype|\?xml|html|svg|head|body|script|iframe|!--)", re.I)
_ACTIVE = re.compile(
    r"<\s*/?\s*(?:script|svg|html|iframe|frame|object|embed|body|head|meta|link|style|base|form|math|xml)\b"
    r"|<[^>]*\son[a-z]+\s*=|javascript\s*:",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Detected:
    kind: str
    content_type: str

    def safe_name(self, name: str) -> str:
        """``name`` with an extension of its kind (the original one when it already fits)."""
        _stem, dot, ext = (name or "").rpartition(".")
        if dot and ext.lower() in EXTENSIONS[self.kind]:
            return name
        return f"{name or 'file'}.{EXTENSIONS[self.kind][0]}"


class Refused(Exception):
    """Why bytes are not an allowed file; ``message`` is Persian, with «{name}» for the file's name."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def detect(data: bytes, *, legacy_text: bool = False) -> Detected:
    """The kind of file ``data`` is; raises ``Refused`` when it is none of the known kinds.

    ``legacy_text`` also takes text in UTF-16 (with its byte-order mark) and Windows-1256, as the
    minutes importer reads them.
    """
    if not data:
        raise Refused("پرونده «{name}» خالی است.")
    if data.startswith(b"%PDF-"):
        return Detected(PDF, CONTENT_TYPES[PDF])
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return _image(data)
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    return _text(data, legacy=legacy_text)


def _image(data: bytes) -> Detected:
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format or ""
                image.verify()
    except Exception as exc:  # Pillow raises many kinds for a broken or hostile image
        raise Refused("تصویر «{name}» خراب است یا باز نمی‌شود.") from exc
    if fmt not in _PILLOW_FORMATS:
        raise Refused("قالب تصویر «{name}» پذیرفته نیست؛ PNG، JPEG، GIF یا WEBP بفرستید.")
    kind = _PILLOW_FORMATS[fmt]
    return Detected(kind, CONTENT_TYPES[kind])


def _office(data: bytes) -> Detected:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > MAX_UNZIPPED:
                raise Refused("پرونده فشرده «{name}» بیش از حد بزرگ باز می‌شود و پذیرفته نیست.")
            info = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
            if info is None or info.file_size > 1024 * 1024:
                raise Refused("پرونده «{name}» سند Word یا Excel نیست.")
            root = ElementTree.fromstring(zf.read(info))
            names = {i.filename for i in infos}
    except Refused:
        raise
    except Exception as exc:  # a broken zip or XML: not an office file
        raise Refused("پرونده «{name}» سند Word یا Excel نیست یا خراب است.") from exc
    overrides = {
        el.get("PartName", ""): el.get("ContentType", "")
        for el in root
        if el.tag.rsplit("}", 1)[-1] == "Override"
    }
    for kind, (part, content_type) in _OFFICE_MAIN.items():
        if overrides.get(part) == content_type and part.lstrip("/") in names:
            return Detected(kind, CONTENT_TYPES[kind])
    if any("macroEnabled" in ct for ct in overrides.values()):
        raise Refused("پرونده «{name}» ماکرو دارد و پذیرفته نیست؛ آن را با قالب docx یا xlsx ذخیره کنید.")
    raise Refused("پرونده «{name}» سند Word (docx) یا Excel (xlsx) نیست.")


def _text(data: bytes, *, legacy: bool) -> Detected:
    if _MARKUP_START.match(data.lstrip(b"\xef\xbb\xbf")):
        raise Refused(_MARKUP)
    text = _decode(data, legacy=legacy)
    if text is None or _CONTROL.search(text):
        raise Refused(NOT_ALLOWED)
    if _ACTIVE.search(text):
        raise Refused(_MARKUP)
    return Detected(TEXT, CONTENT_TYPES[TEXT])


def _decode(data: bytes, *, legacy: bool) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not legacy:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    text = data.decode("cp1256", errors="replace")
    letters = [c for c in text if c.isalpha()]
    persian = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return text if letters and persian / len(letters) > 0.3 else None


NOT_ALLOWED = "نوع پرونده «{name}» پذیرفته نیست."
_MARKUP = "پرونده «{name}» صفحه وب (HTML) یا تصویر SVG است و پذیرفته نمی‌شود، هر نامی که داشته باشد."


def kinds_label(kinds: Iterable[str]) -> str:
    """«PDF، Word (docx) یا متن ساده»: the allowed kinds, images counted once."""
    kinds = set(kinds)
    labels = [LABELS[k] for k in (PDF, DOCX, XLSX) if k in kinds]
    images = [LABELS[k] for k in (PNG, JPEG, GIF, WEBP) if k in kinds]
    if images:
        labels.append(f"تصویر ({'، '.join(images)})")
    if TEXT in kinds:
        labels.append(LABELS[TEXT])
    return "، ".join(labels[:-1]) + (" یا " if len(labels) > 1 else "") + labels[-1]


def max_file_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_FILE_BYTES", 10 * 1024 * 1024))


def megabytes(n: int) -> str:
    """A byte count as Persian megabytes («۱۰»، «۰٫۵»)."""
    mb = n / (1024 * 1024)
    return to_persian_digits(f"{mb:.0f}" if mb >= 1 and mb == int(mb) else f"{mb:.1f}").replace(".", "٫")


def validate_upload(upload: Any, *, kinds: Iterable[str] = DOCUMENTS, legacy_text: bool = False) -> Detected:
    """Check one uploaded file (size, then content); raises ``ValidationError`` with a Persian message.

    On success the upload's name is given the extension of what it is (``Detected.safe_name``).
    """
    kinds = frozenset(kinds)
    name = getattr(upload, "name", "") or ""
    limit = max_file_bytes()
    if isinstance(upload, RefusedUpload) or (upload.size or 0) > limit:
        raise ValidationError(
            "حجم پرونده «%(name)s» بیش از %(mb)s مگابایت است.", code="too_large",
            params={"name": name, "mb": megabytes(limit)},
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        found = detect(data, legacy_text=legacy_text)
    except Refused as exc:
        raise _error(exc.message, name, kinds) from exc
    if found.kind not in kinds:
        raise _error(NOT_ALLOWED, name, kinds)
    upload.name = found.safe_name(name)
    return found


def _error(message: str, name: str, kinds: frozenset[str]) -> ValidationError:
    text = message.replace("{name}", "%(name)s") + " پرونده‌های پذیرفته: %(kinds)s."
    return ValidationError(text, code="file_type", params={"name": name, "kinds": kinds_label(kinds)})


class SafeFileField(forms.FileField):
    """A file (or, ``multiple=True``, a list of files) of the allowed ``kinds``, checked by content."""

    def __init__(self, *args: Any, kinds: Iterable[str] = DOCUMENTS, multiple: bool = False,
                 legacy_text: bool = False, **kwargs: Any) -> None:
        self.kinds, self.multiple, self.legacy_text = frozenset(kinds), multiple, legacy_text
        if multiple:
            kwargs.setdefault("widget", _MultipleFileInput())
        kwargs.setdefault("help_text", f"{kinds_label(self.kinds)}؛ حداکثر {megabytes(max_file_bytes())} مگابایت هر پرونده.")
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(
            f".{ext}" for kind in sorted(self.kinds) for ext in EXTENSIONS[kind]))

    def clean(self, data: Any, initial: Any = None) -> Any:
        if not self.multiple:
            cleaned = super().clean(data, initial)
            if cleaned:
                validate_upload(cleaned, kinds=self.kinds, legacy_text=self.legacy_text)
            return cleaned
        items = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not items:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        errors: list[ValidationError] = []
        cleaned_items = []
        for item in items:
            try:
                cleaned = super().clean(item, initial)
                validate_upload(cleaned, kinds=self.kinds, legacy_text=self.legacy_text)
                cleaned_items.append(cleaned)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return cleaned_items


class SafeImageField(SafeFileField):
    """Photographs: PNG, JPEG, GIF or WEBP only (see ``strip_image_metadata`` before keeping one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["kinds"] = IMAGES
        super().__init__(*args, **kwargs)


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def strip_image_metadata(upload: Any) -> bytes:
    """The image re-encoded in its own format without EXIF (location included), XMP or comments,
    turned upright as its EXIF orientation said. Call it after ``validate_upload`` with ``IMAGES``."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        fmt = image.format or "PNG"
        clean = ImageOps.exif_transpose(image).copy()
    clean.info = {}  # EXIF, XMP, comments and ICC profile stay behind
    out = io.BytesIO()
    clean.save(out, format=fmt, exif=b"")
    return out.getvalue()


# --- sizes ---------------------------------------------------------------------------------------


class RefusedUpload(UploadedFile):
    """What the form gets for a file that passed ``UPLOAD_MAX_FILE_BYTES``: its name and the bytes seen,
    no content (reading it raises, so it can never be kept by mistake)."""

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        super().__init__(file=io.BytesIO(), name=name, content_type=content_type, size=size)

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        raise ValidationError("پرونده «%(name)s» پذیرفته نشده است.", params={"name": self.name})

    def chunks(self, chunk_size: int | None = None) -> Any:
        return self.read()

    def seek(self, *args: Any, **kwargs: Any) -> int:
        return 0


class LimitedUploadHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: passes a file's bytes on until ``UPLOAD_MAX_FILE_BYTES``, then
    stops them, closes what the next handlers kept of it (a temporary file is deleted on close) and
    makes the file a ``RefusedUpload``."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.limit = max_file_bytes()
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.refused:
            return None
        if start + len(raw_data) > self.limit:
            self.refused = True
            for handler in getattr(self.request, "upload_handlers", []):
                kept = getattr(handler, "file", None)
                if handler is not self and kept is not None:
                    kept.close()
                    setattr(handler, "file", io.BytesIO())  # noqa: B010  # the parser closes handler.file again
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.refused:
            return RefusedUpload(self.file_name or "", file_size, self.content_type)
        return None


class RequestTooLarge(RequestDataTooBig):
    """A streamed body read past ``REQUEST_MAX_BYTES``."""


class _CountingStream:
    def __init__(self, stream: Any, limit: int, request: HttpRequest) -> None:
        self.stream, self.limit, self.request, self.count = stream, limit, request, 0

    def _counted(self, data: bytes) -> bytes:
        self.count += len(data)
        if self.count > self.limit:
            self.request._mahalleh_too_large = True  # type: ignore[attr-defined]  # read by the middleware
            raise RequestTooLarge("request body over REQUEST_MAX_BYTES")
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = self.limit + 1 - self.count
        return self._counted(self.stream.read(min(size, self.limit + 1 - self.count)))

    def close(self) -> None:
        """The server owns its input stream; Django's own LimitedStream does not close it either."""

    def readline(self, size: int | None = -1) -> bytes:
        cap = self.limit + 1 - self.count
        return self._counted(self.stream.readline(cap if size is None or size < 0 else min(size, cap)))


def too_large_response(request: HttpRequest) -> HttpResponse:
    limit = int(getattr(settings, "REQUEST_MAX_BYTES", 0))
    body = render_to_string("413.html", {"max_mb": megabytes(limit)})
    response = HttpResponse(body, status=413)
    response["Connection"] = "close"  # the rest of the body is not read
    return response


class RequestSizeLimitMiddleware:
    """Refuses (413, a Persian page) a request whose body passes ``REQUEST_MAX_BYTES``: by its
    ``Content-Length`` before anything reads it, or, for a streamed body (no ``Content-Length``, as a
    server that has already unchunked it says with ``wsgi.input_terminated``), as it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "REQUEST_MAX_BYTES", 0))
        if limit:
            length = request.META.get("CONTENT_LENGTH") or ""
            try:
                size: int | None = int(length) if length else None
            except ValueError:
                size = None
            if size is not None and size > limit:
                return too_large_response(request)
            if size is None and request.META.get("wsgi.input_terminated"):
                # Django reads no body without a length: give it the stream, counted.
                counted = _CountingStream(request.META["wsgi.input"], limit, request)
                request._stream = counted  # type: ignore[assignment]  # a file-like reader, as WSGIRequest's own
        response = self.get_response(request)
        if getattr(request, "_mahalleh_too_large", False):
            return too_large_response(request)
        return response
