"""Stored files (report attachments, minutes originals) are never public: each app's download view checks
the reader's scope (``get_scoped_or_404``) and then hands the file over through ``serve_file``.

In production the web server may send the bytes itself: ``FILES_SENDFILE_HEADER`` = ``X-Accel-Redirect``
(nginx; the header carries ``FILES_SENDFILE_PREFIX`` + the file's storage name, an ``internal`` location
aliased to ``MEDIA_ROOT``) or ``X-Sendfile`` (Apache's mod_xsendfile, Lighttpd; the file's absolute path).
Unset, Django streams the file.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

SENDFILE_HEADERS = ("X-Accel-Redirect", "X-Sendfile")
# The only types a download is labelled with (by its name, which core.uploads gave the kind the bytes
# are); anything else, a page or an SVG kept before uploads were checked included, is opaque bytes.
SAFE_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "webp": "image/webp", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "txt": "text/plain; charset=utf-8",
    "md": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8", "tsv": "text/plain; charset=utf-8",
}


def safe_content_type(download_name: str) -> str:
    ext = download_name.rsplit(".", 1)[-1].lower() if "." in download_name else ""
    return SAFE_TYPES.get(ext, "application/octet-stream")


def as_download(response: HttpResponseBase, download_name: str) -> HttpResponseBase:
    """The headers every download carries: saved, never shown (``attachment``), never sniffed, never kept
    by a shared cache, and, should a browser show it anyway, a sandbox with no script."""
    response["Content-Disposition"] = content_disposition_header(True, download_name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # what one reader may fetch, a shared cache must not keep
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def send_bytes(data: bytes, *, download_name: str, content_type: str) -> HttpResponseBase:
    """A file made for this request (a minutes PDF, an export) as a download, with ``as_download``'s headers."""
    return as_download(HttpResponse(data, content_type=content_type), download_name)


def serve_file(request: HttpRequest, field_file: FieldFile, *, download_name: str) -> HttpResponseBase:
    """The file as a download (never rendered inline by the browser); a 404 when it is missing."""
    name = field_file.name or ""
    if not name or not field_file.storage.exists(name):
        raise Http404
    header = getattr(settings, "FILES_SENDFILE_HEADER", "") or ""
    if header and header not in SENDFILE_HEADERS:
        raise ImproperlyConfigured(f"FILES_SENDFILE_HEADER must be one of {SENDFILE_HEADERS} or empty, not {header!r}")
    response: HttpResponseBase
    content_type = safe_content_type(download_name)
    if header:
        response = HttpResponse(content_type=content_type)
        if header == "X-Accel-Redirect":
            prefix = (getattr(settings, "FILES_SENDFILE_PREFIX", "") or "/protected/").rstrip("/")
            response[header] = f"{prefix}/{quote(name)}"
        else:
            response[header] = str(field_file.path)
    else:
        response = FileResponse(field_file.open("rb"), filename=download_name, content_type=content_type)
    return as_download(response, download_name)
