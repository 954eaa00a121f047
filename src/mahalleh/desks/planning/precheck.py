"""A counting pre-check: what no plan can give, found by counting before any solving.

* an agency that more visits need than it has free Wednesdays (its unavailable dates and fixed desks
  removed, each Jalali month capped by the per-month limit) leaves ``needed - available`` of them without it;
* fewer desk places on the Wednesdays (province-wide, per county) than visits to plan leaves whole visits out;
* a neighborhood that needs more directors-general than a desk takes loses the extra ones.

Each finding carries a Persian reason and what would remedy it («یک معاون یا تیم دوم برای این دستگاه»).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from persiantools.digits import en_to_fa

from mahalleh.desks.planning.inputs import PlanInput
from mahalleh.desks.planning.prepared import Prepared, prepare

ShortfallKind = Literal["agency", "province", "county", "desk_size"]
DEPUTY_OFFER = "یک معاون یا تیم دوم برای این دستگاه"


@dataclass(frozen=True)
class Shortfall:
    kind: ShortfallKind
    needed: int
    available: int
    reason: str
    offer: str
    agency: str | None = None
    county: str | None = None
    neighborhood: str | None = None

    @property
    def missing(self) -> int:
        return self.needed - self.available


def fa(n: int) -> str:
    return en_to_fa(str(n))


def precheck(inp: PlanInput) -> list[Shortfall]:
    return precheck_prepared(prepare(inp))


def agency_capacity(p: Prepared, agency: str) -> int:
    """Desks the agency can still attend: its free Wednesdays, at most the month's limit in each month."""
    per_month = Counter(p.month[i] for i in p.free.get(agency, set()))
    return sum(min(count, p.month_left[(agency, m)]) for m, count in per_month.items())


def precheck_prepared(p: Prepared) -> list[Shortfall]:
    found: list[Shortfall] = []
    demand: Counter[str] = Counter()
    for v in p.visits:
        demand.update(p.demand(v))
    limit = p.inp.settings.desks_per_agency_per_month
    for agency, needed in sorted(demand.items()):
        available = agency_capacity(p, agency)
        if needed > available:
            name = p.agency_names.get(agency, agency)
            reason = (
                f"{name} در {fa(needed - available)} محله بیش از چهارشنبه‌های کاری سال نیاز است: "
                f"{fa(needed)} بازدید آن را می‌خواهند و تنها {fa(available)} چهارشنبه "
                f"(با سقف {fa(limit)} میز در ماه) برایش می‌ماند"
            )
            found.append(Shortfall("agency", needed, available, reason, DEPUTY_OFFER, agency=agency))
    places = sum(max(0, left) for left in p.day_left)
    if len(p.visits) > places:
        reason = (
            f"ظرفیت میزهای چهارشنبه استان ({fa(places)} میز) از {fa(len(p.visits))} بازدید لازم کمتر است"
        )
        found.append(Shortfall("province", len(p.visits), places, reason, "افزایش میزهای هر چهارشنبه استان"))
    by_county = Counter(p.hood[key].county for _, key in p.visits)
    for county, needed in sorted(by_county.items()):
        available = sum(
            min(max(0, p.county_day_left[(county, i)]), max(0, p.day_left[i])) for i in range(len(p.days))
        )
        if needed > available:
            reason = (
                f"ظرفیت میزهای چهارشنبه شهرستان {county} ({fa(available)} میز) "
                f"از {fa(needed)} بازدید لازم کمتر است"
            )
            found.append(
                Shortfall("county", needed, available, reason, "افزایش میزهای هر چهارشنبه شهرستان", county=county)
            )
    cap = p.inp.settings.directors_per_desk
    for v in p.visits:
        wanted = len(p.demand(v))
        if v[0] == "directors" and wanted > cap:
            name = p.hood[v[1]].name
            reason = f"محله {name} به {fa(wanted)} مدیر کل نیاز دارد و هر میز حداکثر {fa(cap)} مدیر کل می‌پذیرد"
            found.append(
                Shortfall(
                    "desk_size", wanted, cap, reason, "میز دوم برای این محله یا سقف بیشتر", neighborhood=v[1]
                )
            )
    return found
