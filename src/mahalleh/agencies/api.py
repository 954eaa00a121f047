
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from mahalleh.agencies.filtersets import AgencyFilterSet
from mahalleh.agencies.models import Agency
from mahalleh.core.filtersets import api_filter_queryset
from mahalleh.core.schemas import ErrorOut
from mahalleh.core.scoping import VIEW, get_scoped_or_404

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    level: str
    province_id: int
    county_id: int | None
    parent_id: int | None
    axes: list[str]
    aliases: list[str]

    @staticmethod
    def resolve_axes(obj: Agency) -> list[str]:
        return [a.code for a in obj.axes.all()]

    @staticmethod
    def resolve_aliases(obj: Agency) -> list[str]:
        return [a.name for a in obj.aliases.all()]


class AgencyFilters(Schema):
    """The fields of ``AgencyFilterSet``, the list page's filters."""

    q: str | None = None
    kind: str | None = None
    level: str | None = None
    axis: int | None = None


class MatchOut(Schema):
    written: str
    agency_id: int | None
    agency_name: str | None
    confidence: float
    method: str


@router.get("/", response={200: list[AgencyOut], 400: ErrorOut})
@paginate
def list_agencies(request: HttpRequest, filters: Query[AgencyFilters]) -> QuerySet[Agency]:
    qs = Agency.objects.restrict(request.user, VIEW).prefetch_related("axes", "aliases")
    return api_filter_queryset(AgencyFilterSet, filters, qs, request)


@router.get("/match/", response={200: list[MatchOut], 404: ErrorOut})
def match(request: HttpRequest, written: str, province: int) -> list[dict[str, Any]]:
    """Turn a name as written in minutes into registry agencies."""
    from mahalleh.agencies.matching import match_agencies
    from mahalleh.places.models import Province

    prov = get_scoped_or_404(Province.objects.all(), request.user, VIEW, pk=province)
    return [m.__dict__ for m in match_agencies(written, province=prov)]


@router.get("/{pk}/", response={200: AgencyOut, 404: ErrorOut})
def get_agency(request: HttpRequest, pk: int) -> Agency:
    return get_scoped_or_404(Agency.objects.prefetch_related("axes", "aliases"), request.user, VIEW, pk=pk)
