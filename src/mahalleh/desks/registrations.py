"""What desks registers in the kernel: its API router, its menu entry and the agency's open invitations in the inbox."""

from __future__ import annotations

from typing import Any

from mahalleh.core.registry import ApiRouter, InboxSection, NavEntry, api_routers, inbox_sections, nav_entries


def _invitations(user: Any) -> list[Any]:
    from mahalleh.desks import selectors

    return selectors.invitations_to_answer(user)


def _is_agency(user: Any) -> bool:
    from mahalleh.core.roles import Role
    from mahalleh.core.scoping import scope_of

    return scope_of(user).has_role(Role.AGENCY)


def register() -> None:
    from mahalleh.desks.api import router

    api_routers.register(ApiRouter(key="desks", prefix="desks", router=router, order=50))
    nav_entries.register(NavEntry(key="desks", label="میزهای خدمت", path="/desks/", order=58,
                                  description="تقویم میزهای خدمت محلات، دعوت دستگاه‌ها و روز برگزاری"))
    from mahalleh.desks.permissions import may_plan

    nav_entries.register(NavEntry(key="desk_plan", label="برنامه سالانه میزها", path="/desks/plan/", order=59,
                                  visible=may_plan))
    nav_entries.register(NavEntry(key="my_desks", label="میزهای من", path="/desks/mine/", order=59, visible=_is_agency))
    nav_entries.register(NavEntry(key="campaigns", label="پویش‌ها", path="/desks/campaigns/", order=60,
                                  description="پویش‌های استان (مانند پویش لبخند)، جدول زمانی و پوشش محلات"))
    nav_entries.register(NavEntry(key="calendar_feed", label="تقویم من", path="/desks/calendar-feed/", order=97))
    inbox_sections.register(InboxSection(
        key="desk_invitations", title="دعوت به میز خدمت", template="desks/_inbox_invitations.html",
        rows=_invitations, empty="دعوتی در انتظار پاسخ نیست.", order=18, visible=_is_agency,
    ))
