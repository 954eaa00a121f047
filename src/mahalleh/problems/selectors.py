"""Reads of problems that pages and other apps share: the inbox's sections (an agency's assigned open
problems; the county's new ones, refused ones included, to accept and route), a neighborhood's
prioritized open problems (the county HQ's list, the input of the desk plan) and a county's open-problem
figures (its HQ's agenda). Open and overdue are derived for today."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, TypedDict

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from mahalleh.core.roles import Role
from mahalleh.core.scoping import VIEW, scope_of
from mahalleh.places.models import Neighborhood
from mahalleh.problems import codes, permissions
from mahalleh.problems.models import OPEN_STATUSES, Problem, Status

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
    if not permissions.routes_somewhere(scope):
        return []
    return _rows(Problem.objects.filter(permissions.routing_q(scope, "neighborhood__"), status=Status.NEW))


# By rank (unranked last), then the oldest first.
ORDER = (F("priority_rank").asc(nulls_last=True), F("created_at").asc(), F("pk").asc())


def _prioritized(queryset: QuerySet[Problem]) -> QuerySet[Problem]:
    """Open problems in the county HQ's order, with what a list shows of each."""
    return queryset.filter(status__in=OPEN_STATUSES).select_related("category__axis", "agency").order_by(*ORDER)


def prioritized_open(neighborhood: Neighborhood) -> list[Problem]:
    """The neighborhood's open problems in the order the county HQ ranked them."""
    return list(_prioritized(Problem.objects.filter(neighborhood=neighborhood)))


def prioritized_open_by_neighborhood(
    neighborhoods: Iterable[Neighborhood], limit: int | None = None
) -> dict[int, list[Problem]]:
    """``prioritized_open`` of many neighborhoods in one query (neighborhood id → its problems), the first
    ``limit`` of each when given (a window over each neighborhood's rows, so a big one does not crowd out the rest)."""
    ids = [n.pk for n in neighborhoods]
    out: dict[int, list[Problem]] = {pk: [] for pk in ids}
    rows = _prioritized(Problem.objects.filter(neighborhood_id__in=ids))
    if limit is not None:
        rows = rows.annotate(place=Window(RowNumber(), partition_by=[F("neighborhood_id")], order_by=list(ORDER)))
        rows = rows.filter(place__lte=limit)
    for problem in rows:
        out[problem.neighborhood_id].append(problem)
    return out


def open_counts(neighborhoods: Iterable[Neighborhood]) -> dict[int, int]:
    """How many open problems each neighborhood has (neighborhood id → count; none: absent)."""
    rows = (Problem.objects.filter(neighborhood_id__in=[n.pk for n in neighborhoods], status__in=OPEN_STATUSES)
            .values("neighborhood_id").annotate(n=Count("pk")).values_list("neighborhood_id", "n"))
    return dict(rows)


class OpenFigures(TypedDict):
    open: int
    neighborhoods: int
    overdue: int


def county_open_figures(county_id: int, today: datetime.date) -> OpenFigures:
    """A county's open problems, how many of its neighborhoods they are in, and how many are overdue."""
    figures = Problem.objects.filter(neighborhood__county_id=county_id, status__in=OPEN_STATUSES).aggregate(
        open=Count("pk"), neighborhoods=Count("neighborhood", distinct=True),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
    )
    return {"open": figures["open"], "neighborhoods": figures["neighborhoods"], "overdue": figures["overdue"]}
