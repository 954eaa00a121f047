"""Indicator values (issue 12, item 7): recording and correcting them (audited, scoped, checked), a
neighborhood's series per axis with its baseline and target, the list with its exports, the demo values."""

from __future__ import annotations

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.reports.indicators import Series, neighborhood_series
from mahalleh.reports.models import Indicator, IndicatorValue
from tests.factories import AgencyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role
from tests.reports.world import indicator


@pytest.fixture
def hood(county):
    return NeighborhoodFactory(county=county, name="حصار")


@pytest.fixture
def manager(hood):
    return user_with_role(Role.NEIGHBORHOOD, neighborhood=hood)


def record(client, hood, ind, **data):
    return client.post(reverse("reports:indicator_value_create", args=[hood.pk]),
                       {"indicator": ind.pk, "kind": "measured", "date": "۱۴۰۴/۰۷/۰۱", "value": "۱۲٫۵",
                        "idempotency_key": str(uuid.uuid4()), **data})


def test_a_value_is_recorded_in_jalali_with_persian_digits_and_audited(client, hood, manager):
    ind = indicator()
    client.force_login(manager)
    r = record(client, hood, ind)
    assert r.status_code == 302 and r["Location"] == reverse("reports:neighborhood_indicators", args=[hood.pk])
    value = IndicatorValue.objects.get()
    assert (value.date, value.value, value.recorded_by, value.neighborhood) == (
        datetime.date(2025, 9, 23), Decimal("12.5"), manager, hood)
    assert AuditEntry.objects.filter(content_type__model="indicatorvalue", object_id=str(value.pk)).exists()


def test_bad_values_are_refused_with_a_persian_message_and_nothing_saved(client, hood, manager):
    ind = indicator()
    client.force_login(manager)
    future = record(client, hood, ind, date="۱۴۹۹/۰۱/۰۱")
    assert future.status_code == 400 and "پس از امروز" in future.content.decode()
    assert record(client, hood, ind).status_code == 302
    twice = record(client, hood, ind)
    assert twice.status_code == 400 and "پیش‌تر ثبت شده است" in twice.content.decode()
    bad_date = record(client, hood, ind, date="۱۴۰۴/۱۳/۰۱")
    assert bad_date.status_code == 400 and "تاریخ نامعتبر" in bad_date.content.decode()
    assert IndicatorValue.objects.count() == 1
    # a target may lie ahead
    assert record(client, hood, ind, kind="target", date="۱۴۰۵/۱۲/۲۹", value="20").status_code == 302


def test_a_resent_form_records_once_and_an_edit_claims_its_version(client, hood, manager):
    ind = indicator()
    client.force_login(manager)
    key = str(uuid.uuid4())
    record(client, hood, ind, idempotency_key=key)
    record(client, hood, ind, idempotency_key=key)
    value = IndicatorValue.objects.get()
    url = reverse("reports:indicator_value_edit", args=[value.pk])
    data = {"indicator": ind.pk, "kind": "measured", "date": "۱۴۰۴/۰۷/۰۱", "value": "13", "version": 1}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "value": "14"})
    assert stale.status_code == 409
    value.refresh_from_db()
    assert value.value == 13 and value.version == 2


def test_only_the_neighborhoods_keepers_record_and_readers_of_other_provinces_see_nothing(client, hood, province):
    ind = indicator()
    client.force_login(user_with_role(Role.AGENCY, agency=AgencyFactory(province=province)))
    assert record(client, hood, ind).status_code == 404
    client.force_login(user_with_role(Role.SECRETARIAT, province=ProvinceFactory(name="قم", code="qom")))
    assert client.get(reverse("reports:neighborhood_indicators", args=[hood.pk])).status_code == 404
    assert not IndicatorValue.objects.exists()


def _values(hood, ind, *rows):
    for kind, date, value in rows:
        IndicatorValue.objects.create(indicator=ind, neighborhood=hood, kind=kind, date=date, value=value)


def test_the_series_has_the_baseline_the_measurements_in_order_the_target_and_the_progress(hood, secretariat):
    ind = indicator()
    indicator("unemployment", "نرخ بیکاری", higher_is_better=False)
    _values(hood, ind, ("target", datetime.date(2027, 3, 20), 20), ("measured", datetime.date(2026, 4, 9), 16),
            ("baseline", datetime.date(2025, 4, 9), 10), ("measured", datetime.date(2025, 9, 23), 14))
    [axis] = neighborhood_series(hood, secretariat)
    series = {s.indicator.code: s for s in axis.series}
    s = series["sports-space"]
    assert [v.value for v in s.measured] == [14, 16] and s.baseline.value == 10 and s.target.value == 20
    assert s.progress == 60
    assert s.chart()["line"].count(",") == 3  # the baseline and two measurements
    assert not series["unemployment"].has_values
    # the progress of a «lower is better» indicator is the way from its baseline down to its target
    down = Series(Indicator(name="x"), baseline=IndicatorValue(value=20), target=IndicatorValue(value=10),
                  measured=[IndicatorValue(value=15)])
    assert down.progress == 50


def test_the_series_page_and_the_list_with_its_export(client, hood, secretariat):
    ind = indicator()
    _values(hood, ind, ("baseline", datetime.date(2025, 4, 9), 10), ("measured", datetime.date(2025, 9, 23), Decimal("12.5")))
    client.force_login(secretariat)
    page = client.get(reverse("reports:neighborhood_indicators", args=[hood.pk])).content.decode()
    assert "سرانه فضای ورزشی" in page and "۱۲٫۵" in page and "<polyline" in page
    listing = client.get(reverse("reports:indicator_values"), {"neighborhood": hood.pk}).content.decode()
    assert "سرانه فضای ورزشی" in listing and "خط پایه" in listing and "ویرایش" in listing
    r = client.get(reverse("reports:indicator_values"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 3 and "سرانه فضای ورزشی" in rows[1] and Decimal("12.5") in [Decimal(str(c)) for c in rows[2] if isinstance(c, (int, float))]


def test_demo_indicators_are_seeded_once(db):
    from mahalleh.agencies.models import ServiceAxis
    from mahalleh.reports.seeding_indicators import CATALOG, seed_demo_indicators
    from tests.factories import CountyFactory

    for order, code in enumerate(CATALOG, start=1):
        ServiceAxis.objects.get_or_create(code=code, defaults={"name": code, "order": order})
    county = CountyFactory(province=ProvinceFactory(name="البرز", code="alborz"))
    for rank in (1, 2):
        NeighborhoodFactory(county=county, is_target=True, is_demo=True, priority_rank=rank)
    first = seed_demo_indicators()
    assert Indicator.objects.count() == 14 and first == IndicatorValue.objects.count() > 14 * 2 * 4
    assert seed_demo_indicators() == first  # a second load adds nothing
    for ind in Indicator.objects.all():
        kinds = set(IndicatorValue.objects.filter(indicator=ind).values_list("kind", flat=True))
        assert kinds == {"baseline", "measured", "target"}
