
import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from mahalleh.core.audit import record_denied_read
from mahalleh.core.filtersets import api_filter_queryset
from mahalleh.core.schemas import ErrorOut
from mahalleh.core.scoping import VIEW, get_scoped_or_404
from mahalleh.places.filtersets import NeighborhoodFilterSet
from mahalleh.places.models import Neighborhood, NeighborhoodContact

router = Router(tags=["places"])


class NeighborhoodOut(Schema):
    id: int
    name: str
    county_id: int
    county: str
    city: str | None
    population: int | None
    households: int | None
    latitude: float | None
    longitude: float | None
    is_target: bool
    target_since: datetime.date | None
    priority_rank: int | None
    facilitation_office: str
    house_name: str
    is_demo: bool

    @staticmethod
    def resolve_county(obj: Neighborhood) -> str:
        return obj.county.name

    @staticmethod
    def resolve_city(obj: Neighborhood) -> str | None:
        return obj.city.name if obj.city else None


class ContactOut(Schema):
    id: int
    kind: str
    full_name: str
    phone: str
    alley: str


class NeighborhoodFilters(Schema):
    q: str | None = None
    county: int | None = None
    is_target: bool | None = None


@router.get("/neighborhoods/", response={200: list[NeighborhoodOut], 400: ErrorOut})
@paginate
def list_neighborhoods(request: HttpRequest, filters: Query[NeighborhoodFilters]) -> QuerySet[Neighborhood]:
    qs = Neighborhood.objects.restrict(request.user, VIEW).select_related("county", "city")
    return api_filter_queryset(NeighborhoodFilterSet, filters, qs, request)


@router.get("/neighborhoods/{pk}/", response={200: NeighborhoodOut, 404: ErrorOut})
def get_neighborhood(request: HttpRequest, pk: int) -> Neighborhood:
    return get_scoped_or_404(Neighborhood.objects.select_related("county", "city"), request.user, VIEW, pk=pk)


@router.get("/neighborhoods/{pk}/contacts/", response={200: list[ContactOut], 404: ErrorOut})
def neighborhood_contacts(request: HttpRequest, pk: int) -> QuerySet[NeighborhoodContact]:
    """People in the neighborhood's roles: personal data, read through their own scope (none for the roles
    that may not see it)."""
    hood = get_scoped_or_404(Neighborhood.objects.all(), request.user, VIEW, pk=pk)
    contacts = NeighborhoodContact.objects.restrict(request.user, VIEW).filter(neighborhood=hood)
    withheld = NeighborhoodContact.objects.filter(neighborhood=hood).count() - contacts.count()
    if withheld > 0:
        record_denied_read(hood, what="contacts", hidden=withheld)
    return contacts
