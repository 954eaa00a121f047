"""Read-side queries of desks, each scoped to the user."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role
from mahalleh.core.scoping import VIEW, scope_of
from mahalleh.desks.models import Desk, DeskAgency


def invitations_to_answer(user: AnyUser | None, today: datetime.date | None = None) -> list[DeskAgency]:
    """The agency's invitations to coming desks, unanswered first (the inbox section)."""
    scope = scope_of(user)
    if not scope.has_role(Role.AGENCY):
        return []
    today = today or timezone.localdate()
    rows = (DeskAgency.objects.restrict(user, VIEW).filter(agency_id__in=scope.agency_ids, desk__date__gte=today)
            .exclude(desk__status__in=[Desk.Status.CANCELLED, Desk.Status.MISSED])
            .select_related("desk__neighborhood", "desk__county", "agency").order_by("desk__date", "pk"))
    return sorted(rows, key=lambda i: (i.answer != DeskAgency.Answer.INVITED, i.desk.date))


def agency_desks(user: AnyUser | None) -> QuerySet[Desk]:
    """Each agency's own list of desks to attend."""
    scope = scope_of(user)
    return (Desk.objects.restrict(user, VIEW).filter(agencies__agency_id__in=scope.agency_ids).distinct()
            .select_related("neighborhood", "county").order_by("date"))


def coverage_matrix(user: AnyUser | None, year: int) -> dict[str, object]:
    """Rows are agencies, columns the target neighborhoods of the user's scope; each cell the best state
    of that agency's desks there in the year (held, planned or announced, missed) or «unplanned» when the
    last saved plan says it could not be given."""
    from mahalleh.desks.models import DeskPlan
    from mahalleh.desks.plans import year_bounds

    first, last = year_bounds(year)
    rank = {"held": 3, "planned": 2, "announced": 2, "missed": 1}
    cells: dict[tuple[int, int], str] = {}
    agencies: dict[int, str] = {}
    hoods: dict[int, str] = {}
    rows = (DeskAgency.objects.filter(desk__in=Desk.objects.restrict(user, VIEW), desk__date__range=(first, last),
                                      desk__neighborhood__isnull=False)
            .values_list("agency_id", "agency__name", "desk__neighborhood_id", "desk__neighborhood__name", "desk__status"))
    for agency_id, agency, hood_id, hood, status in rows:
        agencies[agency_id], hoods[hood_id] = agency, hood
        state = "announced" if status == "announced" else status
        if rank.get(state, 0) > rank.get(cells.get((agency_id, hood_id), ""), 0):
            cells[(agency_id, hood_id)] = state
    for plan in DeskPlan.objects.restrict(user, VIEW).filter(year=year).order_by("province", "-created_at").distinct():
        for u in plan.unplanned:
            if u.get("agency") and u.get("neighborhood"):
                key = (int(u["agency"]), int(u["neighborhood"]))
                cells.setdefault(key, "unplanned")
        break  # the latest plan only
    from mahalleh.agencies.models import Agency
    from mahalleh.places.models import Neighborhood

    missing_a = {a for a, _ in cells} - set(agencies)
    missing_h = {h for _, h in cells} - set(hoods)
    agencies.update(dict(Agency.objects.filter(pk__in=missing_a).values_list("pk", "name")))
    hoods.update(dict(Neighborhood.objects.restrict(user, VIEW).filter(pk__in=missing_h).values_list("pk", "name")))
    cols = sorted(hoods.items(), key=lambda kv: kv[1])
    return {"columns": cols, "rows": [(name, [cells.get((aid, hid), "") for hid, _ in cols])
                                      for aid, name in sorted(agencies.items(), key=lambda kv: kv[1])]}


def friday_rota(user: AnyUser | None, today: datetime.date | None = None) -> dict[str, list[Desk]]:
    """Each county's coming Friday desks at the prayer hall (county name → desks in date order)."""
    today = today or timezone.localdate()
    rota: dict[str, list[Desk]] = {}
    for desk in (Desk.objects.restrict(user, VIEW).filter(kind=Desk.Kind.FRIDAY, date__gte=today)
                 .exclude(status=Desk.Status.CANCELLED).select_related("county").order_by("county__name", "date")):
        rota.setdefault(desk.county.name, []).append(desk)
    return rota
