"""Onboarding a province from a workbook, all or nothing: every row checked first (``plan``), then
everything created in one transaction as the actor (each row audited), with one named event and an
``OnboardingRun`` that says what was made. Used by the upload page and ``mahalleh onboard``."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.db import transaction

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.administration import selectors
from mahalleh.administration.models import AccountRecord, OnboardingRun, RoleChange
from mahalleh.administration.onboarding import workbooks
from mahalleh.administration.onboarding.plan import Plan, check
from mahalleh.agencies.models import Agency, AgencyAlias
from mahalleh.core.audit import record_event
from mahalleh.core.services import NotAllowed, acts, idempotent, require
from mahalleh.core.text import normalize
from mahalleh.places.models import City, County, Neighborhood, Province

NOT_YOURS = "ورود اطلاعات این استان با دبیرخانه همان استان است."


def onboarding_check(*, province: Province, data: bytes, actor: User) -> Plan:
    """Read and check a workbook without writing anything: its plan, or ``OnboardingRejected``/``DomainError``."""
    if not selectors.grantable_provinces(actor).filter(pk=province.pk).exists():
        raise NotAllowed(NOT_YOURS)
    sheets, problems = workbooks.read(data)
    return check(province, sheets, problems)


@acts
@idempotent
@transaction.atomic
def onboarding_import(*, province: Province, data: bytes, filename: str, actor: User,
                      idempotency_key: uuid.UUID | None = None) -> OnboardingRun:
    """Check the workbook, then create all it holds, or nothing (any problem raises before the first write)."""
    plan = onboarding_check(province=province, data=data, actor=actor)
    counties = {normalize(c.name): c for c in County.objects.filter(province=province)}
    for row in plan.counties:
        county = County.objects.create(province=province, name=row["name"], latitude=row["latitude"], longitude=row["longitude"])
        counties[normalize(county.name)] = county
    hoods: dict[tuple[str, str], Neighborhood] = {
        (normalize(h.county.name), normalize(h.name)): h
        for h in Neighborhood.objects.filter(county__province=province).select_related("county")
    }
    for row in plan.neighborhoods:
        county = counties[row["county"]]
        city = None
        if row["city"]:
            city = City.objects.filter(county=county, name=row["city"]).first() or City.objects.create(county=county, name=row["city"])
        hood = Neighborhood.objects.create(
            county=county, city=city, name=row["name"], population=row["population"], households=row["households"],
            house_name=row["house_name"], house_address=row["house_address"],
        )
        require(hood, actor, NOT_YOURS)
        hoods[(row["county"], normalize(hood.name))] = hood
    agencies: list[Agency] = []
    for row in plan.agencies:
        agency = Agency.objects.create(
            province=province, county=counties[row["county"]] if row["county"] else None, name=row["name"],
            short_name=row["short_name"], kind=row["kind"], level=row["level"], email=row["email"], phone=row["phone"],
        )
        require(agency, actor, NOT_YOURS)
        for alias in row["aliases"]:
            AgencyAlias.objects.create(agency=agency, name=alias)
        agencies.append(agency)
    for row in plan.users:
        _user(row, province=province, counties=counties, hoods=hoods, agencies=agencies, actor=actor)
    run = OnboardingRun.objects.create(province=province, filename=filename[:255], actor=actor,
                                       sha256=hashlib.sha256(data).hexdigest(), counts=plan.counts())
    record_event(run, "onboarding imported", **plan.counts())
    return run


def _user(row: dict[str, Any], *, province: Province, counties: dict[str, County], hoods: dict[tuple[str, str], Neighborhood],
          agencies: list[Agency], actor: User) -> None:
    user = User(username=row["username"], first_name=row["first_name"], last_name=row["last_name"],
                phone=row["phone"], email=row["email"])
    if row["password"]:
        user.set_password(row["password"])
    else:
        user.set_unusable_password()
    user.save()
    AccountRecord.objects.create(user=user, province=province, created_by=actor)
    field, ref = row["scope"]
    target: Any
    if field == "province":
        target = province
    elif field == "county":
        target = counties[ref]
    elif field == "agency":
        where, key = ref
        target = agencies[key] if where == "new" else Agency.objects.get(pk=key)
    else:
        target = hoods[ref]
    RoleAssignment.objects.create(user=user, role=row["role"], **{field: target})
    RoleChange.objects.create(kind=RoleChange.Kind.GRANT, role=row["role"], to_user=user, actor=actor,
                              note="ورود از اکسل", **{field: target})
