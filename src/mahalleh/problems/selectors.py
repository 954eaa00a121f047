"""Reads of problems that pages and other apps share: a neighborhood's prioritized open problems (the
county HQ's list, the input of the desk plan) and a county's open-problem figures (its HQ's agenda)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from mahalleh.places.models import Neighborhood
from mahalleh.problems.models import OPEN_STATUSES, Problem

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
