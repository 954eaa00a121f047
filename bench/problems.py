"""Issue 10's problems at national scale: categories, a province-default route per category, and
1,000,000 × scale problems with their timelines (COPY on PostgreSQL, ``bulk_create`` elsewhere).

Like ``bench.activity``: explicit ids, no ``save()`` and no audit (so ``description_normalized`` is
filled here, with ``core.text.normalize``), foreign keys and secondary indexes dropped during the load.
Tracking codes are 10 digits from the seeded generator plus ``codes.check_digit`` (so a seed gives
the same data; ``codes.generate`` draws from ``secrets``), deduplicated with a set.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from functools import cache
from typing import Any

from bench.plan import Plan
from bench.registry import World
from bench.sink import bulk_load, copy_rows, next_id, reset_sequences
from mahalleh.core.text import normalize

UTC = datetime.UTC
CHUNK = 100_000
OPEN_SHARE = 0.25  # new / accepted / in_progress; the rest fixed or closed

DESCRIPTIONS = (
    "چاله بزرگ در کوچه {n} محله {hood} که ماشین‌ها را آسیب می‌زند",
    "لامپ‌های روشنایی خیابان {n} {hood} چند شب است خاموش است",
    "نخاله ساختمانی کنار پیاده‌رو کوچه {n} رها شده است",
    "آب‌گرفتگی معبر پس از باران در ورودی محله {hood}",
    "زباله‌ها در کوچه {n} جمع‌آوری نمی‌شود و بوی بد می‌دهد",
    "سالن ورزشی محله {hood} بسته است و نوجوانان جایی برای ورزش ندارند",
    "نبود کلاس سوادآموزی برای زنان محله {hood}",
    "سگ‌های ولگرد در پارک کوچه {n} باعث ترس کودکان شده‌اند",
    "فاضلاب از منهول کوچه {n} بیرون می‌زند",
    "نیاز به سرعت‌گیر در خیابان {n} مقابل مدرسه {hood}",
)
FIRST_NAMES = ("علی", "زهرا", "محمد", "فاطمه", "حسین", "مریم", "رضا", "سکینه", "مهدی", "معصومه")
LAST_NAMES = ("محمدی", "حسینی", "احمدی", "رضایی", "کریمی", "موسوی", "جعفری", "قاسمی", "صادقی", "نوری")
SOURCES = ("service_desk", "county", "neighborhood_house", "online", "field_visit", "hq_meeting")
SOURCE_WEIGHTS = (30, 20, 20, 15, 10, 5)
# (status, cumulative weight): 25% open, 75% fixed or closed
STATUSES = ("new", "accepted", "in_progress", "fixed", "closed")
STATUS_CUM = (8, 15, 25, 75, 100)

PROBLEM_COLS = ("id", "neighborhood_id", "source", "reporter_name", "reporter_mobile", "may_call_back", "sms_consent",
                "sms_opt_out", "description", "description_normalized", "description_public", "latitude", "longitude",
                "category_id", "priority_rank", "agency_id", "status", "tracking_code", "due_date", "acknowledged_at",
                "fixed_at", "duplicate_of_id", "confirm_until", "token", "version", "created_at", "created_by_id")
UPDATE_COLS = ("id", "problem_id", "kind", "text", "is_public", "from_status", "to_status", "from_agency_id",
               "to_agency_id", "author_id", "at")


@cache
def _normalized(text: str) -> str:
    return normalize(text)


def _days_for(service_days: int) -> int:
    """Working days to calendar days, near enough for synthetic data (a five-and-a-half-day week)."""
    return service_days + (service_days * 2 + 4) // 5


def seed_routes(world: World, log: Callable[[str], None]) -> tuple[list[tuple[int, int, int]], dict[tuple[int, int], int]]:
    """Categories and one province-default RoutingRule per (province, category); returns
    ``[(category id, service days, axis id)]`` and ``{(province id, category id): agency id}``."""
    from mahalleh.agencies.models import Agency
    from mahalleh.problems.models import RoutingRule
    from mahalleh.problems.seeding import seed_categories

    categories = sorted(seed_categories().values(), key=lambda c: c.pk)
    cats = [(c.pk, c.service_days, c.axis_id) for c in categories]
    axes_of: dict[int, set[int]] = {}
    for agency_id, axis_id in Agency.axes.through.objects.values_list("agency_id", "serviceaxis_id"):
        axes_of.setdefault(agency_id, set()).add(axis_id)
    by_province: dict[int, list[tuple[int, bool]]] = {}
    for agency_id, province_id, county_id in Agency.objects.filter(province_id__in=world.province_ids).order_by(
            "id").values_list("id", "province_id", "county_id"):
        by_province.setdefault(province_id, []).append((agency_id, county_id is None))
    routes: dict[tuple[int, int], int] = {}
    rules = []
    for province_id in world.province_ids:
        agencies = by_province.get(province_id, [])
        if not agencies:
            continue
        for cat_id, _days, axis_id in cats:
            # the province's own office of the axis, else any agency of the axis, else the first agency
            matching = [a for a, provincial in agencies if axis_id in axes_of.get(a, ()) and provincial] or [
                a for a, _p in agencies if axis_id in axes_of.get(a, ())] or [agencies[0][0]]
            routes[(province_id, cat_id)] = matching[0]
            rules.append(RoutingRule(province_id=province_id, category_id=cat_id, agency_id=matching[0]))
    RoutingRule.objects.bulk_create(rules)
    log(f"  categories: {len(cats)}, routing rules: {len(rules)}")
    return cats, routes


def build_problems(plan: Plan, world: World, rng: random.Random, today: datetime.date,
                   log: Callable[[str], None]) -> dict[str, int]:
    from mahalleh.places.models import Neighborhood
    from mahalleh.problems.models import Category, Problem, ProblemUpdate, RoutingRule

    cats, routes = seed_routes(world, log)
    hoods = list(Neighborhood.objects.filter(county__province_id__in=world.province_ids).order_by("id")
                 .values_list("id", "name", "county__province_id"))
    hoods = [h for h in hoods if any((h[2], c[0]) in routes for c in cats)]
    counts = {"problem_categories": Category.objects.count(), "routing_rules": RoutingRule.objects.count(),
              "problems": 0, "problem_updates": 0}
    if not hoods or not cats:
        return counts
    big = [Problem, ProblemUpdate]
    with bulk_load(big):
        t = time.perf_counter()
        counts["problems"], counts["problem_updates"] = _write(plan, world, rng, today, cats, routes, hoods, log)
        log(f"  problems written in {time.perf_counter() - t:.1f}s")
        t = time.perf_counter()
    log(f"  problem foreign keys and indexes restored in {time.perf_counter() - t:.1f}s")
    reset_sequences(big)
    return counts


def _write(plan: Plan, world: World, rng: random.Random, today: datetime.date, cats: list[tuple[int, int, int]],
           routes: dict[tuple[int, int], int], hoods: list[tuple[int, str, int]],
           log: Callable[[str], None]) -> tuple[int, int]:
    from mahalleh.problems import codes
    from mahalleh.problems.models import Problem, ProblemUpdate

    total = plan.problems
    first_id, upd_id = next_id(Problem), next_id(ProblemUpdate)
    start = today - datetime.timedelta(days=730)
    seen: set[str] = set()
    n_problems = n_updates = 0
    pid = first_id
    focal = world.focal_user
    while n_problems < total:
        size = min(CHUNK, total - n_problems)
        problems: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for _ in range(size):
            hood_id, hood_name, province_id = rng.choice(hoods)
            cat_id, service_days, _axis = rng.choice(cats)
            agency = routes.get((province_id, cat_id))
            status = STATUSES[_pick(rng.random() * 100)]
            is_open = status in ("new", "accepted", "in_progress")
            # open problems are the recent ones (some overdue now), the closed spread over two years
            age = rng.randint(0, 90) if is_open else rng.randint(5, 730)
            created_day = max(start, today - datetime.timedelta(days=age))
            created = datetime.datetime.combine(created_day, datetime.time(8 + rng.randint(0, 9), rng.randint(0, 59)),
                                                tzinfo=UTC)
            due = created_day + datetime.timedelta(days=_days_for(service_days))
            while True:
                body = f"{rng.randrange(10**codes.RANDOM_DIGITS):0{codes.RANDOM_DIGITS}d}"
                code = body + codes.check_digit(body)
                if code not in seen:
                    seen.add(code)
                    break
            text = DESCRIPTIONS[rng.randrange(len(DESCRIPTIONS))].format(n=rng.randint(1, 40), hood=hood_name)
            if rng.random() < 0.6:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                mobile = f"09{rng.randrange(10**9):09d}"
                call_back, sms = rng.random() < 0.7, rng.random() < 0.5
            else:
                name, mobile, call_back, sms = "", "", False, False
            routed_at = created + datetime.timedelta(hours=rng.randint(1, 48))
            ack = routed_at + datetime.timedelta(hours=rng.randint(1, 72)) if status != "new" else None
            fixed = None
            if status in ("fixed", "closed"):
                assert ack is not None
                fixed = ack + datetime.timedelta(days=rng.randint(1, 2 * _days_for(service_days)))
            confirm_until = fixed + datetime.timedelta(days=7) if status == "fixed" and fixed else None
            source = rng.choices(SOURCES, SOURCE_WEIGHTS)[0]
            problems.append((pid, hood_id, source, name, mobile, call_back, sms, False, text, _normalized(text),
                             rng.random() < 0.3, None, None, cat_id, None, agency, status, code, due, ack, fixed,
                             None, confirm_until, "", 1, created, None))
            author = focal.get(agency) if agency is not None else None
            updates.append((upd_id, pid, "routed", "", False, "", "", None, agency, None, routed_at))
            upd_id += 1
            if status == "new":
                updates.append((upd_id, pid, "note", "در انتظار بررسی فرمانداری", False, "", "", None, None, None,
                                routed_at + datetime.timedelta(minutes=5)))
                upd_id += 1
            else:
                assert ack is not None
                updates.append((upd_id, pid, "status", "", True, "new", "accepted", None, None, author, ack))
                upd_id += 1
                if status == "in_progress":
                    updates.append((upd_id, pid, "status", "", True, "accepted", "in_progress", None, None, author,
                                    ack + datetime.timedelta(days=1)))
                    upd_id += 1
                elif fixed is not None:
                    updates.append((upd_id, pid, "status", "رفع شد", True, "accepted", "fixed", None, None, author,
                                    fixed))
                    upd_id += 1
            pid += 1
        n_problems += copy_rows(Problem, PROBLEM_COLS, problems)
        n_updates += copy_rows(ProblemUpdate, UPDATE_COLS, updates)
        log(f"  problems: {n_problems:,} / {total:,}")
    return n_problems, n_updates


def _pick(u: float) -> int:
    for i, c in enumerate(STATUS_CUM):
        if u < c:
            return i
    return len(STATUS_CUM) - 1
