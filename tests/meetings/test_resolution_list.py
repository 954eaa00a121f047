"""The resolution list (issue 9, point 15): paged, a group the minutes named shown as its phrase and a
count, a card per resolution on a phone, and filters for the due date, the meeting's date, the county
and the neighborhood, the same on the page and in the API."""

import datetime
import re

import pytest
from django.urls import reverse

from mahalleh.core.roles import Role
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    CountyFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ResolutionFactory,
    user_with_role,
)

LIST = reverse("meetings:resolutions")
API = "/api/meetings/resolutions/"
ROW = re.compile(r'<tr data-testid="list-row"')


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client


def texts(client, **params) -> set[str]:
    page = client.get(LIST, params).content.decode()
    return set(re.findall(r"مقرر گردید اقدام شماره \d+ انجام شود\.", page))


def table(client, **params) -> str:
    """The list's table alone (the filters' choices name every agency too)."""
    page = client.get(LIST, params).content.decode()
    return page[page.index("<table"):page.index("</table>")]


def api_ids(client, **params) -> set[int]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["items"]}


def test_the_list_is_paged_fifty_a_page_and_every_page_is_reachable(signed_in, province):
    meeting = MeetingFactory(body=BodyFactory(province=province))
    for _ in range(61):
        ResolutionFactory(meeting=meeting)
    first = signed_in.get(LIST).content.decode()
    assert len(ROW.findall(first)) == 50
    assert "۶۱ مورد" in first and "صفحه ۱ از ۲" in first
    assert 'rel="next" href="?page=2"' in first
    second = signed_in.get(LIST, {"page": 2, "status": "open"}).content.decode()
    assert len(ROW.findall(second)) == 11
    assert 'href="?status=open&amp;page=1"' in second  # the filters survive paging
    assert len(ROW.findall(signed_in.get(LIST, {"page": "x"}).content.decode())) == 50  # not a page: page 1


def test_a_group_the_minutes_named_is_its_phrase_and_a_count_not_forty_names(signed_in, province):
    resolution = ResolutionFactory(meeting__body__province=province)
    members = [AgencyFactory(province=province, name=f"اداره کل عضو {i}") for i in range(40)]
    for i, agency in enumerate(members):
        AssignmentFactory(resolution=resolution, agency=agency, is_lead=i == 0,
                          written_as="کلیه دستگاه‌های اجرایی استان")
    lead = AgencyFactory(province=province, name="فرمانداری کرج")
    AssignmentFactory(resolution=ResolutionFactory(meeting=resolution.meeting), agency=lead, written_as="فرمانداری")
    cells = table(signed_in)
    assert "کلیه دستگاه‌های اجرایی استان (۴۰ دستگاه)" in cells
    assert cells.count("اداره کل عضو 17") == 1  # once, in the group's tooltip, not as a name in the cell
    assert "فرمانداری کرج</td>" in cells  # a phrase that stands for one agency: that agency's name
    export = signed_in.get(LIST, {"export": "csv"}).content.decode("utf-8-sig")
    assert "کلیه دستگاه‌های اجرایی استان (۴۰ دستگاه)" in export and "اداره کل عضو 17" not in export


def test_past_three_parts_the_rest_is_counted(signed_in, province):
    resolution = ResolutionFactory(meeting__body__province=province)
    for i in range(6):
        AssignmentFactory(resolution=resolution, agency=AgencyFactory(province=province, name=f"دستگاه همکار {i}"),
                          is_lead=i == 0)
    cells = table(signed_in)
    assert "و ۳ مورد دیگر" in cells and "دستگاه همکار 2" in cells and "دستگاه همکار 3" not in cells


def test_on_a_phone_each_resolution_is_a_card_with_its_columns_named(signed_in, province):
    ResolutionFactory(meeting__body__province=province)
    page = signed_in.get(LIST).content.decode()
    assert re.search(r'<table class="[^"]*\btable-cards\b', page)
    for label in ("مصوبه", "جلسه", "اقدام کننده", "سررسید", "وضعیت"):
        assert f'data-label="{label}"' in page
    assert 'data-bs-target="#list-filters"' in page  # the filters fold under a button on a phone


@pytest.fixture
def spread(province, county):
    """Four resolutions: two meetings a month apart, due dates a month apart, Karaj's body and a
    neighborhood of another county."""
    other = CountyFactory(province=province, name="نظرآباد")
    hood = NeighborhoodFactory(county=other, name="محله امیرآباد")
    province_body, karaj_body = BodyFactory(province=province), BodyFactory(province=province, county=county)
    early = MeetingFactory(body=province_body, date=datetime.date(2022, 7, 14))  # 1401/04/23
    late = MeetingFactory(body=karaj_body, date=datetime.date(2022, 8, 20))  # 1401/05/29
    rows = {
        "early_due_soon": ResolutionFactory(meeting=early, due_date=datetime.date(2022, 8, 1)),  # 1401/05/10
        "early_due_late": ResolutionFactory(meeting=early, due_date=datetime.date(2022, 10, 1)),  # 1401/07/09
        "late_in_hood": ResolutionFactory(meeting=late, due_date=datetime.date(2022, 9, 1)),  # 1401/06/10
        "early_in_hood": ResolutionFactory(meeting=early, due_date=None),
    }
    rows["late_in_hood"].neighborhoods.add(hood)
    rows["early_in_hood"].neighborhoods.add(hood, NeighborhoodFactory(county=other))
    return {"rows": rows, "county": county, "other": other, "hood": hood}


CASES = {
    "due range": (lambda s: {"due_from": "1401/05/01", "due_to": "1401/06/31"}, {"early_due_soon", "late_in_hood"}),
    "due from, Persian digits": (lambda s: {"due_from": "۱۴۰۱/۰۶/۰۱"}, {"early_due_late", "late_in_hood"}),
    "meeting dates": (lambda s: {"date_from": "1401/05/01", "date_to": "1401/05/31"}, {"late_in_hood"}),
    "meeting date to": (lambda s: {"date_to": "1401/04/23"}, {"early_due_soon", "early_due_late", "early_in_hood"}),
    # A county's resolutions: its bodies' meetings' and those naming one of its neighborhoods.
    "county of the body": (lambda s: {"county": s["county"].pk}, {"late_in_hood"}),
    "county of a neighborhood": (lambda s: {"county": s["other"].pk}, {"late_in_hood", "early_in_hood"}),
    "neighborhood": (lambda s: {"neighborhood": s["hood"].pk}, {"late_in_hood", "early_in_hood"}),
    "together": (lambda s: {"neighborhood": s["hood"].pk, "date_to": "1401/04/31"}, {"early_in_hood"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_filters_on_the_page_and_in_the_api_are_the_same(signed_in, spread, case):
    params, expected = CASES[case]
    query = params(spread)
    rows = spread["rows"]
    assert texts(signed_in, **query) == {rows[k].text for k in expected}
    assert api_ids(signed_in, **query) == {rows[k].pk for k in expected}
    page = signed_in.get(LIST, query).content.decode()
    assert len(ROW.findall(page)) == len(expected)  # each once, however many of its neighborhoods match


def test_a_mistyped_date_matches_nothing_rather_than_everything(signed_in, spread):
    assert texts(signed_in, due_from="1401/13/45") == set()


def test_the_county_and_neighborhood_choices_are_the_users_own(client, spread, county):
    far_county = CountyFactory(name="شهرستان دوردست")
    NeighborhoodFactory(county=far_county, name="محله دوردست")
    staff = user_with_role(Role.COUNTY, county=county)
    client.force_login(staff)
    page = client.get(LIST).content.decode()
    assert "محله امیرآباد" in page and "شهرستان دوردست" not in page and "محله دوردست" not in page
    assert texts(client, county=far_county.pk) == set()  # not one of its choices: matches nothing
