"""What problems hands to the kernel's registries: its menu entries, its API router, the inbox's
problems sections (an agency's assigned problems; the county's new ones), its agenda offers and its
buttons and panels on other apps' pages."""

from __future__ import annotations

from typing import Any

from mahalleh.core.registry import InboxSection, NavEntry, inbox_sections, nav_entries


def _assigned(user: Any) -> list[Any]:
    from mahalleh.problems import selectors

    return selectors.assigned_open(user)


def _to_route(user: Any) -> list[Any]:
    from mahalleh.problems import selectors

    return selectors.awaiting_routing(user)


def register() -> None:
    from mahalleh.problems import permissions

    nav_entries.register(NavEntry(key="problems", label="مشکلات محلات", path="/problems/", exact=True, order=55,
                                  description="مشکلات ثبت‌شده محلات، ارجاع و پیگیری",
                                  visible=permissions.sees_problems))
    inbox_sections.register(InboxSection(
        key="problems_assigned", title="مشکلات ارجاع‌شده به دستگاه", template="problems/_inbox_problems.html",
        rows=_assigned, empty="مشکل بازی به دستگاه شما ارجاع نشده است.", order=15,
        visible=permissions.handles_assigned,
    ))
    inbox_sections.register(InboxSection(
        key="problems_new", title="مشکلات جدید در انتظار پذیرش و ارجاع", template="problems/_inbox_problems.html",
        rows=_to_route, empty="مشکل جدیدی در انتظار ارجاع نیست.", order=25,
        visible=permissions.routes_new,
    ))
