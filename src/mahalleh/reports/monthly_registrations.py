"""What the monthly agency reports hand to the kernel's registries: menu entries, the agency's inbox
section (its reports to file) and the names of their audit events."""

from __future__ import annotations

from typing import Any

from mahalleh.core.registry import InboxSection, NavEntry, inbox_sections, nav_entries

EVENT_LABELS = {
    "monthly report drafted": "ساخت پیش‌نویس گزارش ماهانه",
    "monthly report edited": "ویرایش گزارش ماهانه",
    "monthly report submitted": "ارسال گزارش ماهانه به دبیرخانه",
    "monthly report accepted": "پذیرش گزارش ماهانه",
    "monthly report returned": "برگشت گزارش ماهانه برای اصلاح",
}


def _to_file(user: Any) -> list[Any]:
    from mahalleh.reports.monthly_selectors import to_file

    return to_file(user)


def _files(user: Any) -> bool:
    from mahalleh.reports.monthly_views import focal_agencies

    return bool(focal_agencies(user))


def _to_review(user: Any) -> list[Any]:
    from mahalleh.reports.monthly_selectors import awaiting_review

    return awaiting_review(user)


def _reviews(user: Any) -> bool:
    from mahalleh.core.roles import Role
    from mahalleh.core.scoping import scope_of

    return bool(scope_of(user).provinces_with(Role.SECRETARIAT))


def register() -> None:
    from mahalleh.core.audit import register_event_labels

    register_event_labels(EVENT_LABELS)
    from mahalleh.reports.dashboards import register_figures
    from mahalleh.reports.monthly_figures import monthly_compliance

    register_figures(monthly_compliance)  # the dashboards' compliance group
    nav_entries.register(NavEntry(key="monthly_reports", label="گزارش‌های ماهانه", path="/reports/monthly/", active="/reports/monthly/",
                                  order=70, description="گزارش ماهانه پیشرفت کار دستگاه‌ها؛ پایش ارسال، فهرست تأخیر و گزارش تلفیقی استان"))
    # One menu entry (the menu is long already): the list page links the month page, the late list and the
    # compiled report for whoever follows a province's month (``monthly_selectors.follows``).
    inbox_sections.register(InboxSection(
        key="monthly_to_file", title="گزارش ماهانه دستگاه", template="reports/monthly/_inbox_monthly.html",
        rows=_to_file, empty="گزارش ماهانه‌ای در انتظار ثبت نیست.", order=5, visible=_files,
    ))
    inbox_sections.register(InboxSection(
        key="monthly_to_review", title="گزارش‌های ماهانه در انتظار بررسی", template="reports/monthly/_inbox_review.html",
        rows=_to_review, empty="گزارش ماهانه‌ای در انتظار بررسی نیست.", order=22, visible=_reviews,
    ))
