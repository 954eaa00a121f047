"""The map's data: each target neighborhood the user sees, with its point and its measures (issue 12).

Open and overdue problems are the problem list's (``ProblemQuerySet.open`` / ``overdue`` for today, over the
problems the user sees); the last desk is the latest held desk of the neighborhood the user sees. Four
queries whatever the number of neighborhoods.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from mahalleh.core.roles import Role
from mahalleh.core.scoping import VIEW, scope_of
from mahalleh.desks.models import Desk
from mahalleh.places.models import Neighborhood
from mahalleh.problems.models import Problem

# (key, label): what the markers can be coloured by.
MEASURES = [("open", "مشکلات باز"), ("overdue", "مشکلات دارای تأخیر"), ("last_desk", "روز از آخرین میز خدمت")]


def neighborhood_points(user: Any) -> list[dict[str, Any]]:
    today = timezone.localdate()
    hoods = (Neighborhood.objects.restrict(user, VIEW).filter(is_target=True, latitude__isnull=False, longitude__isnull=False)
             .values("pk", "name", "latitude", "longitude", "county__name").order_by("name"))
    scope = scope_of(user)
    if not (scope.is_national or scope.can_write_global or scope.provinces_with(Role.SECRETARIAT, Role.GOVERNOR)
            or scope.has_role(Role.AGENCY)):
        # a county's map is its own neighborhoods, a neighborhood house's its own (they read the province's list)
        hoods = hoods.filter(Q(county_id__in=scope.county_ids) | Q(pk__in=scope.neighborhood_ids))
    problems = Problem.objects.restrict(user, VIEW)
    open_ = dict(problems.open().values_list("neighborhood").annotate(n=Count("pk")).order_by())
    overdue = dict(problems.overdue(today).values_list("neighborhood").annotate(n=Count("pk")).order_by())
    last = dict(Desk.objects.restrict(user, VIEW).filter(status=Desk.Status.HELD, neighborhood__isnull=False)
                .values_list("neighborhood").annotate(d=Max("date")).order_by())
    base, desks = reverse("problems:problems"), reverse("desks:desk_list")
    return [{
        "id": h["pk"], "name": h["name"], "county": h["county__name"], "lat": h["latitude"], "lng": h["longitude"],
        "url": reverse("places:neighborhood", args=[h["pk"]]),
        "problems_url": f"{base}?neighborhood={h['pk']}&status=open",
        "overdue_url": f"{base}?neighborhood={h['pk']}&status=overdue",
        "desks_url": f"{desks}?neighborhood={h['pk']}&status=held",
        "open": open_.get(h["pk"], 0), "overdue": overdue.get(h["pk"], 0),
        "last_desk": (today - last[h["pk"]]).days if h["pk"] in last else None,
    } for h in hoods]
