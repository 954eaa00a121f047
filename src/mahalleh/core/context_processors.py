"""Template context shared by every page."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from mahalleh.core.registry import nav_entries


def today(request: HttpRequest) -> dict[str, datetime.date]:
    """Today's date in the site's time zone (Asia/Tehran); the footer shows it as a Jalali date."""
    return {"today": timezone.localdate()}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu: the entries apps register (``core.registry.nav_entries``) that this user may see."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    path = request.path
    return {"nav_entries": [
        {"label": e.label, "path": e.path, "active": e.is_active(path)} for e in nav_entries if e.visible(user)
    ]}
