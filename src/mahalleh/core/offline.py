"""The service worker that keeps pages working through a dead network (issue 11 §2, the desk day).

``/sw.js`` is served from the site root (a worker's scope is at most its own directory, and the pages
it keeps live under /problems/): the code in ``static/js/sw.js`` behind one line of settings — the
static files to keep, the pages to keep (network first, the copy when the network is dead) and a
version. The version is a hash of the worker and of every file it keeps, so a deploy that changes any
of them changes these bytes, and the browser installs the new worker and refetches the files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

WORKER = "js/sw.js"
# What base.html loads, the fonts its CSS names, and the queue: every file an offline page needs.
STATIC_FILES = (
    "vendor/bootstrap/bootstrap.rtl.min.css",
    "vendor/vazirmatn/vazirmatn.css",
    "vendor/vazirmatn/fonts/Vazirmatn-Regular.woff2",
    "vendor/vazirmatn/fonts/Vazirmatn-Medium.woff2",
    "vendor/vazirmatn/fonts/Vazirmatn-Bold.woff2",
    "vendor/jalalidatepicker/jalalidatepicker.min.css",
    "css/mahalleh.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "vendor/jalalidatepicker/jalalidatepicker.min.js",
    "js/app.js",
    "js/offline.js",
)


def _read(path: str) -> bytes:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static file {path} is missing")
    with open(found if isinstance(found, str) else found[0], "rb") as fh:
        return fh.read()


def worker_source(pages: Sequence[str], patterns: Sequence[str] = ()) -> str:
    """The worker's text: its settings line, then ``static/js/sw.js``."""
    digest = hashlib.sha256()
    for path in (WORKER, *STATIC_FILES):
        digest.update(path.encode() + b"\0" + _read(path))
    config = {
        "version": digest.hexdigest()[:16],
        "static": [static(path) for path in STATIC_FILES],
        "pages": [reverse(name) for name in pages],
        # Paths kept as pages too, by regular expression (a desk's own intake: /desks/<id>/intake/).
        "patterns": list(patterns),
        "logout": reverse("logout"),
    }
    head = f"self.MAHALLEH_OFFLINE = {json.dumps(config, ensure_ascii=False)};\n"
    return head + _read(WORKER).decode()


@cache
def _cached_source(pages: tuple[str, ...], patterns: tuple[str, ...]) -> str:
    return worker_source(pages, patterns)


@require_GET
def service_worker(request: HttpRequest, pages: tuple[str, ...] = (), patterns: tuple[str, ...] = ()) -> HttpResponse:
    """``/sw.js``: public (it names only static files and page paths) and always revalidated, so a
    new deploy reaches the phones at their next visit; read once per process unless DEBUG."""
    text = worker_source(pages, patterns) if settings.DEBUG else _cached_source(tuple(pages), tuple(patterns))
    response = HttpResponse(text, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
