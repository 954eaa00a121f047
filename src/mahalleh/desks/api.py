"""The desks JSON API: desks, their invitations, sign-ups and the year's plans, scoped exactly as the
pages (out of scope is a 404). Residents' names and mobiles only on a desk's sign-ups, read through
``privacy.signups_of`` (logged), and only for those the sign-ups page serves.

Answers to a broken rule: a 400 with the Persian message (``DomainError``), a 409 for a stale
``version`` (``ConflictError``), a 403 for an act on a row the user sees but may not do
(``NotAllowed``: an agency answering another's invitation).

Campaigns (issue 11 §5): ``/api/desks/campaigns/`` (list with coverage, one campaign with its
timetable, recording a delivery), scoped as the campaign pages.
"""

# No ``from __future__ import annotations``: ninja resolves the ``Query[...]`` parameters at import.
from collections.abc import Callable
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.jalali import format_jalali
from mahalleh.core.schemas import ErrorOut
from mahalleh.core.scoping import VIEW, get_scoped_or_404
from mahalleh.core.services import ConflictError, DomainError, NotAllowed, parse_key
from mahalleh.desks import campaigns as campaign_services
from mahalleh.desks import permissions, services
from mahalleh.desks.models import Campaign, CampaignVisit, Desk, DeskAgency, DeskPlan
from mahalleh.desks.privacy import signup_counts, signups_of
from mahalleh.desks.schemas import (
    AnswerIn,
    CampaignDetailOut,
    CampaignOut,
    CampaignVisitOut,
    DeliveryIn,
    DeskDetailOut,
    DeskFilters,
    DeskIn,
    DeskOut,
    DeskStatusIn,
    InvitationOut,
    PlanFilters,
    PlanOut,
    SignUpIn,
    SignUpOut,
)

router = Router(tags=["desks"])

WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _refusal(exc: DomainError) -> HttpError:
    if isinstance(exc, ConflictError):
        return HttpError(409, str(exc))
    if isinstance(exc, NotAllowed):
        return HttpError(403, str(exc))
    return HttpError(400, str(exc))


def _desks(user: Any) -> QuerySet[Desk]:
    return Desk.objects.restrict(user, VIEW).select_related("county", "neighborhood", "host")


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _row(d: Desk) -> dict[str, Any]:
    return {
        "id": d.pk, "kind": d.kind, "kind_label": d.get_kind_display(), "status": d.status,
        "county": _ref(d.county), "neighborhood": _ref(d.neighborhood),
        "date": d.date, "date_jalali": format_jalali(d.date, persian_digits=False),
        "start": d.start_time, "end": d.end_time, "place": d.place, "host": _ref(d.host),
        "announced_by": d.announced_by_id, "plan": d.plan_id, "version": d.version,
    }


def _invitation(i: DeskAgency) -> dict[str, Any]:
    return {"id": i.pk, "agency": _ref(i.agency), "reason": i.reason, "answer": i.answer, "deputy_name": i.deputy_name,
            "attended": i.attended, "answered_at": i.answered_at, "version": i.version}


def _detail(user: Any, pk: int) -> dict[str, Any]:
    from mahalleh.problems.models import Problem

    desk = get_scoped_or_404(_desks(user), user, VIEW, pk=pk)
    by_program: Any = signup_counts(desk)  # ``values()`` rows: {"program", "n"}
    counts = [{"program": c["program"], "count": c["n"]} for c in by_program]
    return {
        **_row(desk), "end_is_override": desk.end_is_override, "held_at": desk.held_at,
        "invitations": [_invitation(i) for i in desk.agencies.select_related("agency").order_by("agency__name")],
        "problems_count": Problem.objects.restrict(user, VIEW).filter(desks=desk).count(),
        "signups_count": sum(c["count"] for c in counts), "signups_by_program": counts,
    }


class _Rows:
    """A queryset that the paginator slices and counts, each row turned into the list's shape."""

    def __init__(self, qs: QuerySet[Any], shape: Callable[[list[Any]], list[dict[str, Any]]]) -> None:
        self.qs, self.shape = qs, shape

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, s: slice) -> list[dict[str, Any]]:
        return self.shape(list(self.qs[s]))


@router.get("/", response={200: list[DeskOut], 400: ErrorOut})
@paginate
def list_desks(request: AuthenticatedHttpRequest, filters: Query[DeskFilters]) -> list[dict[str, Any]]:
    """The desks the user sees (the calendar's), by county, neighborhood, kind, status and date range."""
    f = filters
    qs = _desks(request.user).order_by("date", "county__name", "pk")
    for field, value in (("county_id", f.county), ("neighborhood_id", f.neighborhood), ("kind", f.kind),
                         ("status", f.status), ("date__gte", f.date_from), ("date__lte", f.date_to)):
        if value is not None:
            qs = qs.filter(**{field: value})
    return _Rows(qs, lambda desks: [_row(d) for d in desks])  # type: ignore[return-value]


@router.post("/", response={201: DeskDetailOut, **WRITE})
def schedule_desk(request: AuthenticatedHttpRequest, payload: DeskIn) -> Status[dict[str, Any]]:
    """Put a desk on the calendar (``services.desk_schedule``); a client resending sends the same
    Idempotency-Key (header, or ``idempotency_key``) and gets the first desk back. A Friday or a holiday
    for a neighborhood desk, a Maghrib before 15:00: a 400 in Persian, nothing saved."""
    from mahalleh.agencies.models import Agency
    from mahalleh.places.models import County, Neighborhood

    user = request.user
    if not permissions.may_schedule(user):
        raise Http404
    hood = (get_scoped_or_404(Neighborhood.objects.select_related("county"), user, VIEW, pk=payload.neighborhood)
            if payload.neighborhood is not None else None)
    county = get_scoped_or_404(County.objects.all(), user, VIEW, pk=payload.county) if payload.county is not None else None
    agencies = list(Agency.objects.restrict(user, VIEW).filter(pk__in=set(payload.agencies)))
    if len(agencies) != len(set(payload.agencies)):
        raise Http404
    try:
        desk = services.desk_schedule(
            actor=user, kind=payload.kind, county=county, neighborhood=hood, date=payload.date, place=payload.place,
            end=payload.end, status=Desk.Status.ANNOUNCED if payload.announce else Desk.Status.PLANNED,
            agencies=agencies, idempotency_key=parse_key(request.headers.get("Idempotency-Key")) or payload.idempotency_key,
        )
    except DomainError as exc:
        raise _refusal(exc) from exc
    return Status(201, _detail(user, desk.pk))


@router.get("/plans/", response={200: list[PlanOut], 400: ErrorOut})
@paginate
def list_desk_plans(request: AuthenticatedHttpRequest, filters: Query[PlanFilters]) -> list[dict[str, Any]]:
    """The province's solves of its year, the latest first: CP-SAT's status, objective and bound, and
    the visits it could not plan, with why."""
    qs = _plans(request.user)
    if filters.province is not None:
        qs = qs.filter(province_id=filters.province)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return _Rows(qs, _plan_rows)  # type: ignore[return-value]


@router.get("/plans/{pk}/", response={200: PlanOut, 404: ErrorOut})
def get_desk_plan(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    return _plan_rows([get_scoped_or_404(_plans(request.user), request.user, VIEW, pk=pk)])[0]


def _plans(user: Any) -> QuerySet[DeskPlan]:
    return (DeskPlan.objects.restrict(user, VIEW).select_related("province").annotate(desks_count=Count("desks"))
            .order_by("-created_at", "-pk"))


def _plan_rows(plans: list[DeskPlan]) -> list[dict[str, Any]]:
    """Each plan's shape; the unplanned visits' neighborhoods and agencies named in two queries."""
    from mahalleh.agencies.models import Agency
    from mahalleh.places.models import Neighborhood

    def ids(key: str) -> set[int]:
        return {int(u[key]) for p in plans for u in p.unplanned if str(u.get(key) or "").isdigit()}

    hoods = dict(Neighborhood.objects.filter(pk__in=ids("neighborhood")).values_list("pk", "name"))
    agencies = dict(Agency.objects.filter(pk__in=ids("agency")).values_list("pk", "name"))

    def ref(names: dict[int, str], key: Any) -> dict[str, Any] | None:
        pk = int(key) if str(key or "").isdigit() else None
        return {"id": pk, "name": names[pk]} if pk in names else None

    return [{
        "id": p.pk, "province": _ref(p.province), "year": p.year, "from_date": p.from_date, "status": p.status,
        "objective": p.objective, "bound": p.bound, "gap": p.gap, "seconds": p.seconds,
        "desks_count": getattr(p, "desks_count", 0), "created_at": p.created_at,
        "unplanned": [{"kind": str(u.get("kind", "")), "neighborhood": ref(hoods, u.get("neighborhood")),
                       "agency": ref(agencies, u.get("agency")), "reason": str(u.get("reason", ""))}
                      for u in p.unplanned],
    } for p in plans]


def _campaign_row(c: Campaign) -> dict[str, Any]:
    cover = campaign_services.coverage(c)
    return {"id": c.pk, "name": c.name, "lead": _ref(c.lead), "services": c.service_list, "start": c.start,
            "end": c.end, "partners": [_ref(p.agency) for p in c.partners.select_related("agency")],
            "served": cover.served, "targets": cover.targets, "share": round(cover.share, 4),
            "people_served": cover.people, "version": c.version}


def _visit_row(v: CampaignVisit) -> dict[str, Any]:
    return {"id": v.pk, "neighborhood": _ref(v.neighborhood), "date": v.date,
            "date_jalali": format_jalali(v.date, persian_digits=False), "partners": [_ref(a) for a in v.partners.all()],
            "delivered_on": v.delivered_on, "service": v.service, "people_served": v.people_served, "version": v.version}


@router.get("/campaigns/", response={200: list[CampaignOut]})
def list_campaigns(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The campaigns the user sees, with the share of target neighborhoods served so far."""
    return [_campaign_row(c) for c in Campaign.objects.restrict(request.user, VIEW).select_related("lead")]


@router.get("/campaigns/{pk}/", response={200: CampaignDetailOut, 404: ErrorOut})
def get_campaign(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    """One campaign: its timetable (one visit per neighborhood), deliveries and what could not be placed."""
    campaign = get_scoped_or_404(Campaign.objects.select_related("lead"), request.user, VIEW, pk=pk)
    visits = campaign.visits.select_related("neighborhood").prefetch_related("partners")
    return {**_campaign_row(campaign), "visits": [_visit_row(v) for v in visits],
            "unplanned": [{"neighborhood": str(u.get("neighborhood", "")), "reason": str(u.get("reason", ""))}
                          for u in campaign.unplanned]}


@router.post("/campaigns/visits/{pk}/delivery/", response={200: CampaignVisitOut, 409: ErrorOut, **WRITE})
def deliver_campaign_visit(request: AuthenticatedHttpRequest, pk: int, payload: DeliveryIn) -> dict[str, Any]:
    """Record what was delivered in a neighborhood (``campaigns.campaign_deliver``)."""
    visit = get_scoped_or_404(CampaignVisit.objects.select_related("campaign"), request.user, VIEW, pk=pk)
    try:
        campaign_services.campaign_deliver(actor=request.user, visit=visit, delivered_on=payload.delivered_on,
                                           service=payload.service, people_served=payload.people_served,
                                           version=payload.version)
    except DomainError as exc:
        raise _refusal(exc) from exc
    return _visit_row(CampaignVisit.objects.select_related("neighborhood").get(pk=pk))


@router.post("/invitations/{pk}/answer/", response={200: InvitationOut, 409: ErrorOut, **WRITE})
def answer_desk_invitation(request: AuthenticatedHttpRequest, pk: int, payload: AnswerIn) -> dict[str, Any]:
    """The invited agency's focal point confirms, names a deputy, or declines (``services.desk_answer``);
    another agency that sees the desk is refused with a 403 and the Persian reason."""
    invitation = get_scoped_or_404(DeskAgency.objects.select_related("desk", "agency"), request.user, VIEW, pk=pk)
    try:
        services.desk_answer(actor=request.user, invitation=invitation, answer=payload.answer,
                             deputy_name=payload.deputy_name, version=payload.version)
    except DomainError as exc:
        raise _refusal(exc) from exc
    return _invitation(DeskAgency.objects.select_related("agency").get(pk=pk))


@router.get("/{pk}/", response={200: DeskDetailOut, 404: ErrorOut})
def get_desk(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    """One desk: its invitations and answers, how many problems were raised there, sign-ups counted by
    program (never a name)."""
    return _detail(request.user, pk)


@router.post("/{pk}/status/", response={200: DeskDetailOut, 409: ErrorOut, **WRITE})
def set_desk_status(request: AuthenticatedHttpRequest, pk: int, payload: DeskStatusIn) -> dict[str, Any]:
    """Announce, hold, cancel or mark missed, claiming ``version`` (stale: 409); «held» once, not before
    its day (400). Whoever may not change the desk gets the page's 404."""
    from mahalleh.meetings.models import Resolution

    user = request.user
    desk = get_scoped_or_404(_desks(user).select_related("county__province"), user, VIEW, pk=pk)
    if not permissions.may_schedule_in(user, desk.county_id, desk.county.province_id):
        raise Http404
    resolution = (get_scoped_or_404(Resolution.objects.all(), user, VIEW, pk=payload.announced_by)
                  if payload.announced_by is not None else None)
    try:
        services.desk_set_status(actor=user, desk=desk, status=payload.status, version=payload.version,
                                 announced_by=resolution)
    except DomainError as exc:
        raise _refusal(exc) from exc
    return _detail(user, pk)


@router.get("/{pk}/signups/", response={200: list[SignUpOut], 404: ErrorOut})
def list_desk_signups(request: AuthenticatedHttpRequest, pk: int) -> list[Any]:
    """Names and mobiles, through ``privacy.signups_of`` (the read logged as «api»); a 404 where the
    sign-ups page refuses (no rows the user may read, and not one who records the day)."""
    desk = get_scoped_or_404(_desks(request.user), request.user, VIEW, pk=pk)
    rows = signups_of(request.user, desk, purpose="api")
    if not rows and not permissions.may_record_day(request.user, desk):
        raise Http404
    return rows


@router.post("/{pk}/signups/", response={201: SignUpOut, **WRITE})
def add_desk_signup(request: AuthenticatedHttpRequest, pk: int, payload: SignUpIn) -> Status[Any]:
    """A resident signs up at the desk (``services.signup_add``), once per Idempotency-Key; a malformed
    mobile is a 400 in Persian and nothing is saved."""
    desk = get_scoped_or_404(_desks(request.user), request.user, VIEW, pk=pk)
    if not permissions.may_record_day(request.user, desk):
        raise Http404
    try:
        signup = services.signup_add(
            actor=request.user, desk=desk, program=payload.program, name=payload.name, mobile=payload.mobile,
            age_group=payload.age_group,
            idempotency_key=parse_key(request.headers.get("Idempotency-Key")) or payload.idempotency_key,
        )
    except DomainError as exc:
        raise _refusal(exc) from exc
    return Status(201, signup)
