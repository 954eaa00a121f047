"""The seeds' categories (DOMAIN.md §3, seeds 001–004), with a service level each, under the axes.

Loaded by the demo loader after the axes (``agencies/data/axes.json``); an administrator edits them
in the admin afterwards. Upserts by ``code``, so running it again changes nothing.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.places.models import County, Neighborhood, Province
from mahalleh.problems.models import Category, RoutingRule

CATEGORIES_FILE = Path(__file__).parent / "data" / "categories.json"


def seed_categories() -> dict[str, Category]:
    axes = {axis.code: axis for axis in ServiceAxis.objects.all()}
    categories: dict[str, Category] = {}
    rows = json.loads(CATEGORIES_FILE.read_text(encoding="utf-8"))
    for order, row in enumerate(rows, start=1):
        axis = axes.get(row["axis"])
        if axis is None:
            continue  # the axis is not loaded here; its categories wait for it
        wanted = {"axis": axis, "name": row["name"], "service_days": row["service_days"], "order": order}
        category = Category.objects.filter(code=row["code"]).first()
        if category is None:
            category = Category.objects.create(code=row["code"], **wanted)
        elif any(getattr(category, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(category, k, v)
            category.save()
        categories[row["code"]] = category
    return categories


DEMO_FILE = Path(__file__).parent / "data" / "demo_routing.json"
# Demo problems are made once each: the key is derived from the row, so a second load finds them.
DEMO_NAMESPACE = uuid.UUID("6f1d3c2a-5e0b-4a8f-9c41-0d2b7e5a9f10")


def seed_demo_routing() -> int:
    """The demo's routing rules (province defaults, county overrides); upserts; the number of rules."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["provinces"]
    categories = {c.code: c for c in Category.objects.all()}
    count = 0
    for code, rules in data.items():
        province = Province.objects.filter(code=code).first()
        if province is None:
            continue
        agencies = {a.name: a for a in Agency.objects.filter(province=province)}
        counties = {c.name: c for c in County.objects.filter(province=province)}
        plan = [(None, rules["defaults"]), *((counties.get(name), row) for name, row in rules["counties"].items())]
        for county, row in plan:
            if county is None and plan[0][1] is not row:
                continue  # a county the places registry does not hold
            for category_code, agency_name in row.items():
                if category_code not in categories or agency_name not in agencies:
                    continue
                RoutingRule.objects.update_or_create(
                    province=province, county=county, category=categories[category_code],
                    defaults={"agency": agencies[agency_name]})
                count += 1
    return count


def seed_demo_problems(actor: Any) -> int:
    """Seed 003's problems of the Hesar desk, recorded by ``actor`` through the intake service."""
    from mahalleh.problems.services import problem_intake

    rows = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["problems"]
    made = 0
    for row in rows:
        hood = Neighborhood.objects.filter(county__province__code=row["province"], county__name=row["county"],
                                           name=row["neighborhood"]).first()
        category = Category.objects.filter(code=row["category"]).first()
        if hood is None or category is None:
            continue
        key = uuid.uuid5(DEMO_NAMESPACE, f"{row['province']}/{row['neighborhood']}/{row['category']}")
        problem_intake(actor=actor, neighborhood=hood, category=category, description=row["description"],
                       source=row["source"], idempotency_key=key)
        made += 1
    return made
