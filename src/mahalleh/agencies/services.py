"""Writes to the agency registry: each one service, atomic, as its actor, within the actor's scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.forms import ModelForm

from mahalleh.agencies.capacities import as_message, capacity_errors, need_errors
from mahalleh.agencies.models import (
    MONTHS_IN,
    PARTS,
    Agency,
    AgencyAlias,
    AgencyService,
    Allocation,
    Period,
    ServiceNeed,
)
from mahalleh.core.actors import Actor
from mahalleh.core.audit import record_event
from mahalleh.core.scoping import scope_of
from mahalleh.core.services import DomainError, NotAllowed, acts, idempotent, require, save_form
from mahalleh.core.templatetags.persian import fa_int
from mahalleh.places.models import Province

NOT_YOURS = "ویرایش دستگاه‌های این استان با دبیرخانه استان است؛ شما اجازه آن را ندارید."


@acts
@transaction.atomic
def agency_set_aliases(*, agency: Agency, names: list[str], actor: Actor) -> None:
    """Make the agency's aliases exactly ``names`` (as written), adding and removing rows so each change is audited."""
    require(agency, actor, NOT_YOURS)
    wanted = dict.fromkeys(n.strip() for n in names if n.strip())
    for alias in agency.aliases.all():
        if alias.name not in wanted:
            alias.delete()
        else:
            wanted.pop(alias.name)
    for name in wanted:
        AgencyAlias.objects.create(agency=agency, name=name)


@acts
@idempotent
@transaction.atomic
def agency_save(*, form: ModelForm[Agency], actor: Actor, idempotency_key: uuid.UUID | None = None) -> Agency:
    """Create or edit an agency from a validated ``AgencyForm`` with its aliases, in one transaction:
    a stale version or an agency outside the actor's scope writes nothing, aliases included."""
    new = form.instance
    if new.county is not None and new.county.province_id != new.province_id:
        raise DomainError("شهرستان انتخاب‌شده از استان این دستگاه نیست.")
    agency = save_form(form=form, actor=actor)
    agency_set_aliases(agency=agency, names=form.cleaned_data.get("aliases_text", "").splitlines(), actor=actor)
    return agency


# ---- capacities, needs and adopted allocations (issue 12, item 5)

CAPACITY_NOT_YOURS = "ظرفیت‌های هر دستگاه را رابط همان دستگاه یا دبیرخانه استان ثبت می‌کند؛ شما اجازه آن را ندارید."
NEED_NOT_YOURS = "نیازهای این محله را محله، فرمانداری آن یا دبیرخانه استان ثبت می‌کند؛ شما اجازه آن را ندارید."
ADOPT_NOT_YOURS = "تخصیص ظرفیت‌ها را دبیرخانه استان تصویب می‌کند؛ شما اجازه آن را ندارید."


@acts
@idempotent
@transaction.atomic
def agency_service_save(*, form: ModelForm[AgencyService], actor: Actor,
                        idempotency_key: uuid.UUID | None = None) -> AgencyService:
    """Create or edit an agency's declared capacity from a validated ``AgencyServiceForm``: a capacity
    in another unit than its service's, not a positive sensible number, or covering a county outside
    the agency's province is refused whole (counties included)."""
    data = form.cleaned_data
    errors = capacity_errors(agency=form.instance.agency, service=form.instance.service, capacity=form.instance.capacity,
                             unit=data.get("unit"), counties=data.get("counties") or [])
    if errors:
        raise DomainError(as_message(errors))
    cap = form.instance
    twin = AgencyService.objects.filter(agency=cap.agency, service=cap.service, period=cap.period).exclude(pk=cap.pk)
    if twin.exists():
        raise DomainError(f"{cap.agency} برای خدمت «{cap.service}» با دوره «{cap.get_period_display()}» پیش‌تر "
                          "ظرفیت ثبت کرده است؛ همان را ویرایش کنید.")
    return save_form(form=form, actor=actor)


@acts
@idempotent
@transaction.atomic
def service_need_save(*, form: ModelForm[ServiceNeed], actor: Actor,
                      idempotency_key: uuid.UUID | None = None) -> ServiceNeed:
    """Create or edit a neighborhood's need from a validated ``ServiceNeedForm``, by whoever may change
    the neighborhood (its manager, its county, the province's secretariat)."""
    need = form.instance
    errors = need_errors(neighborhood=need.neighborhood, service=need.service, quantity=need.quantity,
                         unit=form.cleaned_data.get("unit"))
    if errors:
        raise DomainError(as_message(errors))
    twin = ServiceNeed.objects.filter(neighborhood=need.neighborhood, service=need.service, source=need.source)
    if twin.exclude(pk=need.pk).exists():
        raise DomainError(f"برای محله {need.neighborhood} نیاز «{need.service}» با منبع "
                          f"«{need.get_source_display()}» پیش‌تر ثبت شده است؛ همان را ویرایش کنید.")
    if need.pk is None:
        need.recorded_by_id = getattr(actor, "pk", None)
    return save_form(form=form, actor=actor)


@dataclass(frozen=True)
class AllocationRow:
    capacity_id: int
    neighborhood_id: int
    quantity: int


@acts
@transaction.atomic
def allocation_adopt(*, province: Province, year: int, horizon: str, part: int, rows: list[AllocationRow],
                     actor: Actor, batch: uuid.UUID | None = None) -> uuid.UUID:
    """Adopt ``rows`` as the province's allocation for the plan period, replacing the one adopted before.

    Idempotent: adopting again under the same ``batch`` (the form's key) changes nothing. Every row is
    checked against what the solver obeys (the capacity is the province's, active, covers the
    neighborhood's county, and is not exceeded over the period), so nothing partial is saved."""
    from django.utils import timezone

    from mahalleh.places.models import Neighborhood

    if not scope_of(actor).decides_for_province(province.pk):
        raise NotAllowed(ADOPT_NOT_YOURS)
    if horizon not in MONTHS_IN or part not in PARTS[Period(horizon)]:
        raise DomainError("دوره برنامه نامعتبر است.")
    batch = batch or uuid.uuid4()
    same = Allocation.objects.filter(province=province, year=year, horizon=horizon, part=part)
    Province.objects.select_for_update().filter(pk=province.pk).first()  # two adoptions of one province queue here
    if same.filter(batch=batch).exists():
        return batch  # this very form, resent
    months = MONTHS_IN[Period(horizon)]
    capacities = {c.pk: c for c in AgencyService.objects.select_related("agency", "service")
                  .prefetch_related("counties").filter(agency__province=province, is_active=True)}
    hoods = {h.pk: h for h in Neighborhood.objects.filter(county__province=province)}
    used: dict[int, int] = {}
    for row in rows:
        cap, hood = capacities.get(row.capacity_id), hoods.get(row.neighborhood_id)
        if cap is None or hood is None:
            raise DomainError("ظرفیت یا محله‌ای از این تخصیص دیگر در استان نیست؛ پیشنهاد را دوباره ببینید.")
        if hood.county_id not in {c.pk for c in cap.counties.all()}:
            raise DomainError(f"ظرفیت {cap} شهرستان محله {hood} را پوشش نمی‌دهد.")
        if row.quantity <= 0:
            raise DomainError("مقدار هر ردیف تخصیص باید بیشتر از صفر باشد.")
        used[cap.pk] = used.get(cap.pk, 0) + row.quantity
        if used[cap.pk] > cap.in_months(months):
            raise DomainError(f"تخصیص از ظرفیت {cap} در این دوره ({fa_int(cap.in_months(months))}) بیشتر است.")
    previous = list(same.values_list("batch", flat=True).distinct())
    for old in same:
        old.delete()  # one by one, so each removal is audited
    now = timezone.now()
    made = [Allocation.objects.create(province=province, year=year, horizon=horizon, part=part,
                                      capacity=capacities[r.capacity_id], neighborhood=hoods[r.neighborhood_id],
                                      service=capacities[r.capacity_id].service, quantity=r.quantity, batch=batch,
                                      adopted_at=now, adopted_by_id=getattr(actor, "pk", None))
            for r in rows]
    record_event(province, "allocation adopted", year=year, horizon=horizon, part=part, batch=str(batch),
                 rows=len(made), total=sum(r.quantity for r in rows), replaced=[str(b) for b in previous])
    return batch
