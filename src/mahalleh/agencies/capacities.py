"""The rules a declared capacity and an entered need must meet (issue 12, item 5).

Each check says which field is wrong and why, in Persian; forms put the messages on their fields,
and the services (``agencies.services``) run the same checks again and save nothing when one fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mahalleh.agencies.models import MAX_QUANTITY, Agency, Service, Unit
from mahalleh.core.templatetags.persian import fa_int

UNIT_LABELS = dict(Unit.choices)


def quantity_error(value: Any, label: str) -> str | None:
    """None when ``value`` is a whole number from 1 to ``MAX_QUANTITY``; else why not."""
    if value is None or value == "":
        return f"{label} را وارد کنید."
    try:
        number = int(value)
    except (TypeError, ValueError):
        return f"{label} باید عدد صحیح باشد."
    if number != value and str(number) != str(value).strip():
        return f"{label} باید عدد صحیح باشد."
    if number < 0:
        return f"{label} نمی‌تواند منفی باشد ({fa_int(number)})."
    if number == 0:
        return f"{label} باید بیشتر از صفر باشد."
    if number > MAX_QUANTITY:
        return f"{label} ({fa_int(number)}) نامعقول است؛ بیشترین مقدار پذیرفتنی {fa_int(MAX_QUANTITY)} است."
    return None


def unit_error(unit: str | None, service: Service | None) -> str | None:
    """A unit given with a capacity or a need must be one of the fixed units, and the service's."""
    if not unit:
        return None
    if unit not in UNIT_LABELS:
        return f"واحد «{unit}» شناخته نیست؛ واحدها: {'، '.join(str(v) for v in UNIT_LABELS.values())}."
    if service is not None and unit != service.unit:
        return (f"خدمت «{service.name}» با واحد «{UNIT_LABELS[service.unit]}» شمرده می‌شود، "
                f"نه «{UNIT_LABELS[unit]}».")
    return None


def counties_error(agency: Agency | None, counties: Iterable[Any]) -> str | None:
    """Every county a capacity covers lies in its agency's province."""
    counties = list(counties)
    if not counties:
        return "دست‌کم یک شهرستان تحت پوشش را انتخاب کنید."
    if agency is None:
        return None
    outside = [c for c in counties if c.province_id != agency.province_id]
    if outside:
        names = "، ".join(c.name for c in outside)
        return f"شهرستان {names} در استان {agency.province} نیست؛ دستگاه فقط در شهرستان‌های استان خود خدمت می‌دهد."
    return None


def capacity_errors(*, agency: Agency | None, service: Service | None, capacity: Any, unit: str | None,
                    counties: Iterable[Any]) -> dict[str, str]:
    errors = {"capacity": quantity_error(capacity, "ظرفیت"), "unit": unit_error(unit, service),
              "counties": counties_error(agency, counties)}
    if service is not None and not service.is_active:
        errors["service"] = f"خدمت «{service.name}» دیگر در فهرست خدمات فعال نیست."
    return {k: v for k, v in errors.items() if v}


def need_errors(*, neighborhood: Any, service: Service | None, quantity: Any, unit: str | None) -> dict[str, str]:
    errors = {"quantity": quantity_error(quantity, "مقدار نیاز"), "unit": unit_error(unit, service)}
    if (not errors["quantity"] and service is not None and service.unit == Unit.PERSON
            and neighborhood is not None and neighborhood.population and int(quantity) > neighborhood.population):
        errors["quantity"] = (f"مقدار نیاز ({fa_int(int(quantity))} نفر) از جمعیت محله {neighborhood.name} "
                              f"({fa_int(neighborhood.population)} نفر) بیشتر است.")
    return {k: v for k, v in errors.items() if v}


FIELD_LABELS = {"capacity": "ظرفیت", "unit": "واحد", "counties": "شهرستان‌های تحت پوشش", "service": "خدمت",
                "quantity": "مقدار نیاز"}


def as_message(errors: dict[str, str]) -> str:
    return " ".join(f"{FIELD_LABELS.get(k, k)}: {v}" for k, v in errors.items())
