"""Time the meetings selectors against bare SQL returning the same rows, on the current database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mahalleh_bench .venv/bin/python -m bench.bench_meetings

Cases: an agency's inbox (the busiest agency of the province and a typical one), the review of
previous resolutions before the provincial HQ's latest meeting, and the scorecards of the
province for the previous Jalali year (every body, and the HQ alone). Each case runs a few times to
warm up, then app and SQL alternate ``--runs`` times and the medians are compared (target: app
within 1.5× of SQL). Both sides must return the same rows (ids, order and figures). EXPLAIN
ANALYZE of each SQL query and a JSON of the results go to bench/out/.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

TARGET = 1.5
OUT = Path(__file__).resolve().parent / "out"


@dataclass
class Case:
    name: str
    app: Callable[[], Any] | None  # None when the selectors module is missing
    query: Any  # bench.sql.Query
    app_rows: Callable[[Any], list[tuple]]  # the comparable rows of the app's result
    sql_rows: Callable[[list[dict]], list[tuple]]


@dataclass
class Outcome:
    name: str
    app_ms: float | None
    sql_ms: float
    ratio: float | None
    app_count: int | None
    sql_count: int
    app_queries: int | None
    check: str
    ok: bool


def _median_days(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def build_cases(today: datetime.date, province_code: str | None) -> tuple[list[Case], dict[str, Any]]:
    """Pick the inputs from the data (whatever generated it) and pair each selector with its SQL."""
    from django.db.models import Count

    from bench import sql
    from mahalleh.accounts.models import User
    from mahalleh.core.jalali import from_jalali, jalali_month_length, to_jalali
    from mahalleh.meetings.models import Assignment, Body, Meeting
    from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
    from mahalleh.places.models import Province

    try:
        from mahalleh.meetings import selectors
    except ImportError:
        selectors = None

    province = (Province.objects.filter(code=province_code or "alborz").first()
                or Province.objects.order_by("id").first())
    if province is None:
        raise SystemExit("پایگاه داده خالی است؛ نخست python -m bench.generate را اجرا کنید.")
    secretariat = User.objects.filter(role_assignments__role="secretariat",
                                      role_assignments__province=province).order_by("id").first()
    open_counts = list(
        Assignment.objects.filter(agency__province=province).exclude(resolution__status__in=CLOSED_STATUSES)
        .values("agency_id").annotate(n=Count("id")).order_by("-n", "agency_id")
    )
    busiest, typical = open_counts[0], open_counts[len(open_counts) // 2]
    hq = Body.objects.filter(province=province, kind=Body.Kind.PROVINCIAL_HQ).first()
    meeting = Meeting.objects.filter(body=hq).order_by("-date", "-number").first()
    year = to_jalali(today).year - 1
    start, end = from_jalali(year, 1, 1), from_jalali(year, 12, jalali_month_length(year, 12))

    def focal(agency_id: int) -> User:
        return User.objects.filter(role_assignments__role="agency_focal", role_assignments__agency_id=agency_id).first()

    def fresh(user: User) -> Callable[[], User]:
        # A copy per call, as each request has its own user object: the scope is built once per call, by
        # its query, and timed, as each request builds it. The user row itself is loaded by the session
        # middleware before any view runs, so reloading it is not part of a selector's cost.
        names = [f.attname for f in User._meta.concrete_fields]

        def new() -> User:
            return User.from_db(user._state.db, names, [getattr(user, n) for n in names])

        return new

    def inbox_case(label: str, user: User) -> Case:
        new_user = fresh(user)
        return Case(
            name=label,
            app=(lambda: selectors.inbox(user=new_user(), today=today)) if selectors else None,
            query=sql.inbox_query(user_id=user.pk, today=today),
            app_rows=lambda rows: [(r.assignment.pk, r.latest_report.pk if r.latest_report else None) for r in rows],
            sql_rows=lambda rows: [(r["assignment_id"], r["report_id"]) for r in rows],
        )

    def scorecard_case(label: str, body: Body | None) -> Case:
        return Case(
            name=label,
            app=(lambda: selectors.scorecards(user=fresh(secretariat)(), province=province, body=body, start=start,
                                              end=end, today=today)) if selectors else None,
            query=sql.scorecards_query(user_id=secretariat.pk, province_id=province.pk, start=start, end=end,
                                       today=today, body_id=body.pk if body else None),
            app_rows=lambda rows: [(r.agency.pk, r.assigned, r.done_on_time, r.done_late, r.overdue, r.open_not_due,
                                    _median_days(r.median_days_to_done), r.meetings_attended, r.meetings_missed)
                                   for r in rows],
            sql_rows=lambda rows: [(r["agency_id"], r["assigned"], r["done_on_time"], r["done_late"], r["overdue"],
                                    r["open_not_due"], _median_days(r["median_days_to_done"]),
                                    r["meetings_attended"], r["meetings_missed"]) for r in rows],
        )

    cases = [
        inbox_case("inbox (busiest agency)", focal(busiest["agency_id"])),
        inbox_case("inbox (typical agency)", focal(typical["agency_id"])),
        Case(
            name="review",
            app=(lambda: selectors.review(meeting=meeting, user=fresh(secretariat)(), today=meeting.date))
            if selectors else None,
            query=sql.review_query(user_id=secretariat.pk, body_id=meeting.body_id, meeting_date=meeting.date,
                                   as_of=meeting.date),
            app_rows=lambda rep: [(row.resolution.pk, g.agency.pk if g.agency else None,
                                   row.latest_report.pk if row.latest_report else None)
                                  for g in rep.groups for row in g.rows],
            sql_rows=lambda rows: [(r["resolution_id"], r["agency_id"], r["report_id"]) for r in rows],
        ),
        scorecard_case(f"scorecards ({year}, all bodies)", None),
        scorecard_case(f"scorecards ({year}, HQ only)", hq),
    ]
    context = {
        "province": province.name, "today": today.isoformat(), "jalali_year": year,
        "inbox_busiest_open": busiest["n"], "inbox_typical_open": typical["n"],
        "review_meeting": f"{meeting.number} / {meeting.date.isoformat()} / {hq.name}",
        "selectors": selectors is not None,
    }
    return cases, context


def _verdict(app: list[tuple], sql_: list[tuple]) -> tuple[str, bool]:
    if app == sql_:
        return "same rows, same order", True
    if sorted(app, key=repr) == sorted(sql_, key=repr):
        return "same rows, other order", True
    app_ids, sql_ids = {r[0] for r in app}, {r[0] for r in sql_}
    if app_ids == sql_ids:
        return "same ids, DIFFERENT figures", False
    return f"DIFFERENT ids: {len(app_ids - sql_ids)} only in app, {len(sql_ids - app_ids)} only in SQL", False


def measure(case: Case, *, warmup: int, runs: int) -> Outcome:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import sql

    sql_result = sql.run(case.query)
    app_result, app_queries = None, None
    if case.app is not None:
        with CaptureQueriesContext(connection) as ctx:
            app_result = case.app()
        app_queries = len(ctx.captured_queries)
    for _ in range(warmup):
        sql.run(case.query)
        if case.app is not None:
            case.app()
    app_times, sql_times = [], []
    for _ in range(runs):  # alternate, so a burst of load elsewhere hits both sides alike
        t = time.perf_counter()
        sql.run(case.query)
        sql_times.append(time.perf_counter() - t)
        if case.app is not None:
            t = time.perf_counter()
            case.app()
            app_times.append(time.perf_counter() - t)
    sql_ms = statistics.median(sql_times) * 1000
    if case.app is None:
        return Outcome(case.name, None, sql_ms, None, None, len(sql_result), None, "selectors missing: SQL only", True)
    app_ms = statistics.median(app_times) * 1000
    app_rows, sql_rows = case.app_rows(app_result), case.sql_rows(sql_result)
    check, ok = _verdict(app_rows, sql_rows)
    return Outcome(case.name, app_ms, sql_ms, app_ms / sql_ms if sql_ms else None, len(app_rows), len(sql_rows),
                   app_queries, check, ok)


def table(outcomes: list[Outcome]) -> str:
    head = ("name", "rows app/SQL", "app ms", "SQL ms", "ratio", "target", "app queries", "check")
    lines = [head]
    for o in outcomes:
        lines.append((
            o.name,
            f"{o.app_count if o.app_count is not None else '—'}/{o.sql_count}",
            f"{o.app_ms:.1f}" if o.app_ms is not None else "—",
            f"{o.sql_ms:.1f}",
            f"{o.ratio:.2f}×" if o.ratio is not None else "—",
            f"{TARGET}×" + ("" if o.ratio is None else " ok" if o.ratio <= TARGET else " over"),
            str(o.app_queries) if o.app_queries is not None else "—",
            o.check,
        ))
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    out = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def data_sizes() -> dict[str, int]:
    from django.db import connection

    tables = ["places_province", "places_county", "places_neighborhood", "agencies_agency", "meetings_body",
              "meetings_meeting", "meetings_resolution", "meetings_assignment", "meetings_progressreport",
              "meetings_attendance", "accounts_user"]
    with connection.cursor() as cursor:
        sizes = {}
        for t in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}")
            sizes[t] = cursor.fetchone()[0]
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_meetings")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    parser.add_argument("--province", default=None, help="province code (default: alborz, else the first)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mahalleh.config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from bench import sql

    today = args.today or timezone.localdate()
    cases, context = build_cases(today, args.province)
    sizes = data_sizes()
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    print("rows: " + ", ".join(f"{t.split('_', 1)[1]} {n:,}" for t, n in sizes.items()))
    print("inputs: " + ", ".join(f"{k} = {v}" for k, v in context.items()))
    outcomes = []
    OUT.mkdir(exist_ok=True)
    for case in cases:
        outcomes.append(measure(case, warmup=args.warmup, runs=args.runs))
        slug = case.name.split(" ")[0] + ("" if "(" not in case.name else "_" + case.name.split("(")[1].strip(")")
                                          .replace(",", "").replace(" ", "_"))
        (OUT / f"explain_{slug}.txt").write_text(f"-- {case.name}\n{case.query.sql}\n-- params: {case.query.params}\n\n"
                                                 + sql.explain(case.query) + "\n", encoding="utf-8")
    print(f"\nmedian of {args.runs} warm runs after {args.warmup} warm-up runs\n")
    print(table(outcomes))
    (OUT / "results.json").write_text(json.dumps({
        "database": connection.vendor, "sizes": sizes, "inputs": context, "runs": args.runs,
        "outcomes": [asdict(o) for o in outcomes],
    }, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
