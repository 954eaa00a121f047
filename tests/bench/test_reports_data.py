"""Issue 12's part of the benchmark generator at a tiny scale: a Jalali year of desks (one directors and one
county desk per target neighborhood, each county's Friday desk every two weeks) with 3–5 invited agencies,
and the monthly reports of the required agencies with 2–3 service lines each."""

import datetime
from collections import Counter

import pytest
from bench.generate import generate, reset_data

from mahalleh.core.jalali import from_jalali
from mahalleh.desks.models import CampaignVisit, Desk, DeskAgency
from mahalleh.places.models import County, Neighborhood, Province
from mahalleh.reports import monthly
from mahalleh.reports.monthly_models import MonthlyReport, MonthlyServiceLine

SCALE = 0.002
TODAY = datetime.date(2025, 11, 1)  # 1404/08/10


@pytest.fixture
def generated(db):
    return generate(scale=SCALE, today=TODAY, log=lambda _line: None)


def test_a_year_of_desks_per_neighborhood_and_county(generated):
    first, last = from_jalali(1404, 1, 1), from_jalali(1405, 1, 1) - datetime.timedelta(days=1)
    desks = Desk.objects.all()
    assert generated.counts["desks"] == desks.count() > 0
    assert not desks.exclude(date__range=(first, last)).exists()
    per_hood = Counter(desks.exclude(kind="friday").values_list("neighborhood_id", "kind"))
    hoods = Neighborhood.objects.filter(is_target=True).count()
    assert len(per_hood) == 2 * hoods and set(per_hood.values()) == {1}
    fridays = Counter(desks.filter(kind="friday").values_list("county_id", flat=True))
    assert set(fridays) == set(County.objects.values_list("pk", flat=True)) and set(fridays.values()) <= {26, 27}
    assert all(d.weekday() == 4 for d in desks.filter(kind="friday").values_list("date", flat=True))
    # done or not by the date; planned or announced from today
    assert set(desks.filter(date__lt=TODAY).values_list("status", flat=True)) == {"held", "missed", "cancelled"}
    assert set(desks.filter(date__gte=TODAY).values_list("status", flat=True)) <= {"planned", "announced"}
    assert Counter(desks.filter(date__lt=TODAY).values_list("status", flat=True)).most_common(1)[0][0] == "held"
    invited = Counter(DeskAgency.objects.values_list("desk_id", flat=True))
    assert len(invited) == desks.count() and set(invited.values()) <= {3, 4, 5}
    assert generated.counts["desk_agencies"] == DeskAgency.objects.count()
    assert not DeskAgency.objects.filter(agency__kind="governorate").exists()
    assert CampaignVisit.objects.count() == hoods


def test_monthly_reports_of_the_required_agencies_most_filed_some_late_some_missing(generated):
    months = range(1, 8)  # 1404/01 .. 1404/07: the months before today's
    for province in Province.objects.all():
        required = set(monthly.required_agencies(province).values_list("pk", flat=True))
        assert required
        rows = MonthlyReport.objects.filter(province=province)
        assert set(rows.values_list("agency_id", flat=True)) <= required
        assert set(rows.values_list("year", "month").distinct()) == {(1404, m) for m in months}
    states: Counter[str] = Counter()
    for province in Province.objects.all():
        for m in months:
            month = monthly.Month(1404, m)
            for state in (monthly.State.ON_TIME, monthly.State.LATE, monthly.State.NOT_FILED):
                states[state] += monthly.month_rows(province, month, state=state, today=TODAY).count()
    total = sum(states.values())
    assert states[monthly.State.ON_TIME] > total / 2
    assert 0 < states[monthly.State.LATE] < total / 3 and 0 < states[monthly.State.NOT_FILED] < total / 3
    assert MonthlyReport.objects.filter(status="accepted").exists() and MonthlyReport.objects.filter(status="returned").exists()
    lines = Counter(MonthlyServiceLine.objects.values_list("report_id", flat=True))
    assert len(lines) == MonthlyReport.objects.count() and set(lines.values()) <= {2, 3}
    assert generated.counts["monthly_service_lines"] == sum(lines.values())


def test_same_seed_same_desks_and_reset_empties_them(generated):
    before = list(Desk.objects.order_by("pk").values_list("date", "status"))
    reports = list(MonthlyReport.objects.order_by("pk").values_list("agency__name", "month", "filed_on", "status"))
    generate(scale=SCALE, today=TODAY, reset=True, log=lambda _line: None)
    assert list(Desk.objects.order_by("pk").values_list("date", "status")) == before
    assert list(MonthlyReport.objects.order_by("pk").values_list("agency__name", "month", "filed_on", "status")) == reports
    reset_data()
    assert not Desk.objects.exists() and not MonthlyReport.objects.exists() and not MonthlyServiceLine.objects.exists()
