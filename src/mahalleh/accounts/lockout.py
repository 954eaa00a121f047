"""Sign-in lock-out, on django-axes, made atomic.

* **Two rules.** ``LOGIN_FAILURE_LIMIT`` failures of one user name from one address lock that pair for
  ``LOGIN_LOCKOUT_MINUTES`` (axes, ``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``): even the
  right password is refused, while the same user from another address is not. An address that failed for
  ``LOGIN_IP_USERNAME_LIMIT`` user names is refused for all (``MahallehAxesHandler.is_locked``: axes has
  one failure limit and counts failures, not distinct names, so this rule is ours).
* **Atomic.** Axes checks the lock before the password and records the failure after it; parallel tries
  all pass the check before any is recorded. Every sign-in therefore runs inside ``login_gate``: one
  transaction that first claims its address's ``LoginAddress`` row (an UPDATE: a row lock on PostgreSQL,
  the write lock on SQLite), so the tries of one address are checked one at a time, each seeing the
  failures recorded before it. The first backend (``backends.GatedAxesBackend``) refuses any sign-in
  made outside a gate, so a login path that forgets it fails closed.
* **Kept for the audit.** A success does not wipe the failures (``AXES_RESET_ON_SUCCESS = False``); axes
  keeps every failure (``AccessFailureLog``) and every success (``AccessLog``), and each failure, lock and
  refusal is an ``AuditEntry`` event on the user (or on the address, for a user name that does not exist).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mahalleh.accounts.models import LoginAddress, User
from mahalleh.core.audit import record_event
from mahalleh.core.ratelimit import client_ip

GATE = "mahalleh_login_gate"  # request attribute: the address whose row this sign-in holds
REFUSED = "mahalleh_login_refused"  # request attribute: refused before its password was checked


def username_of(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username", "")
    return str(raw or "").strip().lower()[:150]


def failure_limit(request: HttpRequest | None, credentials: dict[str, Any] | None) -> int:
    return int(settings.LOGIN_FAILURE_LIMIT)


def cool_off(request: HttpRequest | None = None) -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


class MahallehAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no type hints
    """Axes' database handler, plus the address-wide rule (many user names failed from one address)."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return failed_usernames(request) >= settings.LOGIN_IP_USERNAME_LIMIT


def failed_usernames(request: HttpRequest) -> int:
    """How many user names failed from the request's address since the cool-off began."""
    count: int = (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]  # set by axes' proxy handler
            attempt_time__gte=get_cool_off_threshold(request),
        )
        .values("username")
        .distinct()
        .count()
    )
    return count


@contextmanager
def login_gate(request: HttpRequest) -> Iterator[None]:
    """Hold the address's row for the whole sign-in (lock check, password check, failure record)."""
    ip = client_ip(request)[:45] or "unknown"
    with transaction.atomic():
        now = timezone.now()
        if not LoginAddress.objects.filter(ip=ip).update(last_try_at=now):
            try:
                with transaction.atomic():
                    LoginAddress.objects.create(ip=ip, last_try_at=now)
            except IntegrityError:  # a parallel try made it first; now wait for its row
                LoginAddress.objects.filter(ip=ip).update(last_try_at=now)
        setattr(request, GATE, ip)
        try:
            yield
        finally:
            delattr(request, GATE)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The sign-in page, in Persian, saying the sign-in is locked and for how long (axes' lock-out page)."""
    from mahalleh.accounts.forms import LoginForm

    context = {"form": LoginForm(request), "locked_out": True, "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES}
    return render(request, "registration/login.html", context, status=429)


# ---- the audit ---------------------------------------------------------------------------------------

LOGIN_EVENTS = {
    "login_failed": "ورود ناموفق",
    "login_locked": "قفل ورود پس از تلاش‌های ناموفق",
    "login_refused": "ورود ردشده در زمان قفل",
}


def audit_login_failure(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    """After axes has recorded it (its receiver is connected first): one event per failed or refused try."""
    if request is None:
        return
    username = username_of(request, credentials)
    if getattr(request, REFUSED, False):
        event = "login_refused"
    elif getattr(request, "axes_locked_out", False):
        event = "login_locked"
    else:
        event = "login_failed"
    ip = getattr(request, GATE, None) or client_ip(request)
    target: User | LoginAddress | None = User.objects.filter(username__iexact=username).first() if username else None
    if target is None:
        target = LoginAddress.objects.filter(ip=ip).first()
    if target is not None:
        record_event(target, event, username=username, ip=ip, path=request.path)
