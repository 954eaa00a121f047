"""Template context shared by every page."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from mahalleh.core.registry import nav_entries


def today(request: HttpRequest) -> dict[str, datetime.date]:
    """Today's date in the site's time zone (Asia/Tehran); the footer shows it as a Jalali date."""
    return {"today": timezone.localdate()}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu: the entries apps register (``core.registry.nav_entries``) that this user may use,
    each decided by the predicate its page enforces (the home page shows those with a description)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk is None:  # an unsaved user (a template's test) has no roles
        return {"nav_entries": []}
    path = request.path

    def entries() -> list[dict[str, Any]]:
        return [
            {"key": e.key, "label": e.label, "path": e.path, "active": e.is_active(path), "description": e.description}
            for e in nav_entries if e.visible(user)
        ]

    # Decided when a template first reads it: a partial (an htmx answer) that shows no menu costs nothing.
    return {"nav_entries": SimpleLazyObject(entries)}
