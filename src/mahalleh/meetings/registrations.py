"""What meetings hands to the kernel's registries: its API router, its menu entries, the inbox's
resolutions section (an agency's work) and reports section (the secretariat's), and where problems meet
meetings: the problem page's «طرح در جلسه» button and its meetings card, and a county HQ's agenda item
on the problems its county enumerated."""

from __future__ import annotations

from typing import Any

from mahalleh.core.registry import (
    AgendaSource,
    ApiRouter,
    InboxSection,
    NavEntry,
    ObjectLink,
    ObjectPanel,
    agenda_sources,
    api_routers,
    has_inbox,
    inbox_sections,
    nav_entries,
    object_links,
    object_panels,
)


def _open_resolutions(user: Any) -> list[Any]:
    from mahalleh.meetings import selectors

    return list(selectors.inbox(user=user))


def _reports_awaiting(user: Any) -> list[Any]:
    from mahalleh.meetings import selectors

    return list(selectors.reports_awaiting(user))


def _problems_report(*, body: Any, date: Any) -> list[str]:
    """A county HQ's new meeting: the report of the problems its county's neighborhoods raised, with counts."""
    from mahalleh.core.text import to_persian_digits
    from mahalleh.meetings.models import Body
    from mahalleh.problems.selectors import county_open_figures

    if body.kind != Body.Kind.COUNTY_HQ or body.county_id is None:
        return []
    figures = county_open_figures(body.county_id, date)
    if not figures["open"]:
        return []
    text = (f"گزارش مشکلات احصاشده محلات: {to_persian_digits(figures['open'])} مشکل باز در "
            f"{to_persian_digits(figures['neighborhoods'])} محله")
    if figures["overdue"]:
        text += f"، {to_persian_digits(figures['overdue'])} مورد دارای تأخیر"
    return [text]


def _escalate_url(problem: Any) -> str:
    from django.urls import reverse

    return reverse("meetings:problem_escalate", args=[problem.pk])


def _may_escalate(user: Any, problem: Any) -> bool:
    from mahalleh.meetings.services.escalation import may_escalate

    return may_escalate(user, problem)


def _problem_panel(problem: Any, user: Any) -> dict[str, Any] | None:
    from mahalleh.meetings.panels import problem_panel

    return problem_panel(problem, user)


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
    # where a problem meets a body (meetings.services.escalation): the problems app knows nothing of it
    object_links.register(ObjectLink(key="problem_escalate", model="problems.problem", label="طرح در جلسه",
                                     url=_escalate_url, visible=_may_escalate, testid="escalate", order=20))
    object_panels.register(ObjectPanel(key="problem_meetings", model="problems.problem",
                                       template="meetings/_problem_panel.html", context=_problem_panel, order=20))
    agenda_sources.register(AgendaSource(key="problems_report", offer=_problems_report, order=20,
                                         label="گزارش مشکلات احصاشده محلات"))
