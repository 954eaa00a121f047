"""The problems JSON API: the same scoping as the pages (out of scope is a 404); the reporter only on
the detail and only through ``privacy.reporter_of``, which logs the read."""


from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.schemas import ErrorOut
from mahalleh.core.scoping import VIEW, get_scoped_or_404
from mahalleh.core.services import ConflictError, DomainError, parse_key
from mahalleh.core.text import normalize
from mahalleh.problems import services
from mahalleh.problems.models import Category, Problem, ProblemUpdate, RoutingRule
from mahalleh.problems.privacy import reporter_of
from mahalleh.problems.schemas import (
    CategoryOut,
    ProblemDetailOut,
    ProblemFilters,
    ProblemIn,
    ProblemOut,
    RoutingOut,
    StatusIn,
    UpdateOut,
)

router = Router(tags=["problems"])


def _problems(user: Any) -> "QuerySet[Problem]":
    return (Problem.objects.restrict(user, VIEW).with_overdue(timezone.localdate())
            .select_related("neighborhood__county", "category__axis", "agency", "duplicate_of"))


def _row(p: Problem) -> dict[str, Any]:
    return {
        "id": p.pk, "tracking_code": p.tracking_code,
        "neighborhood": {"id": p.neighborhood_id, "name": p.neighborhood.name},
        "category": {"code": p.category.code, "name": p.category.name}, "axis": p.category.axis.name,
        "status": p.status, "status_type": p.status_type,
        "agency": {"id": p.agency.pk, "name": p.agency.name} if p.agency else None,
        "priority_rank": p.priority_rank, "due_date": p.due_date,
        "overdue": bool(getattr(p, "overdue_now", p.is_overdue(timezone.localdate()))),
        "created_at": p.created_at, "acknowledged_at": p.acknowledged_at, "fixed_at": p.fixed_at,
        "description": p.description,
    }


def _detail(user: Any, p: Problem) -> dict[str, Any]:
    reporter = reporter_of(user, p, purpose="api")
    return {
        **_row(p), "version": p.version,
        "collaborators": [{"id": a.pk, "name": a.name} for a in p.collaborators.all()],
        "duplicate_of": p.duplicate_of.tracking_code if p.duplicate_of else None,
        "reporter": {"name": reporter.name, "mobile": reporter.mobile} if reporter else None,
    }


@router.get("/", response={200: list[ProblemOut], 400: ErrorOut})
@paginate
def list_problems(request: AuthenticatedHttpRequest, filters: Query[ProblemFilters]) -> list[dict[str, Any]]:
    qs = _problems(request.user)
    f = filters
    if f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category__code=f.category)
    if f.neighborhood is not None:
        qs = qs.filter(neighborhood_id=f.neighborhood)
    if f.agency is not None:
        qs = qs.filter(agency_id=f.agency)
    if f.county is not None:
        qs = qs.filter(neighborhood__county_id=f.county)
    if f.overdue is not None:
        late = Problem.objects.overdue(timezone.localdate()).values("pk")
        qs = qs.filter(pk__in=late) if f.overdue else qs.exclude(pk__in=late)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.q:
        term = normalize(f.q)
        qs = qs.filter(Q(description_normalized__icontains=term) | Q(tracking_code__icontains=f.q.strip()))
    return _Rows(qs)  # type: ignore[return-value]


class _Rows:
    """A queryset that the paginator slices and counts, each row turned into the list's shape."""

    def __init__(self, qs: QuerySet[Problem]) -> None:
        self.qs = qs

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, s: slice) -> list[dict[str, Any]]:
        return [_row(p) for p in self.qs[s]]


@router.get("/categories/", response={200: list[CategoryOut]})
def list_problem_categories(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [{"code": c.code, "name": c.name, "axis": c.axis.name, "service_days": c.service_days, "active": c.is_active}
            for c in Category.objects.restrict(request.user, VIEW).select_related("axis")]


@router.get("/routing/", response={200: list[RoutingOut]})
@paginate
def list_problem_routes(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    rules = RoutingRule.objects.restrict(request.user, VIEW).select_related("province", "county", "category", "agency")
    return [{"id": r.pk, "province": {"id": r.province_id, "name": r.province.name},
             "county": {"id": r.county.pk, "name": r.county.name} if r.county else None,
             "category": r.category.code, "agency": {"id": r.agency_id, "name": r.agency.name}} for r in rules]


@router.post("/", response={201: ProblemDetailOut, 400: ErrorOut, 404: ErrorOut})
def create_problem(request: AuthenticatedHttpRequest, payload: ProblemIn) -> Status[dict[str, Any]]:
    """Intake; a client resending sends the same Idempotency-Key (header, or ``idempotency_key``) and
    gets the first problem back. A broken rule (a bad mobile, an empty text) is a 400 in Persian."""
    from mahalleh.places.models import Neighborhood

    neighborhood = get_scoped_or_404(Neighborhood.objects.select_related("county"), request.user, VIEW, pk=payload.neighborhood)
    category = get_object_or_404(Category, code=payload.category)
    key = parse_key(request.headers.get("Idempotency-Key")) or payload.idempotency_key
    try:
        problem = services.problem_intake(
            actor=request.user, neighborhood=neighborhood, category=category, description=payload.description,
            source=payload.source, reporter_name=payload.reporter_name, reporter_mobile=payload.reporter_mobile,
            may_call_back=payload.may_call_back, sms_consent=payload.sms_consent, idempotency_key=key,
        )
    except DomainError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, _detail(request.user, _problems(request.user).get(pk=problem.pk)))


@router.get("/{pk}/", response={200: ProblemDetailOut, 404: ErrorOut})
def get_problem(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    return _detail(request.user, get_object_or_404(_problems(request.user).prefetch_related("collaborators"), pk=pk))


@router.get("/{pk}/updates/", response={200: list[UpdateOut], 404: ErrorOut})
@paginate
def list_problem_updates(request: AuthenticatedHttpRequest, pk: int) -> QuerySet[ProblemUpdate]:
    problem = get_object_or_404(Problem.objects.restrict(request.user, VIEW), pk=pk)
    return ProblemUpdate.objects.restrict(request.user, VIEW).filter(problem=problem)


@router.post("/{pk}/status/", response={200: ProblemDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def set_problem_status(request: AuthenticatedHttpRequest, pk: int, payload: StatusIn) -> dict[str, Any]:
    problem = get_object_or_404(_problems(request.user), pk=pk)
    try:
        services.problem_set_status(actor=request.user, problem=problem, version=payload.version, status=payload.status,
                                    text=payload.text, is_public=payload.is_public)
    except ConflictError as exc:
        raise HttpError(409, str(exc)) from exc
    except DomainError as exc:
        raise HttpError(400, str(exc)) from exc
    return _detail(request.user, _problems(request.user).prefetch_related("collaborators").get(pk=pk))
