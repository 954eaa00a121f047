"""The one JSON API: token or session auth, 404 for what is out of scope, and every app's router.

Each app hands over its router in its ``AppConfig.ready()`` (``core.registry.api_routers``), so
adding an app adds its routes here without this file naming it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import SessionAuth as NinjaSessionAuth

from mahalleh.accounts.auth import TokenAuth
from mahalleh.core import api_errors
from mahalleh.core.errors import API_DETAILS
from mahalleh.core.registry import api_routers

logger = logging.getLogger("django.request")


class SessionAuth(NinjaSessionAuth):
    """A signed-in browser's session, its unsafe requests CSRF-checked. A request that carries a token
    (good or bad) or has no signed-in session is not tried here, so it is answered 401, not 403 CSRF."""

    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" in request.META or not request.user.is_authenticated:
            return None
        return super().__call__(request)


def api_auth() -> list[Any]:
    return [TokenAuth(), SessionAuth()]


def add_error_handlers(api: NinjaAPI) -> None:
    """JSON for every error, with DEBUG on or off (ninja's own answer to a crash with DEBUG is a traceback)."""

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> Any:
        return api.create_response(request, {"detail": API_DETAILS[404]}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: Exception) -> Any:
        return api.create_response(request, {"detail": "نشانه (توکن) معتبر فرستاده نشده است."}, status=401)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> Any:
        # What Django does for an uncaught exception: signal it (the test client re-raises it) and log it.
        got_request_exception.send(sender=None, request=request)
        logger.error("Internal Server Error: %s", request.path, exc_info=exc)
        return api.create_response(request, {"detail": API_DETAILS[500]}, status=500)


def docs_guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its page: for signed-in users only when API_DOCS_LOGIN_REQUIRED (production)."""
    guarded = login_required(view)

    @functools.wraps(view)
    def docs(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return (guarded if settings.API_DOCS_LOGIN_REQUIRED else view)(request, *args, **kwargs)

    return docs


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Mahalleh API",
        version="1",
        description="API سامانه محله: همه خواندن‌ها به نقش و حوزه کاربر محدود است.",
        auth=api_auth(),
        urls_namespace="api",
        docs_decorator=docs_guard,
    )
    add_error_handlers(api)
    api_errors.install(api)  # bad input answers 400/422 with a Persian message, never 500

    for entry in api_routers:
        api.add_router(f"/{entry.prefix}/", entry.router)
    return api
