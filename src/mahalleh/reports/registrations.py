"""What the reports app hands to the kernel's registries (menu entries, inbox sections, API routers)."""

from __future__ import annotations


def register() -> None:
    """Filled in by each part of the app as it lands (dashboards, monthly reports, matching)."""
    from mahalleh.core.registry import NavEntry, nav_entries

    # issue 12 (dashboards and the map): the dashboard is the home page; the map has its own entry.
    nav_entries.register(NavEntry(key="map", label="نقشه محلات", path="/reports/map/", order=57,
                                  description="محلات هدف روی نقشه، به رنگ مشکلات باز، تأخیرها یا آخرین میز خدمت"))
