"""Who may do what with a problem: one predicate each, read by the page (which refuses everyone else),
by the service (which checks again) and by whatever leads there (the menu, the inbox, a page's buttons)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role
from mahalleh.core.scoping import Scope, scope_of
from mahalleh.places.models import Neighborhood
from mahalleh.problems.models import Problem


def sees_problems(user: AnyUser) -> bool:
    """The menu's «مشکلات محلات»: anyone whose scope reaches some problems."""
    scope = scope_of(user)
    return bool(scope.can_write_global or scope.is_national or scope.province_ids or scope.county_ids
                or scope.neighborhood_ids or scope.agency_ids)


def routing_q(scope: Scope, prefix: str = "") -> Q:
    """What a scope routes, as a filter on a county's records (``prefix`` leads to the county): the counties
    of its county staff and the provinces of its secretariat. ``may_route`` is the same rule on one problem."""
    return (Q(**{f"{prefix}county_id__in": scope.county_ids})
            | Q(**{f"{prefix}county__province_id__in": scope.provinces_with(Role.SECRETARIAT)}))


def routes_somewhere(scope: Scope) -> bool:
    """Whether ``routing_q`` reaches anything: a county's staff or a province's secretariat."""
    return bool(scope.county_ids or scope.provinces_with(Role.SECRETARIAT))


def may_route(user: AnyUser | None, problem: Problem) -> bool:
    """Accept, reroute, prioritize: the problem's county staff or the province's secretariat."""
    scope = scope_of(user)
    return (
        scope.can_write_global
        or problem.neighborhood.county_id in scope.county_ids
        or problem.neighborhood.county.province_id in scope.provinces_with(Role.SECRETARIAT)
    )


def is_assigned_agency(user: AnyUser | None, problem: Problem) -> bool:
    """The problem's agency, as its focal point (a partner's agency never handles problems)."""
    scope = scope_of(user)
    return problem.agency_id is not None and scope.has_role(Role.AGENCY) and problem.agency_id in scope.agency_ids


def may_handle(user: AnyUser | None, problem: Problem) -> bool:
    """Move the problem on (status, notes, photos): the assigned agency or who routes it."""
    return is_assigned_agency(user, problem) or may_route(user, problem)


def handles_assigned(user: AnyUser) -> bool:
    """The inbox's assigned problems: an agency's focal point."""
    return scope_of(user).has_role(Role.AGENCY)


def routes_new(user: AnyUser) -> bool:
    """The inbox's problems to route: a county's staff or the province's secretariat."""
    return routes_somewhere(scope_of(user))


def reviews_personal_reads(user: AnyUser) -> bool:
    """The personal-data read log: the province admin (the secretariat)."""
    scope = scope_of(user)
    return scope.can_write_global or bool(scope.provinces_with(Role.SECRETARIAT))


# escalation: the county HQ's priorities page
def prioritized_neighborhoods(user: AnyUser | None) -> QuerySet[Neighborhood]:
    """The target neighborhoods whose problems this user ranks (``may_route``'s rule, by neighborhood):
    a county's staff their county's, the secretariat its province's."""
    scope = scope_of(user)
    targets = Neighborhood.objects.filter(is_target=True).select_related("county")
    if scope.can_write_global:
        return targets
    return targets.filter(routing_q(scope))


def may_prioritize(user: AnyUser | None) -> bool:
    """The priorities page (and its menu entry): whoever ranks some neighborhood's problems."""
    scope = scope_of(user)
    return scope.can_write_global or routes_somewhere(scope)
