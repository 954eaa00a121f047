"""The reports that wait for the secretariat's acceptance: the other half of the agency's inbox."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value

from mahalleh.core.roles import Role
from mahalleh.core.scoping import CHANGE, VIEW, scope_of
from mahalleh.meetings.models import ProgressReport


def reports_awaiting(user: Any) -> QuerySet[ProgressReport]:
    """Submitted reports not yet accepted or returned, oldest first, that this user accepts
    (``ProgressReport``'s change scope: the secretariat's province, a county's staff's bodies) or, as the
    governor, oversees in their province; ``can_review`` says which. One query, whatever the rows."""
    scope = scope_of(user)
    reviews: Q | None = None if scope.can_write_global else ProgressReport.scope_q(scope, CHANGE)
    oversees = Q(assignment__resolution__meeting__body__province_id__in=scope.provinces_with(Role.GOVERNOR))
    waiting = ProgressReport.objects.restrict(user, VIEW).filter(status=ProgressReport.Status.SUBMITTED)
    if reviews is None:  # the superuser accepts them all
        qs = waiting.annotate(can_review=Value(True, output_field=BooleanField()))
    else:
        qs = waiting.filter(reviews | oversees).annotate(can_review=ExpressionWrapper(reviews, output_field=BooleanField()))
    return (
        qs.select_related("author", "assignment__agency", "assignment__resolution__meeting__body")
        .order_by("submitted_at", "pk")
    )
