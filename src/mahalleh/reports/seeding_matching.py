"""The demo of capacities and matching (issue 12, item 5): the service catalog, which problem
categories count as a need of which service, the Alborz agencies' capacities and the target
neighborhoods' baseline needs. Idempotent: a row is written only when missing or different, and
county links are only added, so a second load writes nothing (and no audit row).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mahalleh.agencies.models import Agency, AgencyService, Service, ServiceAxis, ServiceNeed
from mahalleh.places.models import County, Neighborhood, Province
from mahalleh.problems.models import Category

PACKAGE = Path(__file__).resolve().parent.parent
CATALOG_FILE = PACKAGE / "agencies" / "data" / "services.json"
DEMO_FILE = Path(__file__).parent / "data" / "matching_demo.json"


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, bool]:
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), True
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed:
        for k, v in changed.items():
            setattr(obj, k, v)
        obj.save()
    return obj, bool(changed)


def seed_services() -> dict[str, Service]:
    """The catalog of ``agencies/data/services.json`` under the loaded axes."""
    axes = {a.code: a for a in ServiceAxis.objects.all()}
    services: dict[str, Service] = {}
    for order, row in enumerate(json.loads(CATALOG_FILE.read_text(encoding="utf-8")), start=1):
        if row["axis"] in axes:
            services[row["code"]], _ = _upsert(Service, {"code": row["code"]}, {
                "axis": axes[row["axis"]], "name": row["name"], "unit": row["unit"], "order": order})
    return services


def seed_demo_matching() -> int:
    """Load the demo's mapping, capacities and baseline needs; the number of rows they make up."""
    services = seed_services()
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    count = len(services)
    for category_code, service_code in data["category_services"].items():
        category = Category.objects.filter(code=category_code).first()
        if category is not None and service_code in services:
            if category.service_id != services[service_code].pk:
                category.service = services[service_code]
                category.save(update_fields=["service"])
            count += 1
    for province_code, rows in data["capacities"].items():
        province = Province.objects.filter(code=province_code).first()
        if province is None:
            continue
        agencies = {a.name: a for a in Agency.objects.filter(province=province)}
        counties = {c.name: c for c in County.objects.filter(province=province)}
        for row in rows:
            agency, service = agencies.get(row["agency"]), services.get(row["service"])
            if agency is None or service is None:
                continue
            cap, _ = _upsert(AgencyService, {"agency": agency, "service": service, "period": row["period"]},
                             {"capacity": row["capacity"]})
            wanted = set(counties.values()) if row["counties"] == "*" else {counties[n] for n in row["counties"] if n in counties}
            missing = {c.pk for c in wanted} - set(cap.counties.values_list("pk", flat=True))
            if missing:
                cap.counties.add(*missing)
            count += 1
    count += _seed_baseline(data["baseline"], services)
    return count


def _seed_baseline(spec: dict[str, Any], services: dict[str, Service]) -> int:
    hoods = Neighborhood.objects.filter(county__province__code=spec["province"]).select_related("county")
    by_name = {(h.county.name, h.name): h for h in hoods}
    wanted: dict[tuple[int, str], int] = {}
    for hood in hoods:
        if hood.is_target:
            for code, (field, per) in spec["every_target"].items():
                value = getattr(hood, field) or 0
                if value // per:
                    wanted[(hood.pk, code)] = value // per
    for county, name, needs in spec["rows"]:
        named = by_name.get((county, name))
        if named is not None:
            for code, quantity in needs.items():
                wanted[(named.pk, code)] = quantity
    count = 0
    for (hood_id, code), quantity in sorted(wanted.items()):
        if code in services:
            _upsert(ServiceNeed, {"neighborhood_id": hood_id, "service": services[code],
                                  "source": ServiceNeed.Source.BASELINE},
                    {"quantity": quantity, "note": "خط پایه نمایشی"})
            count += 1
    return count
