"""Time issue 10's problem reads against bare SQL returning the same rows, on the current database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/k10_bench_problems .venv/bin/python -m bench.bench_problems
    (or bench/problems.sh [SCALE], which first generates the data)

Cases:

- ``county list``: a county user's open problems of one category, first page, through the code of the
  real list view (``ProblemList.get_queryset`` → ``filter_queryset(ProblemFilterSet)`` → ``ProblemTable``
  → ``paginate``: the scope, the filter form's validation, the paginator's COUNT and the page of rows);
  its SQL twin is the COUNT and the page, scope included. Also the whole page over the Django test
  client (HTML rendered, middleware, session), against the same SQL, for information.
- ``agency inbox``: ``selectors.assigned_open(user)`` of the focal point of the agency with the most
  open problems; its SQL twin returns the same 50 rows.

Warm-up runs, then app and SQL alternate ``--runs`` times; medians compared (target: app within 1.5×
of SQL). Both sides must return the same ids in the same order. EXPLAIN ANALYZE of each SQL query and
a JSON of the results go to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

TARGET = 1.5
OUT = Path(__file__).resolve().parent / "out"
LINK = re.compile(r'href="/problems/(\d+)/"')
OPEN = "('new', 'accepted', 'in_progress', 'action_scheduled', 'referred')"

LIST_WHERE = f"""
FROM problems_problem p
JOIN places_neighborhood n ON n.id = p.neighborhood_id
WHERE n.county_id IN (SELECT ra.county_id FROM accounts_roleassignment ra
                      WHERE ra.user_id = %s AND ra.role = 'county_staff' AND ra.county_id IS NOT NULL)
  AND p.status IN {OPEN} AND p.category_id = %s
"""
LIST_COUNT = "SELECT COUNT(*) AS n " + LIST_WHERE
LIST_PAGE = f"""
SELECT p.id, p.tracking_code, p.status, p.due_date, p.created_at, (p.due_date < %s) AS overdue_now,
       n.name AS neighborhood, co.name AS county, cat.name AS category, ax.name AS axis, ag.name AS agency
FROM problems_problem p
JOIN places_neighborhood n ON n.id = p.neighborhood_id
JOIN places_county co ON co.id = n.county_id
JOIN problems_category cat ON cat.id = p.category_id
JOIN agencies_serviceaxis ax ON ax.id = cat.axis_id
LEFT JOIN agencies_agency ag ON ag.id = p.agency_id
WHERE n.county_id IN (SELECT ra.county_id FROM accounts_roleassignment ra
                      WHERE ra.user_id = %s AND ra.role = 'county_staff' AND ra.county_id IS NOT NULL)
  AND p.status IN {OPEN} AND p.category_id = %s
ORDER BY p.created_at DESC, p.id DESC
LIMIT 50
"""
INBOX = f"""
SELECT p.id, p.tracking_code, p.status, p.due_date, p.created_at, (p.due_date < %s) AS overdue_now,
       n.name AS neighborhood, co.name AS county, cat.name AS category, ag.name AS agency
FROM problems_problem p
JOIN places_neighborhood n ON n.id = p.neighborhood_id
JOIN places_county co ON co.id = n.county_id
JOIN problems_category cat ON cat.id = p.category_id
LEFT JOIN agencies_agency ag ON ag.id = p.agency_id
WHERE p.agency_id IN (SELECT ra.agency_id FROM accounts_roleassignment ra
                      WHERE ra.user_id = %s AND ra.role = 'agency_focal' AND ra.agency_id IS NOT NULL)
  AND p.status IN {OPEN}
ORDER BY p.due_date, p.created_at
LIMIT 50
"""


@dataclass
class Case:
    name: str
    app: Callable[[], list[int]]  # the ids the app shows, in its order
    sql: Callable[[], list[int]]
    queries: list[tuple[str, list[Any]]]  # the SQL side's statements, for EXPLAIN ANALYZE


@dataclass
class Outcome:
    name: str
    app_ms: float
    sql_ms: float
    ratio: float
    rows: int
    app_queries: int
    check: str
    ok: bool


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def build_cases(province_code: str | None) -> tuple[list[Case], dict[str, Any]]:
    from django.db.models import Count
    from django.test import Client, RequestFactory
    from django.utils import timezone
    from django_tables2 import RequestConfig

    from bench.generate import BENCH_USER_PREFIX
    from mahalleh.accounts.models import RoleAssignment, User
    from mahalleh.core.filtersets import filter_queryset
    from mahalleh.core.lists import paginate
    from mahalleh.core.roles import Role
    from mahalleh.places.models import County, Province
    from mahalleh.problems import selectors
    from mahalleh.problems.models import OPEN_STATUSES, Problem
    from mahalleh.problems.tables import ProblemTable
    from mahalleh.problems.views import ProblemList

    province = (Province.objects.filter(code=province_code or "tehran").first()
                or Province.objects.order_by("id").first())
    if province is None or not Problem.objects.exists():
        raise SystemExit("پایگاه داده مشکلی ندارد؛ نخست python -m bench.generate را اجرا کنید.")
    today = timezone.localdate()
    opened = Problem.objects.filter(status__in=OPEN_STATUSES, neighborhood__county__province=province)
    top_county = opened.values("neighborhood__county_id").annotate(n=Count("id")).order_by("-n")[0]
    county = County.objects.get(pk=top_county["neighborhood__county_id"])
    top_cat = (opened.filter(neighborhood__county=county).values("category_id").annotate(n=Count("id"))
               .order_by("-n")[0])
    top_agency = opened.values("agency_id").annotate(n=Count("id")).order_by("-n")[0]

    # The county's user: the generator makes none, so one is added here (a bench- user, wiped by --reset).
    county_user, _ = User.objects.get_or_create(username=f"{BENCH_USER_PREFIX}county-{county.pk}")
    RoleAssignment.objects.get_or_create(user=county_user, role=Role.COUNTY, county=county)
    focal = User.objects.filter(role_assignments__role=Role.AGENCY,
                                role_assignments__agency_id=top_agency["agency_id"]).first()
    assert focal is not None

    def fresh(user: User) -> Callable[[], User]:
        # a copy per call, as each request has its own user (the scope is built once per request, timed)
        names = [f.attname for f in User._meta.concrete_fields]
        return lambda: User.from_db(user._state.db, names, [getattr(user, n) for n in names])

    new_county_user = fresh(county_user)
    rf = RequestFactory()
    params = {"status": "open", "category": str(top_cat["category_id"])}

    def list_app() -> list[int]:
        request = rf.get("/problems/", params)
        request.user = new_county_user()
        view = ProblemList()
        view.setup(request)
        _filterset, rows = filter_queryset(ProblemList.filterset_class, request.GET, view.get_queryset(), request)
        table = ProblemTable(rows)
        RequestConfig(request, paginate=False).configure(table)
        paginate(table, None, view.paginate_by)
        assert table.page.paginator.count >= 0  # the paginator's COUNT, as the page shows it
        return [row.record.pk for row in table.page.object_list]

    def list_sql() -> list[int]:
        _fetch(LIST_COUNT, [county_user.pk, top_cat["category_id"]])
        return [r[0] for r in _fetch(LIST_PAGE, [today, county_user.pk, top_cat["category_id"]])]

    client = Client()
    client.force_login(county_user)

    def page_app() -> list[int]:
        response = client.get("/problems/", params, secure=True)
        assert response.status_code == 200, response.status_code
        # the rows' links, in order (the test client's context is only kept under the test runner)
        return list(dict.fromkeys(int(i) for i in LINK.findall(response.content.decode())))

    new_focal = fresh(focal)

    def inbox_sql() -> list[int]:
        return [r[0] for r in _fetch(INBOX, [today, focal.pk])]

    list_queries = [(LIST_COUNT, [county_user.pk, top_cat["category_id"]]),
                    (LIST_PAGE, [today, county_user.pk, top_cat["category_id"]])]
    cases = [
        Case("county list (view code)", list_app, list_sql, list_queries),
        Case("county list (whole page, test client)", page_app, list_sql, []),
        Case("agency inbox (assigned_open)", lambda: [p.pk for p in selectors.assigned_open(new_focal())], inbox_sql,
             [(INBOX, [today, focal.pk])]),
    ]
    context = {"province": province.name, "county": county.name, "county_open": top_county["n"],
               "category_id": top_cat["category_id"], "county_category_open": top_cat["n"],
               "agency_id": top_agency["agency_id"], "agency_open": top_agency["n"], "today": today.isoformat()}
    return cases, context


def measure(case: Case, *, warmup: int, runs: int) -> Outcome:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sql_ids = case.sql()
    with CaptureQueriesContext(connection) as ctx:
        app_ids = case.app()
    for _ in range(warmup):
        case.sql()
        case.app()
    app_t, sql_t = [], []
    for _ in range(runs):  # alternate, so load elsewhere hits both sides alike
        t = time.perf_counter()
        case.sql()
        sql_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        case.app()
        app_t.append(time.perf_counter() - t)
    app_ms, sql_ms = statistics.median(app_t) * 1000, statistics.median(sql_t) * 1000
    if app_ids == sql_ids:
        check, ok = "same rows, same order", True
    elif sorted(app_ids) == sorted(sql_ids):
        check, ok = "same rows, other order", False
    else:
        check, ok = f"DIFFERENT ids: {len(set(app_ids) - set(sql_ids))} only in app", False
    return Outcome(case.name, app_ms, sql_ms, app_ms / sql_ms, len(app_ids), len(ctx.captured_queries), check, ok)


def explain(sql: str, params: list[Any]) -> str:
    from django.db import connection

    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    return "\n".join(" | ".join(str(c) for c in row) for row in _fetch(prefix + sql, params))


def table(outcomes: list[Outcome]) -> str:
    head = ("case", "rows", "app ms", "SQL ms", "ratio", "target", "app queries", "check")
    lines = [head] + [(o.name, str(o.rows), f"{o.app_ms:.1f}", f"{o.sql_ms:.1f}", f"{o.ratio:.2f}×",
                       f"{TARGET}×" + (" ok" if o.ratio <= TARGET else " over"), str(o.app_queries), o.check)
                      for o in outcomes]
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    out = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_problems")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--province", default=None, help="province code (default: tehran, else the first)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mahalleh.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    cases, context = build_cases(args.province)
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT COUNT(*) FROM problems_problem), (SELECT COUNT(*) FROM problems_problemupdate)")
        n_problems, n_updates = cursor.fetchone()
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}; "
          f"problems {n_problems:,}, updates {n_updates:,}")
    print("inputs: " + ", ".join(f"{k} = {v}" for k, v in context.items()))
    OUT.mkdir(exist_ok=True)
    outcomes = []
    for i, case in enumerate(cases):
        outcomes.append(measure(case, warmup=args.warmup, runs=args.runs))
        if case.queries:
            text = "\n\n".join(f"-- {case.name}\n{sql}\n-- params: {params}\n\n{explain(sql, params)}"
                               for sql, params in case.queries)
            (OUT / f"explain_problems_{i}.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\nmedian of {args.runs} warm runs after {args.warmup} warm-up runs\n")
    print(table(outcomes))
    (OUT / "problems.json").write_text(json.dumps({
        "database": connection.vendor, "problems": n_problems, "updates": n_updates, "inputs": context,
        "runs": args.runs, "outcomes": [asdict(o) for o in outcomes]}, ensure_ascii=False, indent=2, default=str),
        encoding="utf-8")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
