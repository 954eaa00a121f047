"""The role dashboards (issue 12): each figure is the row count of the list it links to, at every role;
the filters narrow both; a bad date is a Persian message and the figures unfiltered; a constant number of
queries whatever the rows; the home page keeps the menu's cards."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mahalleh.core.jalali import format_jalali
from mahalleh.reports import dashboards
from tests.reports.dashboard_world import ROLES, build, cells, more

pytestmark = pytest.mark.django_db

GROUPS = {"resolutions", "problems_axis", "problems_category", "problems_status", "problem_medians", "desks",
          "attendance", "campaigns"}
AXISLESS = {"desks", "attendance", "campaigns"}  # the axis filter does not apply (the group says so)


def _list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def _dashboard(client, **query):
    response = client.get(reverse("home"), query)
    assert response.status_code == 200
    return response


@pytest.fixture
def world():
    return build()


@pytest.mark.parametrize("role", ROLES)
def test_every_figure_is_the_count_of_its_list(client, world, role):
    client.force_login(world.users[role])
    groups = _dashboard(client).context["groups"]
    linked = cells(groups)
    assert linked, role
    assert sum(value for *_, value, _ in [(g, r, v, u) for g, r, v, u in linked]) > 0, role
    for group, label, value, url in linked:
        assert _list_count(client, url) == value, (role, group, label, url)


def test_the_province_sees_every_group_and_its_own_province_only(client, world):
    client.force_login(world.users["secretariat"])
    response = _dashboard(client)
    groups = {g.key: g for g in response.context["groups"]}
    assert GROUPS | {"problems_place"} <= set(groups)
    assert {r.label for r in groups["problems_place"].rows} == {"کرج", "فردیس"}
    assert "اداره دور" not in response.content.decode()
    assert "داشبورد استان" in response.content.decode()


def test_the_national_dashboard_is_by_province(client, world):
    client.force_login(world.users["national"])
    groups = {g.key: g for g in _dashboard(client).context["groups"]}
    assert {r.label for r in groups["problems_place"].rows} == {"البرز", "استان دور"}


def test_overdue_and_on_time_are_the_lists(client, world):
    client.force_login(world.users["secretariat"])
    groups = {g.key: g for g in _dashboard(client).context["groups"]}
    sport = next(r for r in groups["resolutions"].rows if r.label == "اداره کل ورزش")
    opened, overdue, on_time = (c.value for c in sport.cells)
    # per body (two): ورزش leads the overdue one and the late one, and helps on the one done on time
    assert (opened, overdue, on_time) == (2, 2, 2)
    assert parse_qs(urlsplit(sport.cells[1].url).query)["status"] == ["overdue"]


@pytest.mark.parametrize("field", ["county", "axis", "agency"])
def test_a_filter_narrows_the_figures_and_their_lists(client, world, field):
    client.force_login(world.users["secretariat"])
    from mahalleh.agencies.models import ServiceAxis

    value = {"county": world.counties[1].pk, "axis": ServiceAxis.objects.get(code="t-sports").pk,
             "agency": world.agencies[1].pk}[field]
    unfiltered = _dashboard(client).context["groups"]
    ignored = {g.key for g in unfiltered if field in g.ignores}
    everything = sum(v for group, _, v, _ in cells(unfiltered) if group not in ignored)
    response = _dashboard(client, **{field: value})
    narrowed = [c for c in cells(response.context["groups"]) if c[0] not in ignored]
    assert 0 < sum(v for *_, v, _ in narrowed) < everything
    for group, _label, count, url in narrowed:
        if not (field == "axis" and group in AXISLESS):
            assert parse_qs(urlsplit(url).query)[field] == [str(value)]
        assert _list_count(client, url) == count


def test_a_jalali_period_filters_and_a_bad_date_says_so(client, world):
    client.force_login(world.users["secretariat"])
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    start = format_jalali(today - datetime.timedelta(days=12), persian_digits=True)
    response = _dashboard(client, date_from=start)
    narrowed = cells(response.context["groups"])
    for _group, _label, count, url in narrowed:
        assert _list_count(client, url) == count
    everything = cells(_dashboard(client).context["groups"])
    assert sum(v for *_, v, _ in narrowed) < sum(v for *_, v, _ in everything)

    bad = _dashboard(client, date_from="۱۴۰۵/۱۳/۴۰")
    page = bad.content.decode()
    assert "تاریخ نامعتبر است" in page and "ارقام بدون فیلتر" in page
    assert cells(bad.context["groups"]) == everything


def test_medians_are_the_rows_days(client, world):
    client.force_login(world.users["secretariat"])
    groups = {g.key: g for g in _dashboard(client).context["groups"]}
    import statistics

    from mahalleh.problems.models import Problem

    agency = world.agencies[0]
    rows = Problem.objects.filter(agency=agency, acknowledged_at__isnull=False)
    expected = round(statistics.median((p.acknowledged_at - p.created_at).total_seconds() / 86400 for p in rows), 1)
    row = next(r for r in groups["problem_medians"].rows if r.label == agency.name)
    assert row.cells[1].value == expected


def test_the_home_page_keeps_the_menus_cards_and_a_roleless_user_sees_no_figures(client, world):
    from tests.factories import UserFactory

    client.force_login(world.users["secretariat"])
    page = _dashboard(client).content.decode()
    assert 'data-testid="home-problems"' in page and 'data-testid="dashboard"' in page
    client.force_login(UserFactory())
    response = _dashboard(client)
    assert response.context["groups"] == [] and "هنوز نقشی به شما داده نشده است" in response.content.decode()


def test_a_registered_provider_adds_its_group(client, world):
    def compliance(request, filters):
        return dashboards.FigureGroup("monthly", "گزارش ماهانه", ["ارسال‌شده"], [])

    dashboards.register_figures(compliance)
    try:
        client.force_login(world.users["secretariat"])
        assert "monthly" in {g.key for g in _dashboard(client).context["groups"]}
    finally:
        dashboards.figure_providers.remove(compliance)


@pytest.mark.parametrize("role", ROLES)
def test_the_queries_do_not_grow_with_the_rows(client, world, role):
    client.force_login(world.users[role])
    _dashboard(client)  # warm: the session, the content types
    with CaptureQueriesContext(connection) as once:
        _dashboard(client)
    more(world, 2)
    with CaptureQueriesContext(connection) as thrice:
        _dashboard(client)
    assert len(thrice) == len(once), role
