"""Campaigns («پویش لبخند»): create one with its partners, plan its timetable over every target
neighborhood (``planning.campaigns``, CP-SAT), record what was delivered, and how much is covered."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mahalleh.agencies.models import Agency
from mahalleh.core.actors import Actor
from mahalleh.core.audit import record_event
from mahalleh.core.jalali import format_jalali
from mahalleh.core.services import DomainError, NotAllowed, acts, bump_version, idempotent, require
from mahalleh.core.workdays import WorkCalendar
from mahalleh.desks.models import Campaign, CampaignPartner, CampaignVisit
from mahalleh.desks.permissions import may_plan
from mahalleh.desks.planning import campaigns as solver
from mahalleh.places.models import Neighborhood, Province

NOT_SECRETARIAT = "پویش‌ها را دبیرخانه قرارگاه استان تعریف و برنامه‌ریزی می‌کند."
BAD_PERIOD = "پایان پویش باید پس از آغاز آن باشد."
NO_SERVICES = "دست‌کم یک خدمت پویش را بنویسید."
LEAD_ELSEWHERE = "دستگاه پیشرو و شرکا باید از همین استان باشند: {agency}."
NOT_A_SERVICE = "«{service}» از خدمات این پویش نیست."
DELIVERY_OUTSIDE = "تاریخ اجرا ({date}) باید در دوره پویش و نه در آینده باشد."
NO_PEOPLE = "شمار خدمت‌گیرندگان را بنویسید (عددی بزرگ‌تر از صفر)."


@acts
@idempotent
@transaction.atomic
def campaign_create(*, actor: Actor, province: Province, name: str, lead: Agency, services: str,
                    start: datetime.date, end: datetime.date, partners: Sequence[tuple[Agency, int]] = (),
                    lead_per_day: int = 2, idempotency_key: uuid.UUID | None = None) -> Campaign:
    if not may_plan(actor) or province.pk not in _secretariat_provinces(actor):
        raise NotAllowed(NOT_SECRETARIAT)
    if end < start:
        raise DomainError(BAD_PERIOD)
    if not [s for s in services.splitlines() if s.strip()]:
        raise DomainError(NO_SERVICES)
    if not name.strip():
        raise DomainError("نام پویش را بنویسید.")
    for agency in [lead, *(a for a, _ in partners)]:
        if agency.province_id != province.pk:
            raise DomainError(LEAD_ELSEWHERE.format(agency=agency.name))
    campaign = Campaign.objects.create(province=province, name=name.strip(), lead=lead, services=services.strip(),
                                       start=start, end=end, lead_per_day=max(1, lead_per_day),
                                       created_by_id=getattr(actor, "pk", None))
    for agency, capacity in partners:
        CampaignPartner.objects.create(campaign=campaign, agency=agency, capacity=max(1, capacity))
    record_event(campaign, "campaign_created", partners=len(partners))
    return campaign


def _secretariat_provinces(actor: Actor) -> frozenset[int]:
    from mahalleh.core.roles import Role
    from mahalleh.core.scoping import scope_of

    return frozenset(scope_of(actor).provinces_with(Role.SECRETARIAT))


def build_input(campaign: Campaign, *, today: datetime.date | None = None,
                time_limit_s: float = 4.0) -> tuple[solver.CampaignInput, dict[str, Neighborhood]]:
    """Every target neighborhood not yet served, over the period's working days from tomorrow."""
    today = today or timezone.localdate()
    start = max(campaign.start, today + datetime.timedelta(days=1))
    calendar = WorkCalendar(start, max(start, campaign.end))
    days = tuple(start + datetime.timedelta(days=i) for i in range((campaign.end - start).days + 1)
                 if calendar.is_working_day(start + datetime.timedelta(days=i)))
    served = set(campaign.visits.filter(delivered_on__isnull=False).values_list("neighborhood_id", flat=True))
    hoods = {str(h.pk): h for h in Neighborhood.objects.filter(county__province=campaign.province, is_target=True)
             .exclude(pk__in=served).select_related("county").order_by("county__name", "name")}
    partners = []
    for p in campaign.partners.select_related("agency").prefetch_related("counties"):
        partners.append(solver.Partner(key=str(p.agency_id), name=p.agency.name, capacity=p.capacity,
                                       counties=frozenset(c.name for c in p.counties.all())))
    inp = solver.CampaignInput(
        campaign=campaign.name, lead=campaign.lead.name, days=days,
        neighborhoods=tuple(solver.CampaignNeighborhood(key=k, name=h.name, county=h.county.name) for k, h in hoods.items()),
        partners=tuple(partners), lead_per_day=campaign.lead_per_day, time_limit_s=time_limit_s,
    )
    return inp, hoods


@acts
@transaction.atomic
def campaign_plan(*, actor: Actor, campaign: Campaign, today: datetime.date | None = None,
                  time_limit_s: float = 4.0) -> solver.CampaignResult:
    """Plan (or re-plan) the timetable: neighborhoods already served keep their day; the rest are
    placed from tomorrow on; what cannot be placed is kept with its reason."""
    require(campaign, actor, NOT_SECRETARIAT)
    if not campaign.partners.exists():
        raise DomainError("پیش از برنامه‌ریزی، دست‌کم یک شریک برای پویش تعریف کنید.")
    inp, hoods = build_input(campaign, today=today, time_limit_s=time_limit_s)
    result = solver.plan_campaign(inp)
    campaign.visits.filter(delivered_on__isnull=True).delete()
    for v in result.visits:
        visit = CampaignVisit.objects.create(campaign=campaign, neighborhood=hoods[v.neighborhood], date=v.date)
        visit.partners.set([int(p) for p in v.partners])
    campaign.objective, campaign.bound = result.objective, result.bound
    campaign.unplanned = [{"neighborhood": hoods[u.neighborhood].name if u.neighborhood in hoods else u.neighborhood,
                           "reason": u.reason} for u in result.unplanned]
    campaign.save(update_fields=["objective", "bound", "unplanned"])
    record_event(campaign, "campaign_planned", visits=len(result.visits), unplanned=len(result.unplanned))
    return result


@acts
@transaction.atomic
def campaign_deliver(*, actor: Actor, visit: CampaignVisit, delivered_on: datetime.date, service: str,
                     people_served: int | None, version: int | None, today: datetime.date | None = None) -> CampaignVisit:
    """What was delivered in a neighborhood: the date, the service, how many people."""
    require(visit, actor, NOT_SECRETARIAT)
    campaign = visit.campaign
    today = today or timezone.localdate()
    if not (campaign.start <= delivered_on <= min(campaign.end, today)):
        raise DomainError(DELIVERY_OUTSIDE.format(date=format_jalali(delivered_on)))
    if service.strip() not in campaign.service_list:
        raise DomainError(NOT_A_SERVICE.format(service=service.strip()))
    if not people_served or people_served <= 0:
        raise DomainError(NO_PEOPLE)
    bump_version(visit, version)
    CampaignVisit.objects.filter(pk=visit.pk).update(delivered_on=delivered_on, service=service.strip(),
                                                     people_served=people_served)
    visit.refresh_from_db()
    record_event(visit, "campaign_delivered", people=people_served)
    return visit


@dataclass(frozen=True)
class Coverage:
    served: int
    planned: int
    targets: int
    people: int

    @property
    def share(self) -> float:
        return self.served / self.targets if self.targets else 0.0


def coverage(campaign: Campaign) -> Coverage:
    """The share of the province's target neighborhoods served so far."""
    return coverages([campaign])[campaign.pk]


def coverages(rows: Iterable[Campaign]) -> dict[int, Coverage]:
    """Each campaign's coverage, in two queries whatever their number (the campaign list, the dashboards)."""
    from django.db.models import Count, Q, Sum

    rows = list(rows)
    provinces = {c.province_id for c in rows}
    targets = dict(Neighborhood.objects.filter(county__province_id__in=provinces, is_target=True)
                   .values("county__province_id").annotate(n=Count("pk")).values_list("county__province_id", "n"))
    delivered = Q(visits__delivered_on__isnull=False)
    counts = {r["pk"]: r for r in Campaign.objects.filter(pk__in=[c.pk for c in rows]).values("pk").annotate(
        planned=Count("visits"), served=Count("visits", filter=delivered),
        people=Sum("visits__people_served", filter=delivered))}
    return {c.pk: Coverage(served=counts[c.pk]["served"], planned=counts[c.pk]["planned"],
                           targets=targets.get(c.province_id, 0), people=counts[c.pk]["people"] or 0) for c in rows}
