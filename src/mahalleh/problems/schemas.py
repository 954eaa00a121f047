"""The problems API's shapes; the reporter appears only on the detail, through ``privacy.reporter_of``."""

from __future__ import annotations

import datetime
import uuid

from ninja import Schema


class Ref(Schema):
    id: int
    name: str


class CategoryRef(Schema):
    code: str
    name: str


class ProblemOut(Schema):
    id: int
    tracking_code: str
    neighborhood: Ref
    category: CategoryRef
    axis: str
    status: str
    status_type: str
    agency: Ref | None
    priority_rank: int | None
    due_date: datetime.date | None
    overdue: bool
    created_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    fixed_at: datetime.datetime | None
    description: str


class ReporterOut(Schema):
    name: str
    mobile: str


class ProblemDetailOut(ProblemOut):
    version: int
    collaborators: list[Ref]
    duplicate_of: str | None
    reporter: ReporterOut | None


class UpdateOut(Schema):
    id: int
    kind: str
    text: str
    is_public: bool
    from_status: str
    to_status: str
    from_agency_id: int | None
    to_agency_id: int | None
    at: datetime.datetime


class ProblemFilters(Schema):
    status: str | None = None
    category: str | None = None
    neighborhood: int | None = None
    agency: int | None = None
    county: int | None = None
    overdue: bool | None = None
    source: str | None = None
    q: str | None = None


class ProblemIn(Schema):
    neighborhood: int
    category: str
    description: str
    source: str = "service_desk"
    reporter_name: str = ""
    reporter_mobile: str = ""
    may_call_back: bool = False
    sms_consent: bool = False
    idempotency_key: uuid.UUID | None = None


class StatusIn(Schema):
    version: int
    status: str
    text: str = ""
    is_public: bool = True


class CategoryOut(Schema):
    code: str
    name: str
    axis: str
    service_days: int
    active: bool


class RoutingOut(Schema):
    id: int
    province: Ref
    county: Ref | None
    category: str
    agency: Ref
