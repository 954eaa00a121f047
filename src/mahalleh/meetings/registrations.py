"""What meetings hands to the kernel's registries: its API router, its menu entries, the inbox's
resolutions section."""

from __future__ import annotations

from typing import Any

from mahalleh.core.registry import ApiRouter, InboxSection, NavEntry, api_routers, inbox_sections, nav_entries


def _open_resolutions(user: Any) -> list[Any]:
    from mahalleh.meetings import selectors

    return list(selectors.inbox(user=user))


def register() -> None:
    from mahalleh.meetings.api import router

    api_routers.register(ApiRouter(key="meetings", prefix="meetings", router=router, order=30))
    for entry in (
        NavEntry(key="bodies", label="نهادها", path="/meetings/bodies/", order=30),
        NavEntry(key="meetings", label="جلسات", path="/meetings/", exact=True, order=40),
        NavEntry(key="resolutions", label="مصوبات", path="/meetings/resolutions/", order=50),
        NavEntry(key="inbox", label="کارتابل", path="/meetings/inbox/", order=60),
        NavEntry(key="scorecards", label="کارنامه دستگاه‌ها", path="/meetings/scorecards/", order=70),
    ):
        nav_entries.register(entry)
    inbox_sections.register(InboxSection(
        key="resolutions", title="مصوبات باز دستگاه", template="meetings/_inbox_resolutions.html",
        rows=_open_resolutions, empty="مصوبه بازی برای دستگاه شما نیست.", order=10,
    ))
