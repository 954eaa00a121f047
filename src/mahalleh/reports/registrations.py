"""What the reports app hands to the kernel's registries (menu entries, inbox sections, API routers)."""

from __future__ import annotations

from typing import Any


def register() -> None:
    """Filled in by each part of the app as it lands (dashboards, monthly reports, matching)."""
    from mahalleh.reports import monthly_registrations

    monthly_registrations.register()  # issue 12 (monthly reports)
    register_matching()


# ---- issue 12, item 5: capacities and matching


def _reads_a_province(user: Any) -> bool:
    from mahalleh.core.scoping import scope_of

    scope = scope_of(user)
    return bool(scope.province_ids) or scope.is_national or scope.can_write_global


def register_matching() -> None:
    from mahalleh.core.audit import register_event_labels
    from mahalleh.core.registry import NavEntry, nav_entries

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
