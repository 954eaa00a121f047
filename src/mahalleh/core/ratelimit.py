"""A rate limit every worker shares: fixed windows counted in the database (``RateCounter``).

``hit(key, limit=, window=)`` counts one request and says whether it is allowed. The count is one
conditional ``UPDATE … SET count = count + 1`` (or the row's first insert), so two workers, two app
servers or two threads never lose a hit; no cache of the count is kept in a process. Windows that
have ended are deleted as new ones begin. ``limited(...)`` wraps a view: over the limit it answers
429 with a Persian message and a ``Retry-After``.
"""

from __future__ import annotations

import functools
import ipaddress
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mahalleh.core.models import RateCounter

TOO_MANY = "درخواست‌های این نشانی بیش از اندازه است؛ چند دقیقه دیگر دوباره تلاش کنید."


def _now() -> float:
    return time.time()


def hit(key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one request of ``key`` in the current ``window`` (seconds); whether it is within ``limit``."""
    start = int((now if now is not None else _now()) // window * window)
    with transaction.atomic():
        counted = RateCounter.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
        if not counted:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window_start=start, count=1)
            except IntegrityError:  # another worker made the row first: count on it
                RateCounter.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
            RateCounter.objects.filter(key=key, window_start__lt=start - window).delete()
        count = RateCounter.objects.filter(key=key, window_start=start).values_list("count", flat=True).first() or 0
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or — only when that is one of ``TRUSTED_PROXIES`` — the
    right-most address of X-Forwarded-For that is not itself a trusted proxy."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    trusted = set(settings.TRUSTED_PROXIES)
    if remote in trusted:
        forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
        for address in reversed(forwarded):
            if address and address not in trusted:
                try:
                    return str(ipaddress.ip_address(address))
                except ValueError:
                    break  # a garbled header: the proxy's own address, not a guess
    return remote


def limited(name: str, *, limit: int, window: int, methods: tuple[str, ...] = ("GET", "POST")) -> Callable[..., Any]:
    """Limit a view to ``limit`` requests per ``window`` seconds per address (for ``methods``)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods and not hit(f"{name}:{client_ip(request) or 'unknown'}", limit=limit, window=window):
                response = render(request, "core/too_many.html", {"message": TOO_MANY}, status=429)
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
