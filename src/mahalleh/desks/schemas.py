"""The desks API's shapes. Sign-up names and mobiles appear only on the sign-ups list, which reads
them through ``privacy.signups_of`` (logged); everywhere else a desk shows counts by program."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Literal

from ninja import Field, Schema

from mahalleh.core.filtersets import MAX_ID

# Dates the API takes: Jalali 1369..1479, as far as the calendar kernel (holidays, Maghrib) is meant to go.
FIRST_DATE, LAST_DATE = datetime.date(1990, 3, 21), datetime.date(2100, 3, 20)

DeskKind = Literal["directors", "county", "friday"]
DeskStatus = Literal["planned", "announced", "held", "cancelled", "missed"]
Answer = Literal["confirmed", "deputy", "declined"]
AgeGroup = Literal["child", "teen", "adult", "senior"]
# An id the database can hold: a larger one is a 422 here, never sent to the database.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Ref(Schema):
    id: int
    name: str


class DeskOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    county: Ref
    neighborhood: Ref | None
    date: datetime.date
    date_jalali: str  # YYYY/MM/DD in Latin digits, as ``plan-visits --json``
    start: datetime.time
    end: datetime.time
    place: str
    host: Ref | None
    announced_by: int | None  # the resolution's id
    plan: int | None
    version: int


class InvitationOut(Schema):
    id: int
    agency: Ref
    reason: str
    answer: str
    deputy_name: str
    attended: bool | None
    answered_at: datetime.datetime | None
    version: int


class ProgramCount(Schema):
    program: str
    count: int


class DeskDetailOut(DeskOut):
    end_is_override: bool
    held_at: datetime.datetime | None
    invitations: list[InvitationOut]
    problems_count: int
    signups_count: int
    signups_by_program: list[ProgramCount]


class DeskFilters(Schema):
    county: Id | None = None
    neighborhood: Id | None = None
    kind: DeskKind | None = None
    status: DeskStatus | None = None
    date_from: datetime.date | None = Field(None, ge=FIRST_DATE, le=LAST_DATE)
    date_to: datetime.date | None = Field(None, ge=FIRST_DATE, le=LAST_DATE)


class DeskIn(Schema):
    kind: DeskKind
    neighborhood: Id | None = None  # the two neighborhood kinds
    county: Id | None = None  # the Friday desk
    date: datetime.date = Field(ge=FIRST_DATE, le=LAST_DATE)
    place: str = Field("", max_length=200)
    end: datetime.time | None = None  # Maghrib there unless given
    announce: bool = False
    agencies: list[Id] = Field(default_factory=list, max_length=60)
    idempotency_key: uuid.UUID | None = None


class DeskStatusIn(Schema):
    version: int
    status: DeskStatus
    announced_by: Id | None = None  # the resolution that announced it


class AnswerIn(Schema):
    version: int
    answer: Answer
    deputy_name: str = Field("", max_length=150)


class SignUpOut(Schema):
    id: int
    program: str
    name: str
    mobile: str
    age_group: str
    created_at: datetime.datetime


class SignUpIn(Schema):
    program: str = Field(max_length=150)
    name: str = Field(max_length=150)
    mobile: str = Field(max_length=20)
    age_group: AgeGroup
    idempotency_key: uuid.UUID | None = None


class UnplannedOut(Schema):
    kind: str
    neighborhood: Ref | None
    agency: Ref | None  # None: the whole visit could not be planned
    reason: str


class PlanOut(Schema):
    id: int
    province: Ref
    year: int
    from_date: datetime.date
    status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    desks_count: int
    unplanned: list[UnplannedOut]
    created_at: datetime.datetime


class PlanFilters(Schema):
    province: Id | None = None
    year: int | None = Field(None, ge=1369, le=1479)


class CampaignVisitOut(Schema):
    id: int
    neighborhood: Ref
    date: datetime.date
    date_jalali: str
    partners: list[Ref]
    delivered_on: datetime.date | None
    service: str
    people_served: int | None
    version: int


class CampaignOut(Schema):
    id: int
    name: str
    lead: Ref
    services: list[str]
    start: datetime.date
    end: datetime.date
    partners: list[Ref]
    served: int  # target neighborhoods where it was delivered
    targets: int  # the province's target neighborhoods
    share: float  # served / targets
    people_served: int
    version: int


class CampaignDetailOut(CampaignOut):
    visits: list[CampaignVisitOut]
    unplanned: list[dict[str, str]]


class DeliveryIn(Schema):
    version: int
    delivered_on: datetime.date
    service: str
    people_served: int = Field(ge=1, le=10_000_000)
