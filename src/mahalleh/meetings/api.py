
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from mahalleh.core.scoping import VIEW, get_scoped_or_404
from mahalleh.meetings.models import Body

router = Router(tags=["meetings"])


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    province_id: int
    county_id: int | None
    parent_id: int | None
    chair_title: str
    cadence: str
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj: Body) -> list[int]:
        return [m.agency_id for m in obj.memberships.all()]


@router.get("/bodies/", response=list[BodyOut])
@paginate
def list_bodies(request: HttpRequest):  # type: ignore[no-untyped-def]
    return Body.objects.restrict(request.user, VIEW).prefetch_related("memberships")


@router.get("/bodies/{pk}/", response=BodyOut)
def get_body(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return get_scoped_or_404(Body.objects.prefetch_related("memberships"), request.user, VIEW, pk=pk)
