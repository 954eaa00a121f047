"""Stored files (report attachments, minutes originals) are never public: each app's download view checks
the reader's scope (``get_scoped_or_404``) and then hands the file over through ``serve_file``.

In production the web server may send the bytes itself: ``FILES_SENDFILE_HEADER`` = ``X-Accel-Redirect``
(nginx; the header carries ``FILES_SENDFILE_PREFIX`` + the file's storage name, an ``internal`` location
aliased to ``MEDIA_ROOT``) or ``X-Sendfile`` (Apache's mod_xsendfile, Lighttpd; the file's absolute path).
Unset, Django streams the file.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

SENDFILE_HEADERS = ("X-Accel-Redirect", "X-Sendfile")


def serve_file(request: HttpRequest, field_file: FieldFile, *, download_name: str) -> HttpResponseBase:
    """The file as a download (never rendered inline by the browser); a 404 when it is missing."""
    name = field_file.name or ""
    if not name or not field_file.storage.exists(name):
        raise Http404
    header = getattr(settings, "FILES_SENDFILE_HEADER", "") or ""
    if header and header not in SENDFILE_HEADERS:
        raise ImproperlyConfigured(f"FILES_SENDFILE_HEADER must be one of {SENDFILE_HEADERS} or empty, not {header!r}")
    response: HttpResponseBase
    if header:
        response = HttpResponse(content_type=mimetypes.guess_type(download_name)[0] or "application/octet-stream")
        if header == "X-Accel-Redirect":
            prefix = (getattr(settings, "FILES_SENDFILE_PREFIX", "") or "/protected/").rstrip("/")
            response[header] = f"{prefix}/{quote(name)}"
        else:
            response[header] = str(field_file.path)
    else:
        response = FileResponse(field_file.open("rb"), filename=download_name)
    response["Content-Disposition"] = content_disposition_header(True, download_name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # what one reader may fetch, a shared cache must not keep
    return response
