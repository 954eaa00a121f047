"""The neighborhood's profile (شناسنامه محله, issue 12 item 3): one page that reads every app about one
neighborhood, each part through the reader's own scope.

Its figures; its house and the people in its roles (personal data: the roles that need it, and a
withheld read is recorded as on the neighborhood page); its open problems; the resolutions that name
it; the desks held and planned there; the campaigns delivered to it; its indicators per axis over time;
its lists (how many on each, never who; the needs and documents themselves). A fixed number of queries
whatever the number of rows: each part is one query with what it shows joined in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from mahalleh.core.actors import AnyUser
from mahalleh.core.audit import record_denied_read
from mahalleh.core.scoping import VIEW
from mahalleh.desks.models import CampaignVisit, Desk
from mahalleh.places.models import (
    Neighborhood,
    NeighborhoodContact,
    NeighborhoodDocument,
    NeighborhoodNeed,
    NeighborhoodPerson,
)
from mahalleh.places.privacy import people_counts
from mahalleh.problems.models import OPEN_STATUSES, Problem
from mahalleh.reports.indicators import AxisSeries, neighborhood_series

SHOWN = 30  # rows of each part on the page; the counts say how many there are


@dataclass
class Profile:
    neighborhood: Neighborhood
    contacts: list[NeighborhoodContact]
    problem_counts: dict[str, int]
    open_problems: list[Problem]
    resolutions: list[Any]
    desk_counts: dict[str, int]
    desks_held: list[Any]
    desks_planned: list[Any]
    campaigns_delivered: list[CampaignVisit]
    campaigns_planned: list[CampaignVisit]
    indicators: list[AxisSeries]
    people: list[tuple[str, str, int]]
    needs: list[tuple[str, str, list[NeighborhoodNeed]]]
    documents: list[NeighborhoodDocument]


def build(neighborhood: Neighborhood, user: AnyUser | None) -> Profile:
    """The profile of ``neighborhood`` as ``user`` may read it (they read the neighborhood itself)."""
    today = timezone.localdate()
    hood = neighborhood
    contacts = list(NeighborhoodContact.objects.restrict(user, VIEW).filter(neighborhood=hood))
    withheld = NeighborhoodContact.objects.filter(neighborhood=hood).count() - len(contacts)
    if withheld > 0:
        record_denied_read(hood, what="contacts", hidden=withheld)

    problems = Problem.objects.restrict(user, VIEW).filter(neighborhood=hood)
    problem_counts = problems.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), all=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)))
    open_problems = list(problems.filter(status__in=OPEN_STATUSES).select_related("category", "agency")
                         .order_by("priority_rank", "due_date", "pk")[:SHOWN])

    resolutions = list(hood.resolutions.restrict(user, VIEW).select_related("meeting__body")
                       .order_by("-meeting__date", "number")[:SHOWN])

    desks = Desk.objects.restrict(user, VIEW).filter(neighborhood=hood)
    planned = Q(status__in=[Desk.Status.PLANNED, Desk.Status.ANNOUNCED], date__gte=today)
    desk_counts = desks.aggregate(held=Count("pk", filter=Q(status=Desk.Status.HELD)), planned=Count("pk", filter=planned))
    with_agencies = desks.annotate(n_agencies=Count("agencies"))
    desks_held = list(with_agencies.filter(status=Desk.Status.HELD).order_by("-date")[:SHOWN])
    desks_planned = list(with_agencies.filter(planned).order_by("date")[:SHOWN])

    visits = list(CampaignVisit.objects.restrict(user, VIEW).filter(neighborhood=hood).select_related("campaign")
                  .order_by("date")[: SHOWN * 2])

    counts = people_counts(hood.pk)
    people = [(k, str(label), counts.get(k, 0)) for k, label in NeighborhoodPerson.Kind.choices]
    rows = list(NeighborhoodNeed.objects.restrict(user, VIEW).filter(neighborhood=hood).order_by("kind", "title", "pk"))
    needs = [(k, str(label), [r for r in rows if r.kind == k]) for k, label in NeighborhoodNeed.Kind.choices]
    documents = list(NeighborhoodDocument.objects.restrict(user, VIEW).filter(neighborhood=hood)[:5])

    return Profile(
        neighborhood=hood, contacts=contacts, problem_counts=problem_counts, open_problems=open_problems,
        resolutions=resolutions, desk_counts=desk_counts, desks_held=desks_held, desks_planned=desks_planned,
        campaigns_delivered=[v for v in visits if v.delivered_on], campaigns_planned=[v for v in visits if not v.delivered_on],
        indicators=neighborhood_series(hood, user, only_with_values=True), people=people, needs=needs, documents=documents,
    )
