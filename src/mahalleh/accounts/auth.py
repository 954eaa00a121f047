"""The API's token authentication: ``Authorization: Bearer <token>``, tokens issued with ``mahalleh issue_token``.

An expired or revoked token is no token: the API answers 401 (JSON)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from mahalleh.accounts.models import ApiToken
from mahalleh.core.context import identify


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        identify(row.user)  # the middleware saw no one: the audit names the token's user from here on
        return row.user
