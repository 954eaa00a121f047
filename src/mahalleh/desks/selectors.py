"""Read-side queries of desks, each scoped to the user."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role
from mahalleh.core.scoping import VIEW, scope_of
from mahalleh.desks.models import Desk, DeskAgency


def invitations_to_answer(user: AnyUser | None, today: datetime.date | None = None) -> list[DeskAgency]:
    """The agency's invitations to coming desks, unanswered first (the inbox section)."""
    scope = scope_of(user)
    if not scope.has_role(Role.AGENCY):
        return []
    today = today or datetime.date.today()
    rows = (DeskAgency.objects.restrict(user, VIEW).filter(agency_id__in=scope.agency_ids, desk__date__gte=today)
            .exclude(desk__status__in=[Desk.Status.CANCELLED, Desk.Status.MISSED])
            .select_related("desk__neighborhood", "desk__county", "agency").order_by("desk__date", "pk"))
    return sorted(rows, key=lambda i: (i.answer != DeskAgency.Answer.INVITED, i.desk.date))


def agency_desks(user: AnyUser | None) -> QuerySet[Desk]:
    """Each agency's own list of desks to attend."""
    scope = scope_of(user)
    return (Desk.objects.restrict(user, VIEW).filter(agencies__agency_id__in=scope.agency_ids).distinct()
            .select_related("neighborhood", "county").order_by("date"))
