"""The year's desk plan (issue 11 §3): plans of generated provinces obey every rule (checked by the
independent ``plan_checker``), an over-needed agency gives exactly the visits it cannot make with a
Persian reason, a re-plan keeps held and announced desks, and the checker itself catches broken plans."""

from __future__ import annotations

import dataclasses
import datetime
import random

import pytest
from bench.plan_data import alborz, province, year_days

from mahalleh.desks.planning.inputs import (
    Agency,
    FixedDesk,
    Neighborhood,
    PlanInput,
    PlannedDesk,
    Settings,
    Unplanned,
)
from mahalleh.desks.planning.precheck import precheck
from mahalleh.desks.planning.solver import greedy, plan
from tests.desks.plan_checker import assert_valid, violations

FAST = {"time_limit_s": 1.5, "workers": 2}


def fast(inp: PlanInput, **changes: object) -> PlanInput:
    return dataclasses.replace(inp, settings=dataclasses.replace(inp.settings, **{**FAST, **changes}))


@pytest.fixture(scope="module")
def alborz_plan():
    inp = fast(alborz())
    return inp, plan(inp)


def test_alborz_plan_obeys_every_rule(alborz_plan):
    inp, result = alborz_plan
    assert_valid(inp, result)
    assert result.status in ("optimal", "feasible")
    assert result.bound <= result.objective
    assert len(inp.neighborhoods) == 66
    kinds = {d.kind for d in result.desks}
    assert kinds == {"directors", "county", "friday"}
    # Every visit is made here (the generated Alborz has the places), and the solver is no worse than greedy.
    assert not [u for u in result.unplanned if u.agency is None]
    assert result.objective <= greedy(inp).objective


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_generated_provinces_obey_every_rule(seed):
    rng = random.Random(seed)
    settings = Settings(
        desks_per_wednesday=rng.randint(2, 5),
        desks_per_wednesday_per_county=rng.randint(1, 2),
        directors_per_desk=rng.randint(2, 5),
        min_weeks_between_visits=rng.randint(0, 8),
        desks_per_agency_per_month=rng.randint(1, 4),
        **FAST,
    )
    inp = province(f"p{seed}", rng.randint(10, 40), seed=seed, settings=settings)
    for result in (plan(inp), greedy(inp)):
        assert_valid(inp, result)


def test_a_year_too_short_leaves_whole_visits_out_with_the_reason():
    inp = province("small", 30, seed=7, settings=Settings(desks_per_wednesday=1, **FAST))
    weeks = len(inp.wednesdays)
    result = plan(inp)
    assert_valid(inp, result)
    left_out = [u for u in result.unplanned if u.agency is None]
    assert len(left_out) == 60 - weeks
    assert all("ظرفیت میزهای چهارشنبه" in u.reason for u in left_out)


def _over_needed(hoods: int = 53) -> PlanInput:
    wednesdays, fridays = year_days(1405)
    counties = [f"شهرستان {i}" for i in range(8)]
    sport = Agency("sport", "اداره کل ورزش و جوانان")
    others = [Agency(f"a{i}", f"اداره کل {i}") for i in range(6)]
    neighborhoods = tuple(
        Neighborhood(
            key=f"n{i}", name=f"محله {i}", county=counties[i % 8], priority=i + 1,
            needs=("sport", others[i % 6].key), county_needs=(f"{counties[i % 8]}:edu",),
        )
        for i in range(hoods)
    )
    settings = Settings(desks_per_wednesday=4, desks_per_wednesday_per_county=2, directors_per_desk=4,
                        min_weeks_between_visits=2, desks_per_agency_per_month=5, **FAST)
    return PlanInput("test", 1405, wednesdays, neighborhoods, (sport, *others), settings=settings,
                     fridays={c: fridays for c in counties})


def test_an_over_needed_agency_misses_exactly_the_visits_beyond_its_wednesdays():
    inp = _over_needed()
    weeks = len(inp.wednesdays)
    assert 40 <= weeks <= 50
    short = [s for s in precheck(inp) if s.agency == "sport"]
    assert len(short) == 1 and short[0].missing == 53 - weeks
    result = plan(inp)
    assert_valid(inp, result)
    missing = [u for u in result.unplanned if u.agency == "sport"]
    assert len(missing) == 53 - weeks
    digits = str(53 - weeks).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    for u in missing:
        assert u.kind == "directors"
        assert f"اداره کل ورزش و جوانان در {digits} محله بیش از چهارشنبه‌های کاری سال نیاز است" in u.reason
        assert "یک معاون یا تیم دوم برای این دستگاه" in u.reason
    # The lowest priorities are the ones without the agency.
    assert {u.neighborhood for u in missing} == {f"n{i}" for i in range(weeks, 53)}
    assert not [u for u in result.unplanned if u.agency is None]


def test_replan_keeps_held_and_announced_desks():
    inp = fast(alborz(seed=3))
    first = plan(inp)
    desks = [d for d in first.desks if d.kind != "friday"]
    start = inp.wednesdays[12]
    past = [d for d in desks if d.date < start][:6]
    future = [d for d in desks if d.date >= start][:3]
    assert past and future
    fixed = tuple(
        FixedDesk(d.kind, d.neighborhood, d.county, d.date, d.agencies, "held") for d in past  # type: ignore[arg-type]
    ) + tuple(
        FixedDesk(d.kind, d.neighborhood, d.county, d.date, d.agencies, "announced") for d in future  # type: ignore[arg-type]
    )
    again = dataclasses.replace(inp, wednesdays=tuple(w for w in inp.wednesdays if w >= start), fixed=fixed)
    result = plan(again)
    assert_valid(again, result)
    for f in fixed:
        kept = [d for d in result.desks if d.kind == f.kind and d.neighborhood == f.neighborhood]
        assert kept == [PlannedDesk(f.kind, f.neighborhood, f.county, f.date, f.agencies, f.status)]
    assert all(d.date >= start for d in result.desks if d.status == "planned" and d.kind != "friday")


def _mutations(inp, result):
    """Ways to break a valid plan, each of which the checker must see."""
    desks = result.desks
    first = next(i for i, d in enumerate(desks) if d.kind == "directors" and d.agencies)
    d = desks[first]
    other = next(i for i, e in enumerate(desks) if e.kind == "directors" and e.date != d.date)
    friday = next(i for i, e in enumerate(desks) if e.kind == "friday")

    def replace(i, **changes):
        return dataclasses.replace(result, desks=[*desks[:i], dataclasses.replace(desks[i], **changes), *desks[i + 1:]])

    yield "on a Thursday", replace(first, date=d.date + datetime.timedelta(days=1))
    yield "not a working Wednesday", replace(first, date=d.date + datetime.timedelta(days=7 * 60))
    yield "agency twice a day", replace(other, date=d.date, agencies=d.agencies)
    yield "desk dropped", dataclasses.replace(result, desks=[e for i, e in enumerate(desks) if i != first])
    yield "desk doubled", dataclasses.replace(result, desks=[*desks, d])
    yield "need dropped silently", replace(first, agencies=d.agencies[1:])
    yield "too many directors", replace(first, agencies=(*d.agencies, *[f"x{i}" for i in range(8)]))
    yield "friday moved", replace(friday, date=desks[friday].date + datetime.timedelta(days=7))
    yield "empty reason", dataclasses.replace(result, unplanned=[Unplanned("directors", d.neighborhood, None, "")])


def test_the_checker_catches_broken_plans(alborz_plan):
    inp, result = alborz_plan
    assert violations(inp, result) == []
    for name, broken in _mutations(inp, result):
        assert violations(inp, broken), name


def test_the_checker_catches_limits_and_fixed_desks():
    inp = _over_needed(20)
    result = plan(inp)
    assert_valid(inp, result)
    tight = fast(inp, desks_per_wednesday=1)
    assert violations(tight, result)  # more desks a Wednesday than allowed
    spaced = fast(inp, min_weeks_between_visits=60)
    assert violations(spaced, result)  # two visits closer than the weeks between them
    monthly = fast(inp, desks_per_agency_per_month=1)
    assert violations(monthly, result)
    d = next(d for d in result.desks if d.kind == "directors")
    moved = dataclasses.replace(inp, fixed=(FixedDesk("directors", d.neighborhood, d.county,  # type: ignore[arg-type]
                                                      d.date + datetime.timedelta(days=7), d.agencies, "held"),))
    assert violations(moved, result)
    busy = dataclasses.replace(inp, agencies=tuple(
        dataclasses.replace(a, unavailable=frozenset({d.date})) if a.key in d.agencies else a for a in inp.agencies
    ))
    assert violations(busy, result)
