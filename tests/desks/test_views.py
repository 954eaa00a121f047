"""The desk pages end to end over the test client: plan a year, see it on the calendar and the coverage
matrix; hold the day (problems through the desk's intake, sign-ups), the summary PDF, the read log."""

import datetime
import io
import uuid

import pytest
from django.urls import reverse
from pypdf import PdfReader

from mahalleh.core.roles import Role
from mahalleh.desks.models import Desk, DeskPlan, SignUpRead
from mahalleh.problems.models import Problem
from tests.desks.test_plans import YEAR, world  # noqa: F401  (the fixture)
from tests.factories import user_with_role
from tests.minutes.test_export import _pdf_text

pytestmark = pytest.mark.django_db


def test_plan_a_year_then_see_it_on_the_calendar_and_the_coverage(client, world):  # noqa: F811
    secretariat = user_with_role(Role.SECRETARIAT, province=world["province"])
    client.force_login(secretariat)
    response = client.post(reverse("desks:plan"), {"year": YEAR, "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 302
    plan = DeskPlan.objects.get()
    first = Desk.objects.filter(plan=plan, kind=Desk.Kind.DIRECTORS).order_by("date").first()
    page = client.get(reverse("desks:plan")).content.decode()
    assert "مقدار هدف" in page and "کران" in page
    from mahalleh.core.jalali import to_jalali

    j = to_jalali(first.date)
    month = client.get(reverse("desks:calendar"), {"year": j.year, "month": j.month}).content.decode()
    assert first.neighborhood.name in month
    matrix = client.get(reverse("desks:coverage"), {"year": YEAR}).content.decode()
    assert "اداره کل ورزش و جوانان" in matrix and 'data-state="planned"' in matrix


def test_the_desk_day_and_its_summary_pdf(client, world):  # noqa: F811
    hood = world["hoods"][0]
    county_user = user_with_role(Role.COUNTY, county=hood.county)
    desk = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hood.county, neighborhood=hood, status=Desk.Status.ANNOUNCED,
                               date=datetime.date(2026, 12, 2), end_time=datetime.time(17, 5))
    client.force_login(county_user)
    from mahalleh.problems.models import Category

    hall = Category.objects.get(code="hall")
    for text in ("سالن ورزشی سرپوشیده ندارد", "زمین چمن خراب است", "استخر نیست"):
        r = client.post(reverse("desks:desk_intake", args=[desk.pk]),
                        {"neighborhood": hood.pk, "category": hall.pk, "description": text, "source": "service_desk",
                         "idempotency_key": str(uuid.uuid4())})
        assert r.status_code == 302, r.content.decode()[:500]
    for name in ("مریم رضایی", "سارا احمدی"):
        r = client.post(reverse("desks:signup_create", args=[desk.pk]),
                        {"program": "ورزش بانوان", "name": name, "mobile": "۰۹۱۲۱۱۱۲۲۳۳", "age_group": "adult",
                         "idempotency_key": str(uuid.uuid4())})
        assert r.status_code == 302
    assert desk.problems.count() == 3 and Problem.objects.filter(neighborhood=hood).count() == 4
    bad = client.post(reverse("desks:signup_create", args=[desk.pk]),
                      {"program": "ورزش", "name": "x", "mobile": "123", "age_group": "adult", "idempotency_key": str(uuid.uuid4())})
    assert bad.status_code == 400 and "تلفن همراه معتبر نیست" in bad.content.decode()
    pdf = client.get(reverse("desks:desk_summary", args=[desk.pk]), {"format": "pdf"})
    data = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = _pdf_text(data)
    assert pdf["Content-Type"] == "application/pdf" and len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert "سالن ورزشی" in text and "ورزش بانوان" in text
    page = client.get(reverse("desks:signups", args=[desk.pk])).content.decode()
    assert "مریم رضایی" in page and SignUpRead.objects.get().rows == 2
    national = user_with_role(Role.NATIONAL)
    client.force_login(national)
    assert "مریم رضایی" not in client.get(reverse("desks:desk", args=[desk.pk])).content.decode()
    assert client.get(reverse("desks:signups", args=[desk.pk])).status_code == 404


def test_after_a_desk_intake_the_next_problem_is_recorded_at_the_same_desk(client, world):  # noqa: F811
    hood = world["hoods"][1]
    desk = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=hood.county, neighborhood=hood, status=Desk.Status.ANNOUNCED,
                               date=datetime.date(2026, 12, 2), end_time=datetime.time(17, 5))
    client.force_login(user_with_role(Role.COUNTY, county=hood.county))
    from mahalleh.problems.models import Category

    r = client.post(reverse("desks:desk_intake", args=[desk.pk]),
                    {"neighborhood": hood.pk, "category": Category.objects.get(code="hall").pk, "description": "سالن",
                     "source": "service_desk", "idempotency_key": str(uuid.uuid4())})
    received = client.get(r["Location"]).content.decode()
    assert f'href="{reverse("desks:desk_intake", args=[desk.pk])}"' in received
    elsewhere = client.get(r["Location"].split("?")[0] + "?next=https://evil.example/").content.decode()
    assert "evil.example" not in elsewhere
    sw = client.get("/sw.js").content.decode()
    assert r"^/desks/\\d+/intake/$" in sw  # the desk's intake page is kept for a dead network too


def test_a_desk_scheduled_by_the_page_is_announced_by_the_resolution_chosen(client, world):  # noqa: F811
    from tests.factories import BodyFactory, MeetingFactory, ResolutionFactory

    hood = world["hoods"][2]
    resolution = ResolutionFactory(meeting=MeetingFactory(body=BodyFactory(province=world["province"]),
                                                          date=datetime.date(2026, 12, 1)),
                                   text=f"میز خدمت بعدی در محله {hood.name} برگزار شود.")
    client.force_login(user_with_role(Role.SECRETARIAT, province=world["province"]))
    friday = client.post(reverse("desks:desk_create"), {"kind": "directors", "neighborhood": hood.pk, "date": "۱۴۰۵/۰۹/۲۰",
                                                        "idempotency_key": str(uuid.uuid4())})
    assert friday.status_code == 400 and "چهارشنبه" in friday.content.decode() and not Desk.objects.exists()
    r = client.post(reverse("desks:desk_create"), {"kind": "directors", "neighborhood": hood.pk, "date": "۱۴۰۵/۰۹/۱۸",
                                                   "announced_by": resolution.pk, "idempotency_key": str(uuid.uuid4())})
    assert r.status_code == 302
    desk = Desk.objects.get()
    assert desk.status == Desk.Status.ANNOUNCED and desk.announced_by == resolution
    assert desk.agencies.filter(agency=world["sport"]).exists()  # its prioritized problem calls for sport


def test_the_calendar_opens_on_tehrans_month_not_the_servers(client, secretariat, monkeypatch):
    """At 21:00 UTC on 20 March 2026 it is already 00:30 of 1405/01/01 in Tehran: the calendar opens on
    Farvardin 1405, not on Esfand 1404 (the server's own date, in UTC)."""
    from django.utils import timezone as django_timezone

    moment = datetime.datetime(2026, 3, 20, 21, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(django_timezone, "now", lambda: moment)
    client.force_login(secretariat)
    html = client.get(reverse("desks:calendar")).content.decode()
    assert "فروردین ۱۴۰۵" in html and "اسفند ۱۴۰۴" not in html.split("فروردین ۱۴۰۵")[0][-200:]
