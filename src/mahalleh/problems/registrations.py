"""What problems hands to the kernel's registries: its menu entries, its API router, the inbox's
problems sections (an agency's assigned problems; the county's new ones), its agenda offers and its
buttons and panels on other apps' pages."""

from __future__ import annotations

from mahalleh.core.registry import NavEntry, nav_entries


def register() -> None:
    from mahalleh.problems import permissions

    nav_entries.register(NavEntry(key="problems", label="مشکلات محلات", path="/problems/", exact=True, order=55,
                                  description="مشکلات ثبت‌شده محلات، ارجاع و پیگیری",
                                  visible=permissions.sees_problems))
    # escalation: the county HQ's priorities page
    nav_entries.register(NavEntry(key="problem_priorities", label="اولویت مشکلات", path="/problems/priorities/",
                                  order=56, visible=permissions.may_prioritize))
