"""Reads of problems for other pages: the inbox's sections (an agency's assigned open problems; the
county's new ones, refused ones included, to accept and route). Open and overdue are derived today."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mahalleh.core.roles import Role
from mahalleh.core.scoping import VIEW, scope_of
from mahalleh.problems import codes
from mahalleh.problems.models import Problem, Status

INBOX_LIMIT = 50


def _rows(qs: QuerySet[Problem]) -> list[Problem]:
    today = timezone.localdate()
    rows = list(qs.select_related("neighborhood__county", "category", "agency")
                .with_overdue(today).order_by("due_date", "created_at")[:INBOX_LIMIT])  # type: ignore[attr-defined]
    for row in rows:
        row.code = codes.display(row.tracking_code)  # read aloud over the phone: Persian digits
    return rows


def assigned_open(user: Any) -> list[Problem]:
    """The open problems assigned to the user's agencies (as focal point), the most urgent first."""
    scope = scope_of(user)
    if not scope.has_role(Role.AGENCY):
        return []
    return _rows(Problem.objects.restrict(user, VIEW).open().filter(agency_id__in=scope.agency_ids))


def awaiting_routing(user: Any) -> list[Problem]:
    """The «new» problems of the user's counties (the province's, for the secretariat): to accept and route."""
    scope = scope_of(user)
    qs = Problem.objects.filter(status=Status.NEW)
    counties, provinces = scope.county_ids, scope.provinces_with(Role.SECRETARIAT)
    if not (counties or provinces):
        return []
    return _rows(qs.filter(Q(neighborhood__county_id__in=counties) | Q(neighborhood__county__province_id__in=provinces)))
