"""The per-user iCalendar feed: a secret URL, revocable; what it holds is what the user's scope reads."""

import datetime

import pytest
from django.urls import reverse

from mahalleh.core.roles import Role
from mahalleh.desks import ics
from mahalleh.desks.models import CalendarFeed, Desk, DeskAgency
from tests.desks.conftest import WEDNESDAY
from tests.factories import CountyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "a line longer than 75 octets"
    return text.replace("\r\n ", "").split("\r\n")


def events(text: str) -> list[dict[str, str]]:
    out, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            out.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return out


def test_the_feed_holds_the_users_desks_in_utc_and_nothing_of_another_province(client, hesar, secretariat, sport):
    desk = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hesar.county, neighborhood=hesar, date=WEDNESDAY,
                               end_time=datetime.time(17, 4), place="خانه محله حصار، خیابان اصلی; پلاک ۱")
    DeskAgency.objects.create(desk=desk, agency=sport)
    far = NeighborhoodFactory(county=CountyFactory(province=ProvinceFactory(code="qom")), name="محله دور")
    Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=far.county, neighborhood=far, date=WEDNESDAY, end_time=datetime.time(17, 0))
    focal = user_with_role(Role.AGENCY, agency=sport)
    client.force_login(focal)
    page = client.get(reverse("desks:feed")).content.decode()
    token = CalendarFeed.objects.get(user=focal).token
    assert token in page
    client.logout()  # a phone's calendar has no session
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    found = events(response.content.decode())
    assert [e["UID"] for e in found] == [f"desk-{desk.pk}@mahalleh"]
    assert found[0]["DTSTART"] == "20261209T113000Z"  # 15:00 in Tehran
    assert found[0]["DTEND"] == "20261209T133400Z"  # 17:04 in Tehran
    assert found[0]["LOCATION"] == "خانه محله حصار، خیابان اصلی\\; پلاک ۱"
    assert "حصار" in found[0]["SUMMARY"]


def test_a_revoked_feed_answers_404_and_a_new_one_is_made(client, secretariat):
    client.force_login(secretariat)
    client.get(reverse("desks:feed"))
    old = CalendarFeed.objects.get().token
    client.post(reverse("desks:feed"))
    client.get(reverse("desks:feed"))
    new = CalendarFeed.objects.get(revoked_at__isnull=True).token
    assert new != old
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
    assert client.get(reverse("calendar_feed", args=["guess"])).status_code == 404


def test_long_persian_lines_fold_without_splitting_a_letter():
    text = ics.render([ics.Event("x@m", "میز خدمت محله با مدیران کل استان — " * 4, datetime.date(2026, 12, 9))])
    lines = unfold(text)
    assert any(line.startswith("SUMMARY:میز خدمت") for line in lines)
    text.encode().decode()  # every folded piece is whole UTF-8
