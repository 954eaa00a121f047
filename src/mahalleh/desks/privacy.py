"""Residents' sign-ups are personal data: who may read them, and the log every read writes."""

from __future__ import annotations

from django.db.models import QuerySet

from mahalleh.core.actors import AnyUser
from mahalleh.core.scoping import VIEW
from mahalleh.desks.models import Desk, SignUp, SignUpRead


def signups_of(user: AnyUser | None, desk: Desk, *, purpose: str) -> list[SignUp]:
    """The desk's sign-ups this user may read (the county's staff, the province's secretariat, the
    neighborhood's manager); each read that returns rows is logged with how many."""
    rows = list(SignUp.objects.restrict(user, VIEW).filter(desk=desk).order_by("program", "pk"))
    if rows:
        SignUpRead.objects.create(user_id=getattr(user, "pk", None), desk=desk, purpose=purpose, rows=len(rows))
    return rows


def signup_counts(desk: Desk) -> QuerySet[SignUp]:
    """Counts by program, for anyone who sees the desk (no names)."""
    from django.db.models import Count

    return desk.signups.values("program").annotate(n=Count("pk")).order_by("program")  # type: ignore[return-value]
