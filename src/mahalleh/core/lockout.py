"""Lock an account out after repeated failed logins (LOGIN_FAILURE_LIMIT within LOGIN_LOCKOUT_MINUTES)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from mahalleh.core.models import LoginFailure


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def is_locked(username: str) -> bool:
    username = username.strip().lower()
    return LoginFailure.objects.filter(username=username, at__gte=_window_start()).count() >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username.strip().lower()[:150], ip=ip)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.strip().lower()).delete()
