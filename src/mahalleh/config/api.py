"""The one JSON API: token or session auth, 404 for what is out of scope, and every app's router.

Each app hands over its router in its ``AppConfig.ready()`` (``core.registry.api_routers``), so
adding an app adds its routes here without this file naming it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.security import django_auth

from mahalleh.accounts.auth import TokenAuth
from mahalleh.core import api_errors
from mahalleh.core.registry import api_routers


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Mahalleh API",
        version="1",
        description="API سامانه محله: همه خواندن‌ها به نقش و حوزه کاربر محدود است.",
        auth=[TokenAuth(), django_auth],
        urls_namespace="api",
    )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> Any:
        return api.create_response(request, {"detail": "یافت نشد."}, status=404)

    api_errors.install(api)  # bad input answers 400/422 with a Persian message, never 500

    for entry in api_routers:
        api.add_router(f"/{entry.prefix}/", entry.router)
    return api
