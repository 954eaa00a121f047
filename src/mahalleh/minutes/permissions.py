"""Who may import minutes: one predicate, read by the upload page (a 404 for everyone else) and by the
menu entry that leads there."""

from __future__ import annotations

from mahalleh.core.actors import AnyUser
from mahalleh.core.scoping import CHANGE, VIEW
from mahalleh.meetings.models import Body
from mahalleh.places.models import Province


def import_province(user: AnyUser) -> Province | None:
    """Where this user's uploads go: a province whose own bodies (not a county's) they run, i.e. the
    secretariat's (the superuser's: the first such province); ``None`` for everyone else."""
    runs = Body.objects.restrict(user, CHANGE).filter(county=None).values("province")
    return Province.objects.restrict(user, VIEW).filter(pk__in=runs).order_by("pk").first()


def may_import_minutes(user: AnyUser) -> bool:
    """«ورود صورتجلسه»: whoever has a province to import into."""
    return import_province(user) is not None
