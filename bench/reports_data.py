"""Issue 12's desks and monthly reports for the benchmark (COPY on PostgreSQL, ``bulk_create`` elsewhere).

A Jalali year of desks (the year of ``today``): for each target neighborhood one desk with the provincial
directors-general and one with the county managers (seed 003: each neighborhood once by each), and each
county's Friday desk every two weeks; held, missed or cancelled before ``today``, planned or announced from
it; 3–5 invited agencies per desk (``DeskAgency``) from the province's agencies, the county's own first.
Desks follow the neighborhoods and counties, so they scale with them.

Monthly reports: every agency ``reports.monthly.required_agencies`` names, for each month of the year
before ``today``'s month: most filed on time, some late, some not filed (no row, or a draft), a few
returned, most of the filed ones accepted; 2–3 service lines (``MonthlyServiceLine``) each, in the
province's neighborhoods. One campaign per province with a visit to each of its target neighborhoods
(delivered before ``today``): the profile and the dashboard's campaign group have rows to count.

Same rules as ``bench.problems``: explicit ids, no ``save()`` and no audit, the seeded generator only.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from decimal import Decimal

from bench.plan import Plan
from bench.registry import World
from bench.sink import bulk_load, copy_rows, is_postgres, next_id, reset_sequences

UTC = datetime.UTC
START = datetime.time(15, 0)
END = datetime.time(18, 30)
DESK_COLS = ("id", "kind", "county_id", "neighborhood_id", "date", "start_time", "end_time", "end_is_override", "place",
             "host_id", "status", "announced_by_id", "plan_id", "held_at", "summary_sent_to_id", "created_by_id",
             "created_at", "version")
DESK_AGENCY_COLS = ("id", "desk_id", "agency_id", "reason", "answer", "deputy_name", "answered_by_id", "answered_at",
                    "attended", "version")
REPORT_COLS = ("id", "agency_id", "province_id", "year", "month", "status", "narrative", "filed_on", "submitted_at",
               "submitted_by_id", "reviewed_at", "reviewed_by_id", "review_note", "created_at", "updated_at", "is_demo",
               "version")
LINE_COLS = ("id", "report_id", "neighborhood_id", "axis_id", "service", "quantity", "unit", "note")
CAMPAIGN_COLS = ("id", "province_id", "name", "lead_id", "services", "start", "end", "lead_per_day", "announced_by_id",
                 "objective", "bound", "unplanned", "created_by_id", "version")
VISIT_COLS = ("id", "campaign_id", "neighborhood_id", "date", "delivered_on", "service", "people_served", "version")
SERVICES = ("برگزاری کلاس آموزشی", "بازدید میدانی و رفع مشکل", "توزیع بسته حمایتی", "ویزیت رایگان", "جلسه مشاوره")
UNITS = ("نفر", "مورد", "جلسه", "بسته")


def _at(d: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


def build_reports(plan: Plan, world: World, rng: random.Random, today: datetime.date,
                  log: Callable[[str], None]) -> dict[str, int]:
    """Write the year's desks, the monthly reports and the campaigns; returns the row counts."""
    from mahalleh.agencies.models import Agency, AgencyKind
    from mahalleh.core.jalali import from_jalali, to_jalali
    from mahalleh.desks.models import Campaign, CampaignVisit, Desk, DeskAgency
    from mahalleh.places.models import County, Neighborhood
    from mahalleh.reports import monthly
    from mahalleh.reports.monthly_models import MonthlyReport, MonthlyServiceLine

    started = time.perf_counter()
    j = to_jalali(today)
    year, this_month = int(j.year), int(j.month)
    first, last = from_jalali(year, 1, 1), from_jalali(year + 1, 1, 1) - datetime.timedelta(days=1)
    days = (last - first).days + 1

    counties = list(County.objects.filter(province_id__in=world.province_ids).order_by("id").values_list("id", "province_id"))
    hoods: dict[int, list[int]] = {}
    for hood_id, county_id in Neighborhood.objects.filter(county_id__in=[c for c, _ in counties], is_target=True).order_by(
            "id").values_list("id", "county_id"):
        hoods.setdefault(county_id, []).append(hood_id)
    host: dict[int, int] = {}
    by_province: dict[int, list[int]] = {}
    by_county: dict[int, list[int]] = {}
    for agency_id, province_id, county_id, kind in Agency.objects.filter(province_id__in=world.province_ids).order_by(
            "id").values_list("id", "province_id", "county_id", "kind"):
        if kind == AgencyKind.GOVERNORATE:
            if county_id is not None:
                host[county_id] = agency_id
            continue
        by_province.setdefault(province_id, []).append(agency_id)
        if county_id is not None:
            by_county.setdefault(county_id, []).append(agency_id)

    def status_for(d: datetime.date) -> str:
        if d < today:
            r = rng.random()
            return "held" if r < 0.82 else "missed" if r < 0.94 else "cancelled"
        return "announced" if (d - today).days < 21 and rng.random() < 0.6 else "planned"

    desk_id, link_id = next_id(Desk), next_id(DeskAgency)
    desks: list[tuple] = []  # type: ignore[type-arg]
    links: list[tuple] = []  # type: ignore[type-arg]

    def add_desk(kind: str, county_id: int, province_id: int, hood_id: int | None, d: datetime.date) -> None:
        nonlocal desk_id, link_id
        status = status_for(d)
        held_at = _at(d, 16) if status == "held" else None
        desks.append((desk_id, kind, county_id, hood_id, d, START, END, False, "", host.get(county_id), status, None, None,
                      held_at, None, world.secretariat_user.get(province_id), _at(first - datetime.timedelta(days=10)), 1))
        pool = by_county.get(county_id, []) + by_province.get(province_id, [])
        chosen: list[int] = []
        wanted = rng.randint(3, 5)
        for agency_id in rng.sample(pool, min(len(pool), 10)):
            if agency_id not in chosen:
                chosen.append(agency_id)
            if len(chosen) == wanted:
                break
        for agency_id in chosen:
            answer = rng.choice(("confirmed", "confirmed", "deputy", "declined", "invited"))
            attended = (answer != "declined" and rng.random() < 0.9) if status == "held" else None
            links.append((link_id, desk_id, agency_id, "problems", answer, "", None, None, attended, 1))
            link_id += 1
        desk_id += 1

    for county_id, province_id in counties:
        for hood_id in hoods.get(county_id, []):
            for kind in ("directors", "county"):
                add_desk(kind, county_id, province_id, hood_id, first + datetime.timedelta(days=rng.randrange(days)))
        friday = first + datetime.timedelta(days=(4 - first.weekday()) % 7)  # the year's first Friday
        while friday <= last:
            add_desk("friday", county_id, province_id, None, friday)
            friday += datetime.timedelta(days=14)

    with bulk_load([Desk, DeskAgency]):
        n_desks = copy_rows(Desk, DESK_COLS, desks)
        n_links = copy_rows(DeskAgency, DESK_AGENCY_COLS, links)
    log(f"desks: {n_desks:,} desks, {n_links:,} invitations in {time.perf_counter() - started:.1f}s")

    # ---- monthly reports -------------------------------------------------------------------------------
    t = time.perf_counter()
    report_id, line_id = next_id(MonthlyReport), next_id(MonthlyServiceLine)
    reports: list[tuple] = []  # type: ignore[type-arg]
    lines: list[tuple] = []  # type: ignore[type-arg]
    hoods_of_province: dict[int, list[int]] = {}
    for county_id, province_id in counties:
        hoods_of_province.setdefault(province_id, []).extend(hoods.get(county_id, []))
    axes = world.axis_ids
    for province_id in world.province_ids:
        required = list(monthly.required_agencies(province_id).order_by("id").values_list("id", flat=True))
        clerk = world.secretariat_user.get(province_id)
        for m in range(1, this_month):
            month = monthly.Month(year, m)
            due = monthly.due_date(province_id, month)
            for agency_id in required:
                r = rng.random()
                if r < 0.08:
                    continue  # not filed: no report at all
                if r < 0.12:
                    filed, status = None, "draft"
                else:
                    late = r > 0.85
                    filed = due + datetime.timedelta(days=rng.randint(1, 20)) if late else due - datetime.timedelta(
                        days=rng.randint(0, 6))
                    if filed >= today:
                        filed, status = None, "draft"
                    else:
                        s = rng.random()
                        status = "accepted" if s < 0.7 else "returned" if s < 0.8 else "submitted"
                reviewed = status in ("accepted", "returned")
                created = _at(month.last - datetime.timedelta(days=3))
                reports.append((report_id, agency_id, province_id, year, m, status, "گزارش اقدامات ماه", filed,
                                _at(filed, 11) if filed else None, world.focal_user.get(agency_id),
                                _at(filed + datetime.timedelta(days=2), 12) if reviewed and filed else None,
                                clerk if reviewed else None, "نیازمند تکمیل" if status == "returned" else "",
                                created, created, False, 1))
                pool = hoods_of_province.get(province_id) or []
                for _ in range(rng.randint(2, 3) if pool else 0):
                    lines.append((line_id, report_id, rng.choice(pool), rng.choice(axes), rng.choice(SERVICES),
                                  Decimal(rng.randint(1, 200)), rng.choice(UNITS), ""))
                    line_id += 1
                report_id += 1
    with bulk_load([MonthlyReport, MonthlyServiceLine]):
        n_reports = copy_rows(MonthlyReport, REPORT_COLS, reports)
        n_lines = copy_rows(MonthlyServiceLine, LINE_COLS, lines)
    log(f"monthly reports: {n_reports:,} reports, {n_lines:,} service lines in {time.perf_counter() - t:.1f}s")

    # ---- one campaign per province, a visit to each target neighborhood ----------------------------------
    campaign_id, visit_id = next_id(Campaign), next_id(CampaignVisit)
    campaigns: list[tuple] = []  # type: ignore[type-arg]
    visits: list[tuple] = []  # type: ignore[type-arg]
    for province_id in world.province_ids:
        pool = hoods_of_province.get(province_id) or []
        leads = by_province.get(province_id) or []
        if not pool or not leads:
            continue
        start = first + datetime.timedelta(days=60)
        end = start + datetime.timedelta(days=max(1, len(pool) // 2))
        campaigns.append((campaign_id, province_id, f"پویش سلامت محله {year}", rng.choice(leads), "ویزیت رایگان\nآموزش",
                          start, end, 2, None, None, None, "[]" if is_postgres() else [], None, 1))
        for i, hood_id in enumerate(pool):
            d = start + datetime.timedelta(days=i // 2)
            delivered = d if d < today and rng.random() < 0.9 else None
            visits.append((visit_id, campaign_id, hood_id, d, delivered, "ویزیت رایگان" if delivered else "",
                           rng.randint(20, 200) if delivered else None, 1))
            visit_id += 1
        campaign_id += 1
    with bulk_load([Campaign, CampaignVisit]):
        n_campaigns = copy_rows(Campaign, CAMPAIGN_COLS, campaigns)
        n_visits = copy_rows(CampaignVisit, VISIT_COLS, visits)
    reset_sequences([Desk, DeskAgency, MonthlyReport, MonthlyServiceLine, Campaign, CampaignVisit])
    return {"desks": n_desks, "desk_agencies": n_links, "monthly_reports": n_reports, "monthly_service_lines": n_lines,
            "campaigns": n_campaigns, "campaign_visits": n_visits}
