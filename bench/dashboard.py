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


def bare_sql(params: dict[str, Any]) -> int:
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for sql in SQL.values():
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard")
    parser.add_argument("--scale", type=float, default=None, help="empty the database and generate this scale first")
    parser.add_argument("--keep-data", action="store_true", help="use the data already in the database")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--warmup", type=int, default=2)
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
    from mahalleh.places.models import Province
    from mahalleh.problems.models import Problem
    from mahalleh.reports.dashboards import Filters, figure_groups

    if connection.vendor != "postgresql":
        raise SystemExit("bench.dashboard needs PostgreSQL (DATABASE_URL=postgres://…).")
    if args.scale is not None:
        generate(scale=args.scale, reset=True)
    top = (Problem.objects.values("neighborhood__county__province").annotate(n=Count("id")).order_by("-n").first())
    if top is None:
        raise SystemExit("پایگاه داده مشکلی ندارد؛ با --scale داده بسازید.")
    province = Province.objects.get(pk=top["neighborhood__county__province"])
    user, _ = User.objects.get_or_create(username=f"{BENCH_USER_PREFIX}secretariat-{province.pk}")
    RoleAssignment.objects.get_or_create(user=user, role=Role.SECRETARIAT, province=province)
    names = [f.attname for f in User._meta.concrete_fields]
    rf = RequestFactory()
    params = {"province": province.pk, "today": timezone.localdate()}

    def app() -> int:
        request = rf.get("/")
        # a fresh user per call, as each request has its own (the scope is built once per request, timed)
        request.user = User.from_db(user._state.db, names, [getattr(user, n) for n in names])
        return sum(len(g.rows) for g in figure_groups(request, Filters()))

    for _ in range(args.warmup):
        app()
        bare_sql(params)
    with CaptureQueriesContext(connection) as queries:
        app()
    app_times, sql_times = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        app()
        app_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        bare_sql(params)
        sql_times.append(time.perf_counter() - t)
    app_ms, sql_ms = statistics.median(app_times) * 1000, statistics.median(sql_times) * 1000
    result = {
        "scale": args.scale, "province": province.name, "problems": top["n"],
        "app_ms": round(app_ms, 1), "sql_ms": round(sql_ms, 1), "ratio": round(app_ms / sql_ms, 2) if sql_ms else None,
        "app_queries": len(queries), "sql_queries": len(SQL), "runs": args.runs,
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    OUT.mkdir(exist_ok=True)
    suffix = f"-{args.scale}" if args.scale is not None else ""
    (OUT / f"dashboard{suffix}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
