"""Error answers a person or an API client sees: Persian pages for 400/403/404/500 and a CSRF failure,
JSON under ``/api/``, with ``DEBUG`` on or off.

``config/urls.py`` names the handlers; with ``DEBUG=1`` Django would show its English technical pages
instead, so ``ErrorPagesMiddleware`` answers a not-found path and an ``Http404`` itself and
``PersianExceptionReporter`` (``DEFAULT_EXCEPTION_REPORTER``) turns the technical 500/400 page into
ours. The traceback is still logged by Django (the console of ``make run``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, MiddlewareNotUsed, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.safestring import SafeString, mark_safe
from django.views.debug import ExceptionReporter

API_PREFIX = "/api/"

API_DETAILS = {
    400: "درخواست نادرست است.",
    403: "اجازه این کار را ندارید.",
    404: "یافت نشد.",
    500: "خطای سامانه؛ اگر تکرار شد به دبیرخانه قرارگاه اطلاع دهید.",
}


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _answer(request: HttpRequest, status: int, *, with_request: bool = True, **context: Any) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": API_DETAILS[status]}, status=status)
    # 400 and 500 render without the request: its context processors may be what failed.
    html = render_to_string(f"{status}.html", context, request=request if with_request else None)
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 400, with_request=False)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _answer(request, 500, with_request=False)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: most often a form left open past the session's end, or cookies turned off."""
    if is_api(request):
        return _answer(request, 403)
    return HttpResponse(render_to_string("403.html", {"csrf_failed": True}, request=request), status=403)


class ErrorPagesMiddleware:
    """With ``DEBUG=1``, a path no URL matches and an ``Http404`` get the Persian page (Django's own
    handler404 is used only with ``DEBUG=0``, when this middleware is not loaded at all)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return page_not_found(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class PersianExceptionReporter(ExceptionReporter):
    """With ``DEBUG=1``, the answer Django gives an uncaught exception (500) or a bad request (400): ours
    instead of the traceback, which Django has logged already. With ``DEBUG=0`` Django never answers with
    a report, and error e-mails (``AdminEmailHandler``) get its usual one."""

    def _status(self) -> int:
        return 400 if isinstance(self.exc_value, BadRequest | SuspiciousOperation) else 500

    def get_traceback_html(self) -> SafeString:
        if not settings.DEBUG:
            return super().get_traceback_html()
        return mark_safe(render_to_string(f"{self._status()}.html"))  # a template's output, escaped by it

    def get_traceback_text(self) -> SafeString:
        if not settings.DEBUG:
            return super().get_traceback_text()
        return mark_safe(API_DETAILS[self._status()])  # a constant of ours; plain text, never put in HTML
