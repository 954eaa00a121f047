"""The seeds' categories (DOMAIN.md §3, seeds 001–004), with a service level each, under the axes.

Loaded by the demo loader after the axes (``agencies/data/axes.json``); an administrator edits them
in the admin afterwards. Upserts by ``code``, so running it again changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from mahalleh.agencies.models import ServiceAxis
from mahalleh.problems.models import Category

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
