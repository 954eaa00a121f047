"""A neighborhood's people (elites, active women, registrants) are personal data: who may read them is
``NeighborhoodPerson.scope_q`` (the province's secretariat, the county's staff, the neighborhood's
manager), and every read that returns names writes ``ListRead`` rows, one per neighborhood shown. Others
who read the neighborhood see how many are on each list, never who."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count

from mahalleh.core.actors import AnyUser
from mahalleh.places.lists_models import ListRead, NeighborhoodPerson


def log_read(user: AnyUser | None, people: Iterable[NeighborhoodPerson] | Iterable[tuple[int, str]], *, purpose: str) -> None:
    """Write the read of ``people`` (rows, or (neighborhood id, kind) pairs) by ``user``; nothing when none."""
    counts: Counter[tuple[int, str]] = Counter(
        (p.neighborhood_id, p.kind) if isinstance(p, NeighborhoodPerson) else p for p in people)
    if counts:
        ListRead.objects.bulk_create([
            ListRead(user_id=getattr(user, "pk", None), neighborhood_id=hood, kind=kind, purpose=purpose, rows=n)
            for (hood, kind), n in counts.items()
        ])


def people_counts(neighborhood_id: int) -> dict[str, int]:
    """How many are on each of the neighborhood's lists, for anyone who reads the neighborhood (no names)."""
    rows = (NeighborhoodPerson.objects.filter(neighborhood_id=neighborhood_id)
            .values("kind").annotate(n=Count("pk")).order_by())
    return {r["kind"]: r["n"] for r in rows}
