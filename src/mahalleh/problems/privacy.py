"""Who may read a problem's reporter (name and mobile), and the log row every read of them writes.

Only who recorded it, the county's staff and — when the reporter agreed to be called back — the
agency it is assigned to. National HQ, the province and collaborators never do. Pages, the API and
exports read the two fields through ``reporter_of`` alone, never off the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of
from mahalleh.problems.models import PersonalDataRead, Problem


@dataclass(frozen=True)
class Reporter:
    name: str
    mobile: str


def can_see_reporter(user: AnyUser | None, problem: Problem) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    scope = scope_of(user)
    if scope.can_write_global:  # the superuser
        return True
    if problem.created_by_id is not None and problem.created_by_id == user.pk:
        return True
    if problem.neighborhood.county_id in scope.county_ids:
        return True
    return bool(
        problem.may_call_back
        and problem.agency_id is not None
        and scope.has_role(Role.AGENCY)
        and problem.agency_id in scope.agency_ids
    )


def reporter_of(user: AnyUser | None, problem: Problem, *, purpose: str = "detail") -> Reporter | None:
    """The reporter as ``user`` may read them (None: not theirs to read, or anonymous); a read that
    returns a name or a mobile writes its ``PersonalDataRead`` row."""
    if not (problem.reporter_name or problem.reporter_mobile) or not can_see_reporter(user, problem):
        return None
    PersonalDataRead.objects.create(user_id=getattr(user, "pk", None), problem=problem, purpose=purpose)
    return Reporter(name=problem.reporter_name, mobile=problem.reporter_mobile)
