"""Two-factor sign-in (django-otp, TOTP) for the admin and the secretariat, when ``TWO_FACTOR`` is on.

After the password, a user who needs it reaches only the two-factor pages (and sign-out) until a code from
their authenticator is verified in this session; the API, through the session, answers 401.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import urlencode

from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of

OPEN_PATHS = ("/accounts/otp/", "/accounts/logout/", "/static/")


def needs_two_factor(user: Any) -> bool:
    if not settings.TWO_FACTOR or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or scope_of(user).has_role(Role.SECRETARIAT))


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.TWO_FACTOR
            and not request.path.startswith(OPEN_PATHS)
            and needs_two_factor(user)
            and not user.is_verified()  # type: ignore[union-attr]  # installed by django-otp's middleware
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "ورود دومرحله‌ای لازم است."}, status=401)
            return redirect(f"/accounts/otp/?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
