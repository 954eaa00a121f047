"""What the reports app hands to the kernel's registries (menu entries, inbox sections, API routers)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mahalleh.core.actors import AnyUser
from mahalleh.core.registry import NavEntry, ObjectLink, nav_entries, object_links


def _reads(user: AnyUser, obj: Any) -> bool:
    from mahalleh.core.scoping import VIEW, can

    return can(user, VIEW, obj)


def register() -> None:
    """Filled in by each part of the app as it lands (dashboards, monthly reports, matching)."""
    # issue 12 (lists, indicators, profile): the neighborhood's profile and its indicators, from its page
    object_links.register(ObjectLink(key="reports-profile", model="places.neighborhood", label="شناسنامه محله",
                                     url=lambda hood: reverse("reports:neighborhood_profile", args=[hood.pk]),
                                     order=10, testid="neighborhood-profile", visible=_reads))
    object_links.register(ObjectLink(key="reports-indicators", model="places.neighborhood", label="شاخص‌ها",
                                     url=lambda hood: reverse("reports:neighborhood_indicators", args=[hood.pk]),
                                     order=11, testid="neighborhood-indicators", visible=_reads))
    nav_entries.register(NavEntry(key="reports-indicators", label="شاخص‌ها", path="/reports/indicators/values/",
                                  active="/reports/indicators/", order=60,
                                  description="مقادیر شاخص‌های هر محور در محلات: خط پایه، اندازه‌گیری‌ها و هدف"))
