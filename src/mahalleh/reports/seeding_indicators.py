"""The demo's indicator catalog (a few per axis) and, for the demo's first target neighborhoods, each
indicator's baseline (early 1404), two or three measured values across 1404–1405 and a target (end of
1405). The catalog is admin-editable, so it is seeded here rather than in a migration; every row is
found or made by its natural key, so a second load writes nothing."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.jalali import from_jalali
from mahalleh.places.models import Neighborhood
from mahalleh.reports.models import Indicator, IndicatorValue

# axis code → (code, name, unit, higher is better, baseline range low–high, the target's change in %)
CATALOG: dict[str, list[tuple[str, str, str, bool, tuple[int, int], int]]] = {
    "health": [
        ("health-insurance", "پوشش بیمه سلامت خانوارها", "درصد", True, (55, 75), 20),
        ("health-screening", "غربالگری سلامت بزرگسالان", "درصد", True, (20, 40), 60),
    ],
    "social_cultural": [
        ("addiction-recovery", "بهبودیافتگان تحت پیگیری", "نفر", True, (15, 60), 40),
        ("cultural-programs", "برنامه‌های فرهنگی در ماه", "برنامه", True, (1, 4), 100),
    ],
    "construction_housing": [
        ("paved-alleys", "کوچه‌های آسفالت‌شده", "درصد", True, (40, 70), 25),
        ("sewage-network", "پوشش شبکه فاضلاب", "درصد", True, (30, 65), 30),
    ],
    "skills_employment": [
        ("unemployment", "نرخ بیکاری", "درصد", False, (14, 24), -25),
        ("skills-trained", "آموزش‌دیدگان مهارت فنی و حرفه‌ای", "نفر", True, (20, 80), 80),
    ],
    "sports_youth": [
        ("sports-space", "سرانه فضای ورزشی", "متر مربع", True, (0, 1), 100),
        ("youth-sports", "نوجوانان و جوانان عضو گروه‌های ورزشی", "نفر", True, (40, 150), 50),
    ],
    "women_family": [
        ("women-heads-supported", "زنان سرپرست خانوار تحت پوشش", "درصد", True, (35, 60), 35),
        ("women-active", "بانوان فعال در برنامه‌های محله", "نفر", True, (10, 40), 60),
    ],
    "education": [
        ("dropout", "بازماندگان از تحصیل", "نفر", False, (30, 90), -40),
        ("students-per-class", "تراکم دانش‌آموز در کلاس", "نفر", False, (32, 42), -15),
    ],
}
NEIGHBORHOODS = 8  # the target neighborhoods of highest priority get values
BASELINE = from_jalali(1404, 1, 20)
MEASURED = [from_jalali(1404, 7, 1), from_jalali(1405, 1, 20), from_jalali(1405, 7, 1)]
TARGET = from_jalali(1405, 12, 29)


def _share(*parts: object) -> float:
    """A fixed fraction in [0, 1) for the same inputs: the demo's figures do not move between loads."""
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def seed_indicator_catalog() -> int:
    """The catalog (found or made by code); returns how many indicators it has."""
    axes = {a.code: a for a in ServiceAxis.objects.all()}
    for axis_code, rows in CATALOG.items():
        axis = axes.get(axis_code)
        if axis is None:
            continue
        for order, (code, name, unit, higher, _range, _change) in enumerate(rows, start=1):
            Indicator.objects.get_or_create(code=code, defaults={
                "axis": axis, "name": name, "unit": unit, "higher_is_better": higher, "order": order,
                "description": "نمایشی: برای نشان دادن روند؛ تعریف و روش سنجش را دبیرخانه تعیین می‌کند."})
    return Indicator.objects.count()


def _value(low: int, high: int, share: float) -> Decimal:
    return Decimal(str(round(low + (high - low) * share, 1)))


def seed_demo_indicators(province_code: str = "alborz") -> int:
    """The catalog, and the values of the demo's first target neighborhoods; returns how many values there are."""
    seed_indicator_catalog()
    hoods = list(Neighborhood.objects.filter(county__province__code=province_code, is_target=True, is_demo=True)
                 .exclude(priority_rank=None).order_by("priority_rank")[:NEIGHBORHOODS])
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[r[0] for rows in CATALOG.values() for r in rows])}
    have = set(IndicatorValue.objects.filter(neighborhood__in=hoods).values_list("indicator_id", "neighborhood_id", "kind", "date"))
    for hood in hoods:
        for rows in CATALOG.values():
            for code, _name, _unit, _higher, (low, high), change in rows:
                indicator = indicators.get(code)
                if indicator is None:
                    continue
                base = _value(low, high, _share(code, hood.pk, "base"))
                goal = (base * (100 + change) / 100).quantize(Decimal("0.1"))
                points: list[tuple[str, datetime.date, Decimal]] = [("baseline", BASELINE, base), ("target", TARGET, goal)]
                for step, day in enumerate(MEASURED[: 2 + int(_share(code, hood.pk, "n") > 0.5)], start=1):
                    # Most move toward the target, a few slip back: a demo of both.
                    drift = (goal - base) * Decimal(str(round(step * 0.3 * (0.4 + _share(code, hood.pk, step)), 3)))
                    points.append(("measured", day, (base + drift).quantize(Decimal("0.1"))))
                for kind, day, value in points:
                    if (indicator.pk, hood.pk, kind, day) in have:
                        continue
                    IndicatorValue.objects.create(indicator=indicator, neighborhood=hood, kind=kind, date=day, value=value,
                                                  note="نمایشی")
    return IndicatorValue.objects.filter(neighborhood__in=hoods).count()
