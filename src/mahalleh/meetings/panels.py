"""What meetings shows on other apps' pages (``core.registry.object_panels``): on a problem's page, the
agenda items that put it before a body and the resolutions that answer it, each with its status, read
through the reader's scope."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mahalleh.core.actors import AnyUser
from mahalleh.core.scoping import VIEW
from mahalleh.meetings.models import AgendaItem, Meeting, Resolution


def problem_panel(problem: Any, user: AnyUser) -> dict[str, Any] | None:
    """The meetings and resolutions of a problem that ``user`` reads; ``None`` (no card) when there are none."""
    meetings = Meeting.objects.restrict(user, VIEW)
    items = list(AgendaItem.objects.filter(problems=problem, meeting__in=meetings.values("pk"))
                 .select_related("meeting__body").order_by("-meeting__date", "order"))
    resolutions = list(Resolution.objects.restrict(user, VIEW).filter(problems=problem)
                       .select_related("meeting__body").order_by("-meeting__date", "number"))
    if not items and not resolutions:
        return None
    today = timezone.localdate()
    return {"items": items, "resolutions": [(r, r.is_overdue(today)) for r in resolutions]}
