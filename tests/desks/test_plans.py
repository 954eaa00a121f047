"""The year's plan from the database and back: inputs read from the province (needs from prioritized
open problems, working Wednesdays, unavailable dates, held desks), the plan checked by the independent
checker, the ``plan-visits --json`` object, saving, and a re-plan that keeps the held desk."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from mahalleh.agencies.models import AgencyLevel, ServiceAxis
from mahalleh.core.roles import Role
from mahalleh.desks import plans
from mahalleh.desks.models import AgencyUnavailability, Desk, DeskAgency, DeskPlan, NeighborhoodNeed
from mahalleh.problems.models import Category, Problem
from tests.desks.plan_checker import assert_valid
from tests.factories import AgencyFactory, CountyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role

pytestmark = pytest.mark.django_db
YEAR = 1406  # a coming year: planned whole
TODAY = datetime.date(2026, 12, 3)


def _minutes(t: datetime.time) -> int:
    return t.hour * 60 + t.minute


def _maghrib(lat: float, lon: float, day: datetime.date) -> datetime.time:
    """Maghrib by the Tehran method straight from ``salat`` (not through ``core.maghrib``)."""
    from zoneinfo import ZoneInfo

    from salat.methods import AsrMethod, CalculationMethod, PrayerTimes

    zone = ZoneInfo("Asia/Tehran")
    moment = PrayerTimes(CalculationMethod.TEHRAN, AsrMethod.STANDARD).calc_times(day, zone, lon, lat)["maghrib"]
    return moment.astimezone(zone).time()


@pytest.fixture
def world():
    province = ProvinceFactory(name="البرز", code="alborz")
    counties = [CountyFactory(province=province, name=name, latitude=35.8, longitude=50.9) for name in ("کرج", "نظرآباد")]
    hoods = [NeighborhoodFactory(county=counties[i % 2], name=f"محله {i}", latitude=35.8, longitude=50.9) for i in range(6)]
    sport = AgencyFactory(province=province, name="اداره کل ورزش و جوانان")
    water = AgencyFactory(province=province, name="شرکت آب و فاضلاب")
    branch = AgencyFactory(province=province, county=counties[0], level=AgencyLevel.COUNTY, parent=sport,
                           name="اداره ورزش کرج")
    axis = ServiceAxis.objects.create(code="sport", name="ورزش", order=1)
    hall = Category.objects.create(axis=axis, code="hall", name="سالن ورزشی", service_days=20)
    for i, hood in enumerate(hoods):
        Problem.objects.create(neighborhood=hood, category=hall, agency=branch if i == 0 else sport,
                               description="سالن", tracking_code=f"1000000000{i}", priority_rank=i + 1)
    NeighborhoodNeed.objects.create(neighborhood=hoods[5], agency=water)
    return {"province": province, "counties": counties, "hoods": hoods, "sport": sport, "water": water,
            "branch": branch}


def test_inputs_come_from_the_province(world):
    prepared = plans.build_input(world["province"], YEAR, today=TODAY)
    inp = prepared.input
    first, _ = plans.year_bounds(YEAR)
    assert prepared.start == first and all(d.weekday() == 2 for d in inp.wednesdays)
    assert datetime.date(2027, 3, 24) not in inp.wednesdays  # Nowruz holidays are no working Wednesdays
    by_name = {n.name: n for n in inp.neighborhoods}
    sport, water, branch = (str(world[k].pk) for k in ("sport", "water", "branch"))
    assert by_name["محله 0"].priority == 1 and by_name["محله 0"].needs == (sport,)  # the branch's provincial parent
    assert by_name["محله 0"].county_needs == (branch,)
    assert by_name["محله 5"].needs == (sport, water)  # added by hand
    assert by_name["محله 0"].county == "کرج"


def test_the_plan_keeps_every_rule_and_a_replan_keeps_the_held_desk(world):
    away = datetime.date(2027, 4, 7)
    AgencyUnavailability.objects.create(agency=world["sport"], date=away)
    prepared, result = plans.run(world["province"], YEAR, today=TODAY, time_limit_s=2)
    assert_valid(prepared.input, result)
    assert not any(away == d.date and str(world["sport"].pk) in d.agencies for d in result.desks)
    secretariat = user_with_role(Role.SECRETARIAT, province=world["province"])
    plan = plans.save_plan(prepared, result, actor=secretariat)
    saved = Desk.objects.filter(plan=plan)
    for desk in saved.select_related("neighborhood", "county"):  # Maghrib, computed here on its own
        place = desk.neighborhood or desk.county
        assert abs(_minutes(desk.end_time) - _minutes(_maghrib(place.latitude, place.longitude, desk.date))) <= 1
        assert desk.end_time > datetime.time(15, 0) and desk.start_time == datetime.time(15, 0)
    assert saved.filter(kind=Desk.Kind.DIRECTORS).count() == 6 and DeskPlan.objects.count() == 1
    held = saved.filter(kind=Desk.Kind.DIRECTORS).order_by("date").first()
    held.status = Desk.Status.HELD
    held.save()
    guests = set(held.agencies.values_list("agency", flat=True))
    prepared, again = plans.run(world["province"], YEAR, today=TODAY, time_limit_s=2)
    assert_valid(prepared.input, again)
    kept = [d for d in again.desks if d.status == "held"]
    assert [(d.neighborhood, d.date) for d in kept] == [(str(held.neighborhood_id), held.date)]
    plans.save_plan(prepared, again, actor=secretariat)
    held.refresh_from_db()
    assert held.status == Desk.Status.HELD and set(held.agencies.values_list("agency", flat=True)) == guests
    assert Desk.objects.filter(neighborhood=held.neighborhood, kind=Desk.Kind.DIRECTORS).count() == 1
    assert DeskAgency.objects.filter(desk__plan__isnull=False).exists()


def test_an_answer_to_a_planned_desk_stays_when_the_new_plan_keeps_that_desk(world):
    secretariat = user_with_role(Role.SECRETARIAT, province=world["province"])
    prepared, result = plans.run(world["province"], YEAR, today=TODAY, time_limit_s=2)
    plans.save_plan(prepared, result, actor=secretariat)
    answered = DeskAgency.objects.select_related("desk").order_by("desk__date", "pk").last()
    answered.answer, answered.deputy_name = DeskAgency.Answer.DEPUTY, "رضا کریمی"
    answered.save()
    where = (answered.desk.kind, answered.desk.neighborhood_id, answered.desk.date, answered.agency_id)
    untouched = list(DeskAgency.objects.exclude(pk=answered.pk).values_list("answer", flat=True))
    plans.save_plan(prepared, result, actor=secretariat)  # the same desks again, as new rows
    kept = DeskAgency.objects.get(desk__kind=where[0], desk__neighborhood_id=where[1], desk__date=where[2], agency_id=where[3])
    assert kept.pk != answered.pk and (kept.answer, kept.deputy_name) == (DeskAgency.Answer.DEPUTY, "رضا کریمی")
    assert set(untouched) == {DeskAgency.Answer.INVITED}


def test_plan_visits_prints_one_json_object(world):
    out = io.StringIO()
    call_command("plan-visits", province="alborz", year=YEAR, json=True, time_limit=2, stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"province", "year", "status", "objective", "bound", "desks", "unplanned"}
    assert data["province"] == "البرز" and data["year"] == YEAR and data["status"] in ("optimal", "feasible")
    assert data["bound"] <= data["objective"] + 1e-6
    directors = [d for d in data["desks"] if d["kind"] == "directors"]
    assert {d["neighborhood"] for d in directors} == {f"محله {i}" for i in range(6)}
    for d in data["desks"]:
        assert set(d) == {"kind", "status", "neighborhood", "county", "date_jalali", "start", "end", "agencies"}
        y = int(d["date_jalali"].split("/")[0])
        assert y == YEAR and d["start"] == "15:00" and d["end"] > "15:00"
    assert any("اداره کل ورزش و جوانان" in d["agencies"] for d in directors)
    assert not Desk.objects.exists()  # without --save nothing is written
