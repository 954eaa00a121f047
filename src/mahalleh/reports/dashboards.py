"""The figures of each role's dashboard (issue 12): grouped counts, each with the list that shows its rows.

Every figure group is one function ``(request, filters) -> FigureGroup | None``. A figure counts the rows
of an existing list page: the function binds that list's own filter set to the query string of the link
it shows (the dashboard's filters and the figure's own), over the list's own scoped queryset, and groups
what it selects (``values().annotate(Count)``). So a number and the list it links to are the same rows by
construction, overdue is whatever the list calls overdue (``ResolutionQuerySet.overdue``,
``ProblemQuerySet.overdue``), and the queries are a constant number whatever the rows.

Other modules add groups with ``figure_providers.append(provider)`` (the monthly agency reports' compliance
does); a provider that returns ``None`` (nothing to show for this user) adds no group.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q, QuerySet
from django.db.models.functions import Extract
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.filtersets import ScopedFilterSet
from mahalleh.core.jalali import format_jalali
from mahalleh.core.roles import Role
from mahalleh.core.scoping import VIEW, ScopedQuerySet, scope_of
from mahalleh.desks.lists import CampaignVisitFilterSet, DeskFilterSet
from mahalleh.desks.models import CampaignVisit, Desk
from mahalleh.meetings.filtersets import (
    ABSENT,
    ATTENDED,
    ON_TIME,
    OVERDUE,
    UNCLOSED,
    MeetingFilterSet,
    ResolutionFilterSet,
)
from mahalleh.meetings.models import Assignment, Attendance, Meeting, Resolution
from mahalleh.places.models import County
from mahalleh.problems.filtersets import CLOSED, OPEN, ProblemFilterSet
from mahalleh.problems.filtersets import OVERDUE as PROBLEM_OVERDUE
from mahalleh.problems.models import CLOSED_STATUSES, OPEN_STATUSES, Problem, Status

CHART_ROWS = 12  # a chart shows the first rows of its table; the table shows them all


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters: a Jalali period, a county, an axis, an agency (each optional)."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    county: County | None = None
    axis: ServiceAxis | None = None
    agency: Agency | None = None

    def params(self, *, period: bool = True, county: bool = True, axis: bool = True, agency: bool = True) -> dict[str, str]:
        """The filters as a list's query string (each list names them the same: date_from, county …)."""
        out: dict[str, str] = {}
        if period and self.date_from:
            out["date_from"] = format_jalali(self.date_from, persian_digits=False)
        if period and self.date_to:
            out["date_to"] = format_jalali(self.date_to, persian_digits=False)
        if county and self.county:
            out["county"] = str(self.county.pk)
        if axis and self.axis:
            out["axis"] = str(self.axis.pk)
        if agency and self.agency:
            out["agency"] = str(self.agency.pk)
        return out


@dataclass(frozen=True)
class Cell:
    value: int | float | None
    url: str  # the list of exactly the rows counted ('' for a figure that is not a count of rows)


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]


@dataclass
class FigureGroup:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    chart: str = "bar"  # bar (stacked by column), or doughnut (the first column)
    note: str = ""  # which of the dashboard's filters do not apply
    unit: str = ""
    list_url: str = ""  # the whole list the group counts
    ignores: frozenset[str] = frozenset()  # the dashboard's filters this group does not apply (its note says so)

    def chart_data(self) -> dict[str, Any]:
        rows = self.rows[:CHART_ROWS]
        return {
            "key": self.key, "type": self.chart, "labels": [r.label for r in rows],
            "datasets": [{"label": col, "data": [r.cells[i].value or 0 for r in rows],
                          "links": [r.cells[i].url for r in rows]} for i, col in enumerate(self.columns)],
        }


Provider = Callable[[HttpRequest, Filters], "FigureGroup | None"]
# The figure groups of the dashboards, in order; other modules append theirs (see the module docstring).
figure_providers: list[Provider] = []


def register_figures(provider: Provider) -> Provider:
    """Add a figure group to every dashboard (usable as a decorator)."""
    if provider not in figure_providers:
        figure_providers.append(provider)
    return provider


def figure_groups(request: HttpRequest, filters: Filters) -> list[FigureGroup]:
    return [g for g in (provider(request, filters) for provider in figure_providers) if g is not None]


def list_rows(filterset_class: type[ScopedFilterSet], queryset: QuerySet[Any], params: Mapping[str, str],
              request: HttpRequest) -> QuerySet[Any]:
    """The rows of a list page for ``params`` (its query string) and the request's user, as the page has them."""
    scoped: ScopedQuerySet[Any] = queryset.all()  # type: ignore[assignment]
    filterset = filterset_class(dict(params) or None, queryset=scoped.restrict(request.user, VIEW), request=request)
    if filterset.is_bound and not filterset.is_valid():
        return queryset.none()
    rows: QuerySet[Any] = filterset.qs
    return rows


def link(route: str, params: Mapping[str, str], **extra: Any) -> str:
    query = {**params, **{k: str(v) for k, v in extra.items()}}
    return reverse(route) + ("?" + urlencode(query) if query else "")


def _rows(grouped: Iterable[Mapping[str, Any]], key: str, label: str, columns: list[tuple[str, Callable[[Any], str]]]
          ) -> list[Row]:
    return [Row(label=str(g[label] or "—"), cells=[Cell(g[name], url(g[key])) for name, url in columns]) for g in grouped]


# ---- resolutions by agency: open, overdue, done on time --------------------------------------------------

def resolutions_by_agency(request: HttpRequest, filters: Filters) -> FigureGroup:
    params = filters.params()
    base = list_rows(ResolutionFilterSet, Resolution.objects.all(), params, request)
    unclosed = list_rows(ResolutionFilterSet, Resolution.objects.all(), {**params, "status": UNCLOSED}, request)
    overdue = list_rows(ResolutionFilterSet, Resolution.objects.all(), {**params, "status": OVERDUE}, request)
    on_time = list_rows(ResolutionFilterSet, Resolution.objects.all(), {**params, "status": ON_TIME}, request)
    # Per agency over its assignments (an agency's resolutions, as the list's ``agency`` filter has them).
    assignments = Assignment.objects.filter(resolution__in=base.values("pk"))
    if filters.agency is not None:
        assignments = assignments.filter(agency=filters.agency)
    grouped = (
        assignments.values("agency", "agency__name")
        .annotate(open=Count("resolution", filter=Q(resolution__in=unclosed.values("pk")), distinct=True),
                  overdue=Count("resolution", filter=Q(resolution__in=overdue.values("pk")), distinct=True),
                  on_time=Count("resolution", filter=Q(resolution__in=on_time.values("pk")), distinct=True))
        .order_by("-overdue", "-open", "agency__name")
    )

    def to(status: str) -> Callable[[Any], str]:
        return lambda agency_id: link("meetings:resolutions", {**params, "agency": agency_id, "status": status})

    rows = _rows(grouped, "agency", "agency__name",
                 [("open", to(UNCLOSED)), ("overdue", to(OVERDUE)), ("on_time", to(ON_TIME))])
    return FigureGroup("resolutions", "مصوبات به تفکیک دستگاه", ["باز", "دارای تأخیر", "انجام‌شده در مهلت"], rows,
                       list_url=link("meetings:resolutions", params))


# ---- problems by axis, category, status, and by place ----------------------------------------------------

def _problems(request: HttpRequest, params: Mapping[str, str]) -> QuerySet[Problem]:
    return list_rows(ProblemFilterSet, Problem.objects.all(), params, request)


def problems_by_axis(request: HttpRequest, filters: Filters) -> FigureGroup:
    params = filters.params()
    base = _problems(request, params)
    open_ = _problems(request, {**params, "status": OPEN})
    overdue = _problems(request, {**params, "status": PROBLEM_OVERDUE})
    grouped = (
        base.values("category__axis", "category__axis__name")
        .annotate(open=Count("pk", filter=Q(pk__in=open_.values("pk"))),
                  overdue=Count("pk", filter=Q(pk__in=overdue.values("pk"))), total=Count("pk"))
        .order_by("category__axis__order", "category__axis")
    )

    def to(status: str | None) -> Callable[[Any], str]:
        return lambda axis_id: link("problems:problems", {**params, "axis": axis_id, **({"status": status} if status else {})})

    rows = _rows(grouped, "category__axis", "category__axis__name",
                 [("open", to(OPEN)), ("overdue", to(PROBLEM_OVERDUE)), ("total", to(None))])
    return FigureGroup("problems_axis", "مشکلات به تفکیک محور", ["باز", "دارای تأخیر", "همه"], rows,
                       list_url=link("problems:problems", params))


def problems_by_category(request: HttpRequest, filters: Filters) -> FigureGroup:
    params = filters.params()
    grouped = (_problems(request, params).values("category", "category__name").annotate(total=Count("pk"))
               .order_by("-total", "category__name"))
    rows = _rows(grouped, "category", "category__name",
                 [("total", lambda pk: link("problems:problems", {**params, "category": pk}))])
    return FigureGroup("problems_category", "مشکلات به تفکیک دسته", ["مشکلات"], rows,
                       list_url=link("problems:problems", params))


def problems_by_status(request: HttpRequest, filters: Filters) -> FigureGroup:
    """Each open status, and the closed ones together: the list's «همه بسته» (its ``status=closed`` is every
    closed status, so «بسته‌شده» alone has no list of its own)."""
    params = filters.params()
    counts = dict(_problems(request, params).values_list("status").annotate(total=Count("pk")).order_by())
    rows = [Row(str(label), [Cell(counts[value], link("problems:problems", {**params, "status": value}))])
            for value, label in Status.choices if value in OPEN_STATUSES and counts.get(value)]
    closed = sum(counts.get(value, 0) for value in CLOSED_STATUSES)
    if closed:
        rows.append(Row("بسته (رفع‌شده، تکراری، بسته‌شده)", [Cell(closed, link("problems:problems", {**params, "status": CLOSED}))]))
    return FigureGroup("problems_status", "مشکلات به تفکیک وضعیت", ["مشکلات"], rows, chart="doughnut",
                       list_url=link("problems:problems", params))


def problems_by_place(request: HttpRequest, filters: Filters) -> FigureGroup | None:
    """The national HQ by province, a province by county; a county or a neighborhood has no such split."""
    scope = scope_of(request.user)
    if scope.is_national or scope.can_write_global:
        key, label, param, title = ("neighborhood__county__province", "neighborhood__county__province__name", "province",
                                    "مشکلات به تفکیک استان")
    elif scope.provinces_with(Role.SECRETARIAT, Role.GOVERNOR):
        key, label, param, title = "neighborhood__county", "neighborhood__county__name", "county", "مشکلات به تفکیک شهرستان"
    else:
        return None
    params = filters.params()
    base = _problems(request, params)
    open_ = _problems(request, {**params, "status": OPEN})
    overdue = _problems(request, {**params, "status": PROBLEM_OVERDUE})
    grouped = (base.values(key, label)
               .annotate(open=Count("pk", filter=Q(pk__in=open_.values("pk"))),
                         overdue=Count("pk", filter=Q(pk__in=overdue.values("pk"))))
               .order_by(label))

    def to(status: str) -> Callable[[Any], str]:
        return lambda pk: link("problems:problems", {**params, param: pk, "status": status})

    rows = _rows(grouped, key, label, [("open", to(OPEN)), ("overdue", to(PROBLEM_OVERDUE))])
    return FigureGroup("problems_place", title, ["باز", "دارای تأخیر"], rows, list_url=link("problems:problems", params))


# ---- median days to acknowledge and to fix, by agency ----------------------------------------------------

class _Median(Aggregate):
    """``percentile_cont(0.5)`` (PostgreSQL): the mean of the two middle values for an even count, as
    ``statistics.median`` gives; NULLs are left out."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days(later: str) -> Any:
    """``later - created_at`` in days (PostgreSQL: the interval's seconds over a day's)."""
    return Extract(ExpressionWrapper(F(later) - F("created_at"), output_field=DurationField()), "epoch") / 86400.0


def problem_medians(request: HttpRequest, filters: Filters) -> FigureGroup:
    """Per agency: its problems (a link), and the median days from intake to acknowledgement and to the fix,
    over the problems acknowledged (fixed): in the grouped query on PostgreSQL, else over the rows' timestamps."""
    params = filters.params()
    base = _problems(request, params).filter(agency__isnull=False)
    grouped = base.values("agency", "agency__name").annotate(n=Count("pk")).order_by("agency__name")
    ack: dict[int, list[float]] = defaultdict(list)
    fix: dict[int, list[float]] = defaultdict(list)
    medians: dict[int, tuple[float | None, float | None]] = {}
    if connections[base.db].vendor == "postgresql":
        grouped = grouped.annotate(ack=_Median(_days("acknowledged_at")), fix=_Median(_days("fixed_at")))
    else:
        for agency_id, created, acknowledged, fixed in (
            base.filter(Q(acknowledged_at__isnull=False) | Q(fixed_at__isnull=False))
            .values_list("agency", "created_at", "acknowledged_at", "fixed_at").order_by()
        ):
            if acknowledged is not None:
                ack[agency_id].append((acknowledged - created).total_seconds() / 86400)
            if fixed is not None:
                fix[agency_id].append((fixed - created).total_seconds() / 86400)
    rows = []
    for g in grouped:
        agency_id = g["agency"]
        if "ack" in g:
            medians[agency_id] = (_round(g["ack"]), _round(g["fix"]))
        else:
            medians[agency_id] = (_median(ack.get(agency_id)), _median(fix.get(agency_id)))
        url = link("problems:problems", {**params, "agency": agency_id})
        rows.append(Row(g["agency__name"], [Cell(g["n"], url), Cell(medians[agency_id][0], url),
                                            Cell(medians[agency_id][1], url)]))
    return FigureGroup("problem_medians", "میانه روزهای پذیرش و رفع مشکلات", ["مشکلات", "روز تا پذیرش", "روز تا رفع"],
                       rows, list_url=link("problems:problems", params))


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _median(values: list[float] | None) -> float | None:
    return round(statistics.median(values), 1) if values else None


# ---- desks: planned, held, missed, by county -------------------------------------------------------------

DESK_COLUMNS = [Desk.Status.PLANNED, Desk.Status.ANNOUNCED, Desk.Status.HELD, Desk.Status.MISSED, Desk.Status.CANCELLED]


def desk_coverage(request: HttpRequest, filters: Filters) -> FigureGroup:
    params = filters.params(axis=False)
    base = list_rows(DeskFilterSet, Desk.objects.all(), params, request)
    grouped = (base.values("county", "county__name")
               .annotate(**{s.value: Count("pk", filter=Q(status=s.value)) for s in DESK_COLUMNS}).order_by("county__name"))
    def to(status: str) -> Callable[[Any], str]:
        return lambda pk: link("desks:desk_list", {**params, "county": pk, "status": status})

    rows = _rows(grouped, "county", "county__name", [(s.value, to(s.value)) for s in DESK_COLUMNS])
    return FigureGroup("desks", "پوشش میزهای خدمت", [str(s.label) for s in DESK_COLUMNS], rows,
                       note="فیلتر محور بر میزها اعمال نمی‌شود.", list_url=link("desks:desk_list", params))


# ---- meeting attendance by agency ------------------------------------------------------------------------

def meeting_attendance(request: HttpRequest, filters: Filters) -> FigureGroup:
    params = filters.params(axis=False)
    meetings = list_rows(MeetingFilterSet, Meeting.objects.all(), params, request)
    rows_qs = Attendance.objects.filter(meeting__in=meetings.values("pk"))
    if filters.agency is not None:
        rows_qs = rows_qs.filter(agency=filters.agency)
    grouped = (rows_qs.values("agency", "agency__name")
               .annotate(attended=Count("meeting", filter=Q(status__in=(Attendance.Status.PRESENT, Attendance.Status.DEPUTY)),
                                        distinct=True),
                         absent=Count("meeting", filter=Q(status=Attendance.Status.ABSENT), distinct=True))
               .filter(Q(attended__gt=0) | Q(absent__gt=0))
               .order_by("-absent", "agency__name"))

    def to(presence: str) -> Callable[[Any], str]:
        return lambda pk: link("meetings:meetings", {**params, "agency": pk, "presence": presence})

    rows = _rows(grouped, "agency", "agency__name", [("attended", to(ATTENDED)), ("absent", to(ABSENT))])
    return FigureGroup("attendance", "حضور دستگاه‌ها در جلسات", ["حاضر", "غایب"], rows,
                       note="فیلتر محور بر جلسات اعمال نمی‌شود.", list_url=link("meetings:meetings", params))


# ---- campaign coverage -----------------------------------------------------------------------------------

def campaign_coverage(request: HttpRequest, filters: Filters) -> FigureGroup:
    params = filters.params(axis=False)
    base = list_rows(CampaignVisitFilterSet, CampaignVisit.objects.all(), params, request)
    grouped = (base.values("campaign", "campaign__name")
               .annotate(delivered=Count("pk", filter=Q(delivered_on__isnull=False)),
                         waiting=Count("pk", filter=Q(delivered_on__isnull=True)))
               .order_by("campaign__name"))

    def to(delivered: str) -> Callable[[Any], str]:
        return lambda pk: link("desks:campaign_visits", {**params, "campaign": pk, "delivered": delivered})

    rows = _rows(grouped, "campaign", "campaign__name", [("delivered", to("yes")), ("waiting", to("no"))])
    return FigureGroup("campaigns", "پوشش پویش‌ها (نوبت محلات)", ["اجراشده", "اجرانشده"], rows,
                       note="فیلتر محور بر پویش‌ها اعمال نمی‌شود؛ فیلتر دستگاه، دستگاه پیشرو است.",
                       list_url=link("desks:campaign_visits", params))


for _provider in (resolutions_by_agency, problems_by_axis, problems_by_category, problems_by_status, problems_by_place,
                  problem_medians, desk_coverage, meeting_attendance, campaign_coverage):
    register_figures(_provider)


@dataclass(frozen=True)
class Dashboard:
    title: str
    groups: list[FigureGroup] = field(default_factory=list)


def dashboard_title(user: Any) -> str:
    """Whose dashboard this is: the national HQ's, a province's, a county's, an agency's, a neighborhood's."""
    scope = scope_of(user)
    if scope.is_national or scope.can_write_global:
        return "داشبورد ملی (همه استان‌ها)"
    if scope.provinces_with(Role.SECRETARIAT, Role.GOVERNOR):
        return "داشبورد استان"
    if scope.county_ids:
        return "داشبورد شهرستان"
    if scope.has_role(Role.AGENCY):
        return "داشبورد دستگاه"
    if scope.neighborhood_ids:
        return "داشبورد خانه محله"
    return "داشبورد"
