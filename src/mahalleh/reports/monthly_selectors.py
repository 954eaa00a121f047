"""Reads of the monthly reports that depend on who asks: the provinces whose month a user follows, the
compliance counts of a month (for the dashboard), and an agency user's reports to file (the inbox).

``compliance`` gives each count with the URL of the list that shows exactly those agencies (the late
list, ``reports:monthly_late``, filtered by ``state``), so a number on the dashboard opens its rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from mahalleh.agencies.models import Agency
from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of
from mahalleh.places.models import Province
from mahalleh.reports import monthly
from mahalleh.reports.monthly import Month, State
from mahalleh.reports.monthly_models import MonthlyReport

COMPLIANCE_STATES = (State.DUE, State.ON_TIME, State.LATE, State.NOT_FILED, State.ACCEPTED, State.RETURNED)


def followed_provinces(user: AnyUser | None) -> QuerySet[Province]:
    """The provinces whose monthly compliance this user reads: the secretariat's and the governor's, every
    province for the national HQ and the superuser. (Agencies and counties read their own reports only.)"""
    scope = scope_of(user)
    if scope.can_write_global or scope.is_national:
        return Province.objects.order_by("name")
    return Province.objects.filter(pk__in=scope.provinces_with(Role.SECRETARIAT, Role.GOVERNOR)).order_by("name")


def follows(user: AnyUser | None) -> bool:
    return followed_provinces(user).exists()


def list_url(province: Province, month: Month, state: State | str) -> str:
    query = {"province": province.pk, "month": month.code, "state": str(state)}
    return f"{reverse('reports:monthly_late')}?{urlencode(query)}"


@dataclass(frozen=True)
class Count:
    state: str
    label: str
    count: int
    url: str


def compliance(user: AnyUser | None, year: int, month: int, *, province: Province | None = None,
               today: datetime.date | None = None) -> list[Count]:
    """The month's counts for the user's province (the first they follow unless ``province``): due, filed on
    time, filed late, not filed, accepted, returned; each with its list's URL. Empty for whoever follows none."""
    provinces = followed_provinces(user)
    chosen = provinces.filter(pk=province.pk).first() if province is not None else provinces.first()
    if chosen is None:
        return []
    m = Month(year, month)
    today = today or timezone.localdate()
    return [Count(state=str(s), label=monthly.STATE_LABELS[s], count=monthly.month_rows(chosen, m, state=s, today=today).count(),
                  url=list_url(chosen, m, s)) for s in COMPLIANCE_STATES]


@dataclass(frozen=True)
class ToFile:
    agency: Agency
    month: Month
    due: datetime.date
    report: MonthlyReport | None
    url: str

    @property
    def is_late(self) -> bool:
        return self.due < timezone.localdate()


def to_file(user: AnyUser | None, *, today: datetime.date | None = None) -> list[ToFile]:
    """The reports an agency's focal point has to file: of the previous month and this one, for each of
    their agencies that must report, while not yet submitted (none, a draft, or returned)."""
    scope = scope_of(user)
    if not scope.has_role(Role.AGENCY) or not scope.agency_ids:
        return []
    today = today or timezone.localdate()
    current = Month.of(today)
    out: list[ToFile] = []
    agencies = Agency.objects.filter(pk__in=scope.agency_ids).order_by("name")
    for agency in agencies:
        if not monthly.is_required(agency):
            continue
        for m in (current.previous(), current):
            report = MonthlyReport.objects.filter(agency=agency, year=m.year, month=m.month).first()
            if report is not None and not report.is_editable:
                continue
            url = report.get_absolute_url() if report else file_url(agency, m)
            out.append(ToFile(agency, m, monthly.due_date(agency.province_id, m), report, url))
    return out


def file_url(agency: Agency, month: Month) -> str:
    return f"{reverse('reports:monthly_file')}?{urlencode({'agency': agency.pk, 'month': month.code})}"


def awaiting_review(user: AnyUser | None, limit: int = 50) -> list[MonthlyReport]:
    """The submitted reports of the provinces this user's secretariat reviews, the longest waiting first."""
    provinces = scope_of(user).provinces_with(Role.SECRETARIAT)
    return list(MonthlyReport.objects.filter(province_id__in=provinces, status=MonthlyReport.Status.SUBMITTED)
                .select_related("agency").order_by("submitted_at", "pk")[:limit])
