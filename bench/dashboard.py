"""Time the province dashboard's figures (issue 12) against bare SQL of the same figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/k12_bench_dash .venv/bin/python -m bench.dashboard --scale 0.02
    DATABASE_URL=... .venv/bin/python -m bench.dashboard --scale 0.1          (a second scale: the ratio should hold)
    DATABASE_URL=... .venv/bin/python -m bench.dashboard --keep-data          (the data already there)

With ``--scale`` the database is first emptied and filled by ``bench.generate`` (never point it at a
database you want to keep; national scale, 1.0, is a million problems: not for a shared machine). Then,
as the secretariat of the province with the most problems, ``reports.dashboards.figure_groups`` (every
figure group, through the lists' filter sets and the scope, as the home page computes them) against the
same figures as hand-written GROUP BY queries over the province's rows (the scope as a plain join).
Warm-up runs, then app and SQL alternate ``--runs`` times; medians, their ratio and the app's query count
(constant whatever the scale) are printed and written to bench/out/dashboard.json. PostgreSQL only (the
bare SQL uses ``FILTER`` and ``percentile_cont``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
OPEN = "('new', 'accepted', 'in_progress', 'action_scheduled', 'referred')"
CLOSED = "('fixed', 'duplicate', 'closed')"

PROBLEMS = """
FROM problems_problem p
JOIN places_neighborhood n ON n.id = p.neighborhood_id
JOIN places_county co ON co.id = n.county_id
JOIN problems_category c ON c.id = p.category_id
WHERE co.province_id = %(province)s
"""
SQL = {
    "problems by axis": f"""SELECT c.axis_id, COUNT(*) FILTER (WHERE p.status IN {OPEN}),
        COUNT(*) FILTER (WHERE p.status IN {OPEN} AND p.due_date < %(today)s), COUNT(*) {PROBLEMS} GROUP BY c.axis_id""",
    "problems by category": f"SELECT p.category_id, COUNT(*) {PROBLEMS} GROUP BY p.category_id",
    "problems by status": f"SELECT p.status, COUNT(*) {PROBLEMS} GROUP BY p.status",
    "problems by county": f"""SELECT n.county_id, COUNT(*) FILTER (WHERE p.status IN {OPEN}),
        COUNT(*) FILTER (WHERE p.status IN {OPEN} AND p.due_date < %(today)s) {PROBLEMS} GROUP BY n.county_id""",
    "medians by agency": f"""SELECT p.agency_id, COUNT(*),
        percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM p.acknowledged_at - p.created_at) / 86400),
        percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM p.fixed_at - p.created_at) / 86400)
        {PROBLEMS} AND p.agency_id IS NOT NULL GROUP BY p.agency_id""",
    "resolutions by agency": """SELECT a.agency_id,
        COUNT(DISTINCT r.id) FILTER (WHERE r.status NOT IN ('done', 'cancelled')),
        COUNT(DISTINCT r.id) FILTER (WHERE r.status NOT IN ('done', 'cancelled') AND r.due_date < %(today)s),
        COUNT(DISTINCT r.id) FILTER (WHERE r.status = 'done' AND (r.due_date IS NULL OR r.done_at <= r.due_date))
        FROM meetings_assignment a JOIN meetings_resolution r ON r.id = a.resolution_id
        JOIN meetings_meeting m ON m.id = r.meeting_id JOIN meetings_body b ON b.id = m.body_id
        WHERE b.province_id = %(province)s GROUP BY a.agency_id""",
    "desks by county": """SELECT d.county_id, d.status, COUNT(*) FROM desks_desk d
        JOIN places_county co ON co.id = d.county_id WHERE co.province_id = %(province)s GROUP BY d.county_id, d.status""",
    "attendance by agency": """SELECT at.agency_id,
        COUNT(DISTINCT at.meeting_id) FILTER (WHERE at.status IN ('present', 'deputy')),
        COUNT(DISTINCT at.meeting_id) FILTER (WHERE at.status = 'absent')
        FROM meetings_attendance at JOIN meetings_meeting m ON m.id = at.meeting_id
        JOIN meetings_body b ON b.id = m.body_id WHERE b.province_id = %(province)s GROUP BY at.agency_id""",
    "campaign coverage": """SELECT v.campaign_id, COUNT(*) FILTER (WHERE v.delivered_on IS NOT NULL),
        COUNT(*) FILTER (WHERE v.delivered_on IS NULL) FROM desks_campaignvisit v
        JOIN desks_campaign c ON c.id = v.campaign_id WHERE c.province_id = %(province)s GROUP BY v.campaign_id""",
}


# The monthly compliance group (reports.monthly_figures): the required agencies (reports.monthly.required_agencies)
# against their report of each month shown; the months and their due dates are the parameters (the due day is
# the province's setting moved to a working day: the calendar is the app's, not a figure).
SQL["monthly compliance"] = """WITH req AS (
        SELECT DISTINCT a.id FROM agencies_agency a JOIN meetings_bodymembership bm ON bm.agency_id = a.id
        JOIN meetings_body b ON b.id = bm.body_id
        WHERE a.province_id = %(province)s AND a.is_active AND a.kind <> 'governorate' AND b.kind = 'provincial_hq'
          AND b.province_id = %(province)s AND bm.role = 'member'),
    mo AS (SELECT * FROM unnest(%(years)s::int[], %(months)s::int[], %(dues)s::date[]) AS mo(year, month, due))
    SELECT mo.year, mo.month, COUNT(*), COUNT(*) FILTER (WHERE r.filed_on <= mo.due), COUNT(*) FILTER (WHERE r.filed_on > mo.due),
        COUNT(*) FILTER (WHERE r.filed_on IS NULL), COUNT(*) FILTER (WHERE r.status = 'accepted'),
        COUNT(*) FILTER (WHERE r.status = 'returned')
    FROM req CROSS JOIN mo LEFT JOIN reports_monthlyreport r ON r.agency_id = req.id AND r.year = mo.year AND r.month = mo.month
    GROUP BY mo.year, mo.month ORDER BY mo.year DESC, mo.month DESC"""

# The neighborhood profile (reports.profile.build): each part as one plain query on the neighborhood's rows.
PROFILE_OPEN = "('new', 'accepted', 'in_progress', 'action_scheduled', 'referred')"
PROFILE_SQL = {
    "contacts": "SELECT * FROM places_neighborhoodcontact WHERE neighborhood_id = %(hood)s",
    "problem counts": f"""SELECT COUNT(*) FILTER (WHERE status IN {OPEN}), COUNT(*),
        COUNT(*) FILTER (WHERE status IN {OPEN} AND due_date < %(today)s) FROM problems_problem WHERE neighborhood_id = %(hood)s""",
    "open problems": f"""SELECT p.*, c.name, a.name FROM problems_problem p JOIN problems_category c ON c.id = p.category_id
        LEFT JOIN agencies_agency a ON a.id = p.agency_id WHERE p.neighborhood_id = %(hood)s AND p.status IN {OPEN}
        ORDER BY p.priority_rank, p.due_date, p.id LIMIT 30""",
    "resolutions": """SELECT r.*, m.date, m.number, b.name FROM meetings_resolution_neighborhoods rn
        JOIN meetings_resolution r ON r.id = rn.resolution_id JOIN meetings_meeting m ON m.id = r.meeting_id
        JOIN meetings_body b ON b.id = m.body_id WHERE rn.neighborhood_id = %(hood)s ORDER BY m.date DESC, r.number LIMIT 30""",
    "desk counts": """SELECT COUNT(*) FILTER (WHERE status = 'held'),
        COUNT(*) FILTER (WHERE status IN ('planned', 'announced') AND date >= %(today)s) FROM desks_desk WHERE neighborhood_id = %(hood)s""",
    "desks held": """SELECT d.*, (SELECT COUNT(*) FROM desks_deskagency x WHERE x.desk_id = d.id) FROM desks_desk d
        WHERE d.neighborhood_id = %(hood)s AND d.status = 'held' ORDER BY d.date DESC LIMIT 30""",
    "desks planned": """SELECT d.*, (SELECT COUNT(*) FROM desks_deskagency x WHERE x.desk_id = d.id) FROM desks_desk d
        WHERE d.neighborhood_id = %(hood)s AND d.status IN ('planned', 'announced') AND d.date >= %(today)s ORDER BY d.date LIMIT 30""",
    "campaign visits": """SELECT v.*, c.* FROM desks_campaignvisit v JOIN desks_campaign c ON c.id = v.campaign_id
        WHERE v.neighborhood_id = %(hood)s ORDER BY v.date LIMIT 60""",
    "people": "SELECT kind, COUNT(*) FROM places_neighborhoodperson WHERE neighborhood_id = %(hood)s GROUP BY kind",
    "needs": "SELECT * FROM places_neighborhoodneed WHERE neighborhood_id = %(hood)s ORDER BY kind, title, id",
    "documents": "SELECT * FROM places_neighborhooddocument WHERE neighborhood_id = %(hood)s LIMIT 5",
    "indicator catalog": "SELECT i.*, x.* FROM reports_indicator i JOIN agencies_serviceaxis x ON x.id = i.axis_id WHERE i.is_active",
    "indicator values": """SELECT v.*, i.*, x.* FROM reports_indicatorvalue v JOIN reports_indicator i ON i.id = v.indicator_id
        JOIN agencies_serviceaxis x ON x.id = i.axis_id WHERE v.neighborhood_id = %(hood)s ORDER BY v.date, v.id""",
}


def run_sql(queries: dict[str, str], params: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql, params)
            found[name] = cursor.fetchall()
    return found


def _totals(rows: list[tuple[Any, ...]], columns: int) -> list[int]:
    return [sum(int(r[i] or 0) for r in rows) for i in range(columns)]


def dashboard_figures_app(groups: list[Any]) -> dict[str, Any]:
    """What the check compares of the app's groups: each group's column totals, the medians per agency and
    the monthly compliance rows exactly."""
    by_key = {g.key: g for g in groups}

    def cells(key: str) -> list[tuple[Any, ...]]:
        return [tuple(c.value for c in row.cells) for row in by_key[key].rows]

    return {
        "problems_axis": _totals(cells("problems_axis"), 3),
        "problems_category": _totals(cells("problems_category"), 1),
        "problems_status": _totals(cells("problems_status"), 1),
        "problems_place": _totals(cells("problems_place"), 2),
        "problem_medians": sorted(cells("problem_medians"), key=repr),
        "resolutions": _totals(cells("resolutions"), 3),
        "desks": _totals(cells("desks"), 5),
        "attendance": _totals(cells("attendance"), 2),
        "campaigns": _totals(cells("campaigns"), 2),
        "monthly_compliance": cells("monthly_compliance"),
    }


def dashboard_figures_sql(found: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    desks: dict[str, int] = {}
    for _county, status, n in found["desks by county"]:
        desks[status] = desks.get(status, 0) + n

    def one(v: Any) -> float | None:
        return None if v is None else round(float(v), 1)

    return {
        "problems_axis": _totals([r[1:] for r in found["problems by axis"]], 3),
        "problems_category": _totals([r[1:] for r in found["problems by category"]], 1),
        "problems_status": _totals([r[1:] for r in found["problems by status"]], 1),
        "problems_place": _totals([r[1:] for r in found["problems by county"]], 2),
        "problem_medians": sorted([(r[1], one(r[2]), one(r[3])) for r in found["medians by agency"]], key=repr),
        "resolutions": _totals([r[1:] for r in found["resolutions by agency"]], 3),
        "desks": [desks.get(s, 0) for s in ("planned", "announced", "held", "missed", "cancelled")],
        "attendance": _totals([r[1:] for r in found["attendance by agency"]], 2),
        "campaigns": _totals([r[1:] for r in found["campaign coverage"]], 2),
        "monthly_compliance": [tuple(r[2:]) for r in found["monthly compliance"]],
    }


def profile_figures_app(p: Any) -> dict[str, Any]:
    return {
        "contacts": len(p.contacts),
        "problem counts": (p.problem_counts["open"], p.problem_counts["all"], p.problem_counts["overdue"]),
        "open problems": [x.pk for x in p.open_problems],
        "resolutions": sorted(x.pk for x in p.resolutions),
        "desk counts": (p.desk_counts["held"], p.desk_counts["planned"]),
        "desks held": sorted((x.pk, x.n_agencies) for x in p.desks_held),
        "desks planned": sorted((x.pk, x.n_agencies) for x in p.desks_planned),
        "campaign visits": sorted(x.pk for x in p.campaigns_delivered + p.campaigns_planned),
        "people": sorted((k, n) for k, _, n in p.people if n),
        "needs": sum(len(rows) for _, _, rows in p.needs),
        "documents": len(p.documents),
        "indicator values": sum(len(s.measured) + (s.baseline is not None) + (s.target is not None)
                                for a in p.indicators for s in a.series),
    }


def profile_figures_sql(found: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    return {
        "contacts": len(found["contacts"]),
        "problem counts": tuple(found["problem counts"][0]),
        "open problems": [r[0] for r in found["open problems"]],
        "resolutions": sorted(r[0] for r in found["resolutions"]),
        "desk counts": tuple(found["desk counts"][0]),
        "desks held": sorted((r[0], r[-1]) for r in found["desks held"]),
        "desks planned": sorted((r[0], r[-1]) for r in found["desks planned"]),
        "campaign visits": sorted(r[0] for r in found["campaign visits"]),
        "people": sorted((k, n) for k, n in found["people"]),
        "needs": len(found["needs"]),
        "documents": len(found["documents"]),
        "indicator values": len(found["indicator values"]),  # each value once (the latest baseline and target shown)
    }


def _check(what: str, app: dict[str, Any], sql: dict[str, Any]) -> None:
    wrong = {k: (app[k], sql[k]) for k in app if app[k] != sql[k]}
    if wrong:
        raise SystemExit(f"{what}: the app and the bare SQL disagree: {wrong}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard")
    parser.add_argument("--scale", type=float, default=None, help="empty the database and generate this scale first")
    parser.add_argument("--keep-data", action="store_true", help="use the data already in the database")
    parser.add_argument("--label", default="", help="a name for the output file (with --keep-data: the scale generated)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--national", type=int, default=0,
                        help="then time the national HQ's dashboard (every province: 10× the rows at 10× the scale) this many times, app only")
    args = parser.parse_args(argv)
    if args.scale is None and not args.keep_data:
        parser.error("--scale S (generate first) or --keep-data")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mahalleh.config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.generate import BENCH_USER_PREFIX, generate
    from mahalleh.accounts.models import RoleAssignment, User
    from mahalleh.core.roles import Role
    from mahalleh.places.models import Neighborhood, Province
    from mahalleh.problems.models import Problem
    from mahalleh.reports import monthly, profile
    from mahalleh.reports.dashboards import Filters, figure_groups
    from mahalleh.reports.monthly_figures import _months

    if connection.vendor != "postgresql":
        raise SystemExit("bench.dashboard needs PostgreSQL (DATABASE_URL=postgres://…).")
    if args.scale is not None:
        generate(scale=args.scale, reset=True)
    top = (Problem.objects.values("neighborhood__county__province").annotate(n=Count("id")).order_by("-n").first())
    if top is None:
        raise SystemExit("پایگاه داده مشکلی ندارد؛ با --scale داده بسازید.")
    province = Province.objects.get(pk=top["neighborhood__county__province"])
    top_hood = Problem.objects.values("neighborhood").annotate(n=Count("id")).order_by("-n", "neighborhood").first()
    assert top_hood is not None
    hood = Neighborhood.objects.select_related("county").get(pk=top_hood["neighborhood"])

    def secretariat(province_id: int) -> User:
        user, _ = User.objects.get_or_create(username=f"{BENCH_USER_PREFIX}secretariat-{province_id}")
        RoleAssignment.objects.get_or_create(user=user, role=Role.SECRETARIAT, province_id=province_id)
        return user

    user, reader = secretariat(province.pk), secretariat(hood.county.province_id)
    names = [f.attname for f in User._meta.concrete_fields]
    rf = RequestFactory()
    today = timezone.localdate()
    months = _months(Filters())
    dues = [monthly.due_date(province, m) for m in months]
    params = {"province": province.pk, "today": today, "years": [m.year for m in months],
              "months": [m.month for m in months], "dues": dues}
    hood_params = {"hood": hood.pk, "today": today}

    def fresh(u: User) -> User:  # a fresh user per call, as each request has its own (the scope is built once per request, timed)
        return User.from_db(u._state.db, names, [getattr(u, n) for n in names])

    def app_dashboard() -> list[Any]:
        request = rf.get("/")
        request.user = fresh(user)
        return figure_groups(request, Filters())

    def app_profile() -> Any:
        return profile.build(Neighborhood.objects.get(pk=hood.pk), fresh(reader))

    def sql_dashboard() -> dict[str, list[tuple[Any, ...]]]:
        return run_sql(SQL, params)

    def sql_profile() -> dict[str, list[tuple[Any, ...]]]:
        return run_sql(PROFILE_SQL, hood_params)

    for _ in range(args.warmup):
        app_dashboard(), sql_dashboard(), app_profile(), sql_profile()
    # the same figures, checked once per run (the timed calls below compute them again)
    _check("dashboard", dashboard_figures_app(app_dashboard()), dashboard_figures_sql(sql_dashboard()))
    _check("profile", profile_figures_app(app_profile()), profile_figures_sql(sql_profile()))
    with CaptureQueriesContext(connection) as dash_queries:
        app_dashboard()
    with CaptureQueriesContext(connection) as profile_queries:
        app_profile()
    times: dict[str, list[float]] = {"app_dashboard": [], "sql_dashboard": [], "app_profile": [], "sql_profile": []}
    calls = {"app_dashboard": app_dashboard, "sql_dashboard": sql_dashboard, "app_profile": app_profile, "sql_profile": sql_profile}
    for _ in range(args.runs):  # app and SQL alternate, so a load beside the bench weighs on both alike
        for name, call in calls.items():
            t = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - t)
    ms = {k: statistics.median(v) * 1000 for k, v in times.items()}
    result = {
        "scale": args.scale if args.scale is not None else (args.label or None),
        "province": province.name, "province_problems": top["n"], "problems_total": Problem.objects.count(),
        "neighborhood": hood.name, "neighborhood_problems": top_hood["n"],
        "dashboard": {"app_ms": round(ms["app_dashboard"], 1), "sql_ms": round(ms["sql_dashboard"], 1),
                      "ratio": round(ms["app_dashboard"] / ms["sql_dashboard"], 2),
                      "app_queries": len(dash_queries), "sql_queries": len(SQL)},
        "profile": {"app_ms": round(ms["app_profile"], 1), "sql_ms": round(ms["sql_profile"], 1),
                    "ratio": round(ms["app_profile"] / ms["sql_profile"], 2),
                    "app_queries": len(profile_queries), "sql_queries": len(PROFILE_SQL)},
        "runs": args.runs, "warmup": args.warmup, "checked": "app figures == SQL figures",
    }
    if args.national:
        hq, _ = User.objects.get_or_create(username=f"{BENCH_USER_PREFIX}national")
        RoleAssignment.objects.get_or_create(user=hq, role=Role.NATIONAL)

        def national() -> list[Any]:
            request = rf.get("/")
            request.user = fresh(hq)
            return figure_groups(request, Filters())

        national()
        with CaptureQueriesContext(connection) as hq_queries:
            national()
        hq_times = []
        for _ in range(args.national):
            t = time.perf_counter()
            national()
            hq_times.append(time.perf_counter() - t)
        result["national"] = {"app_ms": round(statistics.median(hq_times) * 1000, 1), "app_queries": len(hq_queries),
                              "runs": args.national}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    OUT.mkdir(exist_ok=True)
    suffix = f"-{result['scale']}" if result["scale"] is not None else ""
    (OUT / f"dashboard{suffix}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
