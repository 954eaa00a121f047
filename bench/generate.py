"""Generate national-scale benchmark data into the database of DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mahalleh_bench \\
        .venv/bin/python -m bench.generate --scale 1.0 --reset

Full scale (``--scale 1``): 31 provinces, ~430 counties, 2,020 target neighborhoods, ~3,000 agencies,
~470 bodies, 50,000 meetings over three Jalali years, ~400,000 resolutions, ~640,000 assignments,
progress reports, ~1,000,000 attendance rows, a user per agency, and (issue 10) the problem
categories, a province-default route per category and 1,000,000 problems with 2–3 timeline rows each; and
(issue 12, bench.reports_data) a Jalali year of desks, the monthly reports and a campaign per province. ``--scale 0.01`` makes a small
set (tests, CI). The random seed is fixed, so the same scale, seed and ``--today`` give the same data.

Writes bypass ``save()`` and the audit signals on purpose (COPY on PostgreSQL, ``bulk_create``
elsewhere): the audit log records what people did, and millions of synthetic rows would drown it.
Everything is written in one transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.plan import GenerationError, Plan

SEED = 1401
BENCH_USER_PREFIX = "bench-"


@dataclass
class Result:
    plan: Plan
    today: datetime.date
    counts: dict[str, int]
    seconds: float


def generate(*, scale: float = 1.0, seed: int = SEED, today: datetime.date | None = None, reset: bool = False,
             log: Callable[[str], None] = print) -> Result:
    """Fill the database with ``scale`` × the national figures; returns the row counts and the time taken."""
    from django.db import connection, transaction

    from bench.activity import build_activity
    from bench.names import PROVINCES
    from bench.problems import build_problems
    from bench.registry import build_registry
    from bench.reports_data import build_reports
    from mahalleh.places.models import Province

    plan = Plan.for_scale(scale)
    today = today or datetime.date.today()
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        if reset:
            t = time.perf_counter()
            reset_data()
            log(f"reset in {time.perf_counter() - t:.1f}s")
        else:
            names = [n for _, n in PROVINCES[: plan.provinces]]
            codes = [c for c, _ in PROVINCES[: plan.provinces]]
            clash = Province.objects.filter(name__in=names).first() or Province.objects.filter(code__in=codes).first()
            if clash is not None:
                raise GenerationError(
                    f"استان «{clash.name}» از قبل در پایگاه داده هست؛ داده محک را در پایگاه داده‌ای جداگانه "
                    "یا با گزینه --reset بسازید."
                )
        world = build_registry(plan, rng, log)
        counts = {**world.counts, **build_activity(plan, world, rng, today, log)}
        counts.update(build_problems(plan, world, rng, today, log))
        counts.update(build_reports(plan, world, rng, today, log))
    if connection.vendor == "postgresql":
        t = time.perf_counter()
        with connection.cursor() as cursor:
            # fresh statistics, or the planner guesses on empty-table estimates; and outside a transaction (not
            # in tests) VACUUM too, so the visibility map is set as autovacuum keeps it on a settled database
            # (index-only scans read the table otherwise)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        log(f"analyze in {time.perf_counter() - t:.1f}s")
    return Result(plan=plan, today=today, counts=counts, seconds=time.perf_counter() - started)


def _wiped_models() -> list:  # type: ignore[type-arg]
    """The registry and meeting tables, plus every table that points at them (directly or not): the
    problem tables too (categories point at the axes, problems at neighborhoods)."""
    from django.apps import apps

    every = apps.get_models(include_auto_created=True)
    wiped = {m for m in every if m._meta.app_label in {"places", "agencies", "meetings"}}
    grew = True
    while grew:
        grew = False
        for m in every:
            if m in wiped:
                continue
            if any(f.is_relation and f.concrete and f.related_model in wiped for f in m._meta.get_fields()):
                wiped.add(m)
                grew = True
    return sorted(wiped, key=lambda m: m._meta.db_table)


def reset_data() -> None:
    """Empty the registry, meetings and everything referring to them, and delete the generated users.

    Meant for a benchmark database: other apps' rows that point at places or agencies go too.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection

    qn = connection.ops.quote_name
    wiped = _wiped_models()
    existing = set(connection.introspection.table_names())  # models of apps still without a migration
    tables = [m._meta.db_table for m in wiped if m._meta.db_table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(qn(t) for t in tables)} RESTART IDENTITY CASCADE")
        else:
            for t in tables:  # foreign keys are deferred to commit, so the order does not matter
                cursor.execute(f"DELETE FROM {qn(t)}")
        User = get_user_model()
        bench_users = f"SELECT id FROM {qn(User._meta.db_table)} WHERE username LIKE %s"
        for m in _models_pointing_at(User):
            if m in wiped or m._meta.db_table not in existing:
                continue
            for f in m._meta.concrete_fields:
                if f.is_relation and f.related_model is User:
                    cursor.execute(f"DELETE FROM {qn(m._meta.db_table)} WHERE {qn(f.column)} IN ({bench_users})",
                                   [f"{BENCH_USER_PREFIX}%"])
        cursor.execute(f"DELETE FROM {qn(User._meta.db_table)} WHERE username LIKE %s", [f"{BENCH_USER_PREFIX}%"])


def _models_pointing_at(target) -> list:  # type: ignore[no-untyped-def,type-arg]
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True)
            if any(f.is_relation and f.concrete and f.related_model is target for f in m._meta.get_fields())]


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"تاریخ «{text}» به شکل YYYY-MM-DD (میلادی) نیست.") from exc


def _parse_scale(text: str) -> float:
    try:
        return float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"مقیاس «{text}» عدد نیست.") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description="ساخت داده محک در مقیاس ملی")
    parser.add_argument("--scale", type=_parse_scale, default=1.0, help="1.0 = national; 0.01 for tests")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--today", type=_parse_date, default=None, help="reference date (default: today)")
    parser.add_argument("--reset", action="store_true", help="empty the registry and meetings first")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mahalleh.config.settings")
    import django

    django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}; scale {args.scale}")
    try:
        result = generate(scale=args.scale, seed=args.seed, today=args.today, reset=args.reset)
    except GenerationError as exc:
        print(f"خطا: {exc}", file=sys.stderr)
        return 2
    width = max(len(k) for k in result.counts)
    for key, n in result.counts.items():
        print(f"{key:<{width}}  {n:>10,}")
    print(f"generated in {result.seconds:.1f}s (today = {result.today.isoformat()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
