"""What meetings hands to the kernel's registries: its API router, its menu entries, the inbox's
resolutions section (an agency's work) and reports section (the secretariat's)."""

from __future__ import annotations

from typing import Any

from mahalleh.core.registry import (
    ApiRouter,
    InboxSection,
    NavEntry,
    api_routers,
    has_inbox,
    inbox_sections,
    nav_entries,
)


def _open_resolutions(user: Any) -> list[Any]:
    from mahalleh.meetings import selectors

    return list(selectors.inbox(user=user))


def _reports_awaiting(user: Any) -> list[Any]:
    from mahalleh.meetings import selectors

    return list(selectors.reports_awaiting(user))


def register() -> None:
    from mahalleh.meetings import permissions
    from mahalleh.meetings.api import router

    api_routers.register(ApiRouter(key="meetings", prefix="meetings", router=router, order=30))
    for entry in (
        NavEntry(key="bodies", label="نهادها", path="/meetings/bodies/", order=30),
        NavEntry(key="meetings", label="جلسات", path="/meetings/", exact=True, order=40,
                 description="جلسات قرارگاه و کارگروه‌ها"),
        NavEntry(key="resolutions", label="مصوبات", path="/meetings/resolutions/", order=50,
                 description="مصوبات، مسئولان و مهلت‌ها"),
        NavEntry(key="inbox", label="کارتابل", path="/meetings/inbox/", order=60, visible=has_inbox,
                 description="کارهای در انتظار شما"),
        NavEntry(key="scorecards", label="کارنامه دستگاه‌ها", path="/meetings/scorecards/", order=70,
                 description="انجام‌شده، باز و معوق به تفکیک دستگاه"),
    ):
        nav_entries.register(entry)
    inbox_sections.register(InboxSection(
        key="resolutions", title="مصوبات باز دستگاه", template="meetings/_inbox_resolutions.html",
        rows=_open_resolutions, empty="مصوبه بازی برای دستگاه شما نیست.", order=10,
        visible=permissions.reports_on_assignments,
    ))
    inbox_sections.register(InboxSection(
        key="reports", title="گزارش‌های در انتظار پذیرش", template="meetings/_inbox_reports.html",
        rows=_reports_awaiting, empty="گزارشی در انتظار پذیرش نیست.", order=20,
        visible=permissions.follows_reports,
    ))
