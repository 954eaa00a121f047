"""The one JSON API: token or session auth, 404 for what is out of scope, and every app's router.

Each app hands over its router in its ``AppConfig.ready()`` (``core.registry.api_routers``), so
adding an app adds its routes here without this file naming it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from mahalleh.accounts.auth import TokenAuth
from mahalleh.core.registry import api_routers


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
        auth=[TokenAuth(), django_auth],
        urls_namespace="api",
        docs_decorator=docs_guard,
    )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> Any:
        return api.create_response(request, {"detail": "یافت نشد."}, status=404)

    for entry in api_routers:
        api.add_router(f"/{entry.prefix}/", entry.router)
    return api
