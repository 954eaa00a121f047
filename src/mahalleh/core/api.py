"""The JSON API's base: one NinjaAPI, token or session auth, and scoped lookups that 404 out of scope."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; tokens are issued with ``mahalleh issue_token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from mahalleh.accounts.models import ApiToken

        row = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


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

    from mahalleh.agencies.api import router as agencies_router
    from mahalleh.meetings.api import router as meetings_router
    from mahalleh.places.api import router as places_router

    api.add_router("/places/", places_router)
    api.add_router("/agencies/", agencies_router)
    api.add_router("/meetings/", meetings_router)
    return api
