"""Who may do what with desks: one predicate per rule, used by the services, the pages and the menu."""

from __future__ import annotations

from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role
from mahalleh.core.scoping import CHANGE, scope_of
from mahalleh.desks.models import Desk, DeskAgency


def may_answer(user: AnyUser | None, invitation: DeskAgency) -> bool:
    """The invited agency's own focal point answers its invitation (a partner never does)."""
    scope = scope_of(user)
    return scope.has_role(Role.AGENCY) and invitation.agency_id in scope.agency_ids


def may_schedule(user: AnyUser | None) -> bool:
    """Who plans and holds desks: the province's secretariat and the county governorates' staff."""
    scope = scope_of(user)
    return bool(scope.provinces_with(Role.SECRETARIAT)) or bool(scope.county_ids)


def may_schedule_in(user: AnyUser | None, county_id: int, province_id: int) -> bool:
    """Schedule or change a desk of this county: its governorate's staff or the province's secretariat
    (the same reach as ``Desk.scope_q`` for a change)."""
    scope = scope_of(user)
    return county_id in scope.county_ids or province_id in scope.provinces_with(Role.SECRETARIAT)


def may_plan(user: AnyUser | None) -> bool:
    """The year's plan is the province secretariat's."""
    return bool(scope_of(user).provinces_with(Role.SECRETARIAT))


def may_record_day(user: AnyUser | None, desk: Desk) -> bool:
    """Who records the day at a desk (problems, sign-ups): whoever runs desks there, and the manager of
    the desk's neighborhood, who sits at the table."""
    if desk.neighborhood_id is not None and desk.neighborhood_id in scope_of(user).neighborhood_ids:
        return True
    return Desk.objects.restrict(user, CHANGE).filter(pk=desk.pk).exists()
