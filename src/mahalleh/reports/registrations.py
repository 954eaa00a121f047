"""What the reports app hands to the kernel's registries (menu entries, inbox sections, API routers)."""

from __future__ import annotations


def register() -> None:
    """Filled in by each part of the app as it lands (dashboards, monthly reports, matching)."""
    from mahalleh.reports import monthly_registrations

    monthly_registrations.register()  # issue 12 (monthly reports)
