"""What problems hands to the kernel's registries: its menu entries, its API router, the inbox's
problems sections (an agency's assigned problems; the county's new ones), its agenda offers and its
buttons and panels on other apps' pages."""

from __future__ import annotations

from typing import Any

from mahalleh.core.registry import ApiRouter, InboxSection, NavEntry, api_routers, inbox_sections, nav_entries


def _assigned(user: Any) -> list[Any]:
    from mahalleh.problems import selectors

    return selectors.assigned_open(user)


def _to_route(user: Any) -> list[Any]:
    from mahalleh.problems import selectors

    return selectors.awaiting_routing(user)


def register() -> None:
    from mahalleh.problems import permissions
    from mahalleh.problems.api import router

    api_routers.register(ApiRouter(key="problems", prefix="problems", router=router, order=40))

    nav_entries.register(NavEntry(key="problems", label="مشکلات محلات", path="/problems/", exact=True, order=55,
                                  description="مشکلات ثبت‌شده محلات، ارجاع و پیگیری",
                                  visible=permissions.sees_problems))
    nav_entries.register(NavEntry(key="personal_reads", label="گزارش خواندن داده شخصی", path="/problems/personal-reads/",
                                  order=95, description="چه کسی نام و شماره کدام طرح‌کننده را کی دید",
                                  visible=permissions.reviews_personal_reads))
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
    # escalation: the county HQ's priorities page
    nav_entries.register(NavEntry(key="problem_priorities", label="اولویت مشکلات", path="/problems/priorities/",
                                  order=56, visible=permissions.may_prioritize))
