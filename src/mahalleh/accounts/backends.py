"""The first authentication backend: axes' lock check, refusing any sign-in outside ``login_gate``."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from mahalleh.accounts.lockout import GATE, REFUSED


class GatedAxesBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes ships no type hints
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        # Fail closed: a login path that does not hold the gate (and so could be raced) signs nobody in.
        if request is None or getattr(request, GATE, None) is None:
            raise PermissionDenied("sign-in outside accounts.lockout.login_gate")
        try:
            super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, REFUSED, True)
            raise
