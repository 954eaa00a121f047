"""Who may use which meetings page: one predicate each, read both by the page (which refuses everyone
else) and by whatever leads there (the menu, the inbox's sections, a page's buttons), so no one is
offered a page that turns them away or a form with nothing to choose from."""

from __future__ import annotations

from django.db.models import QuerySet

from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role
from mahalleh.core.scoping import CHANGE, scope_of
from mahalleh.meetings.models import Body


def schedulable_bodies(user: AnyUser) -> QuerySet[Body]:
    """The bodies whose meetings this user schedules and records (the meeting form's choices)."""
    return Body.objects.restrict(user, CHANGE)


def may_schedule_meeting(user: AnyUser) -> bool:
    """«ثبت جلسه»: only someone with a body to schedule for (the secretariat, a county's staff)."""
    return schedulable_bodies(user).exists()


def reports_on_assignments(user: AnyUser) -> bool:
    """The inbox's open resolutions: whoever reports for an agency (``Assignment``'s change scope is
    the user's agencies: focal points and partners)."""
    return bool(scope_of(user).agency_ids)


def follows_reports(user: AnyUser) -> bool:
    """The inbox's reports awaiting acceptance: whoever accepts them (``ProgressReport``'s change scope:
    the secretariat, a county's staff for its bodies, the superuser) or oversees it (the governor)."""
    scope = scope_of(user)
    return scope.can_write_global or bool(scope.provinces_with(Role.SECRETARIAT, Role.GOVERNOR) or scope.county_ids)
