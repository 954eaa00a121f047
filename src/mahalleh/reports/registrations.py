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
    from mahalleh.reports import monthly_registrations

    monthly_registrations.register()  # issue 12 (monthly reports)
    register_matching()
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

    # issue 12 (dashboards and the map): the dashboard is the home page; the map has its own entry.
    nav_entries.register(NavEntry(key="map", label="نقشه محلات", path="/reports/map/", order=57,
                                  description="محلات هدف روی نقشه، به رنگ مشکلات باز، تأخیرها یا آخرین میز خدمت"))


# ---- issue 12, item 5: capacities and matching


def _reads_a_province(user: Any) -> bool:
    from mahalleh.core.scoping import scope_of

    scope = scope_of(user)
    return bool(scope.province_ids) or scope.is_national or scope.can_write_global


def register_matching() -> None:
    from mahalleh.core.audit import register_event_labels

    nav_entries.register(NavEntry(key="agency_services", label="ظرفیت‌های دستگاه‌ها", path="/agencies/services/", order=21,
                                  description="خدمت‌هایی که هر دستگاه می‌دهد، ظرفیت هر دوره و شهرستان‌های تحت پوشش",
                                  visible=_reads_a_province))
    nav_entries.register(NavEntry(key="service_needs", label="نیازهای محلات", path="/reports/matching/needs/", order=62,
                                  visible=_reads_a_province))
    nav_entries.register(NavEntry(key="service_gaps", label="جدول شکاف خدمات", path="/reports/matching/gaps/", order=63,
                                  description="نیاز، تخصیص و شکاف هر محله در هر محور", visible=_reads_a_province))
    nav_entries.register(NavEntry(key="service_allocation", label="تخصیص ظرفیت‌ها", path="/reports/matching/allocation/",
                                  order=64, description="نسبت‌یابی ظرفیت دستگاه‌ها با نیاز محلات هدف (بهینه‌سازی)",
                                  visible=_reads_a_province))
    register_event_labels({"allocation adopted": "تصویب تخصیص ظرفیت‌ها"})
