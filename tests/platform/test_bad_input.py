"""Input that used to be a server error is a validation error (issue 9, points 4 and 6): a Persian message on
the page (the form shows it, the page answers), a 400/422 JSON error in the API, never a 500.

Run on SQLite and on PostgreSQL (``DATABASE_URL=postgres://…``): the overflows differ (SQLite raises
``OverflowError``, PostgreSQL ``NumericValueOutOfRange``). Each case is its own test, so that one error
does not abort the transaction the next one runs in.
"""

import datetime
import time
import uuid

import pytest
from django.test import override_settings
from django.urls import reverse

from mahalleh.accounts.models import ApiToken
from mahalleh.core.forms import JalaliDateField
from mahalleh.meetings import services
from mahalleh.meetings.deadlines import parse_deadline
from mahalleh.meetings.models import Meeting, Resolution
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

TWENTY_DIGITS = 10**20  # past a bigint (2⁶³−1 ≈ 9.2·10¹⁸)
BEYOND_BIGINT = 2**63
THOUSANDS_OF_WORDS = " ".join(f"واژه{i}" for i in range(5000))

LIST_PAGES = ["places:neighborhoods", "agencies:agencies", "meetings:meetings", "meetings:resolutions", "meetings:bodies"]
LIST_APIS = ["/api/places/neighborhoods/", "/api/agencies/", "/api/meetings/", "/api/meetings/resolutions/",
             "/api/meetings/bodies/"]


@pytest.fixture
def world(province, county, secretariat):
    agency = AgencyFactory(province=province, name="اداره کل آب و فاضلاب")
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان البرز")
    meeting = MeetingFactory(body=body, date=datetime.date(2022, 7, 14), narrative="آب شرب محله")
    resolution = ResolutionFactory(meeting=meeting, text="مقرر گردید آب شرب محله تأمین شود.")
    AssignmentFactory(resolution=resolution, agency=agency)
    return {"hood": NeighborhoodFactory(county=county), "agency": agency, "body": body, "meeting": meeting,
            "resolution": resolution}


@pytest.fixture
def page(client, secretariat, world):
    client.force_login(secretariat)
    client.raise_request_exception = False  # a server error is a 500 to assert on, not an exception
    return client


@pytest.fixture
def api(client, secretariat, world):
    _, key = ApiToken.issue(secretariat, "bad-input")
    client.raise_request_exception = False
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


# ---- point 4: a search of thousands of words ---------------------------------------------------------------


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_search_of_thousands_of_words_is_refused_on_the_page_with_a_message(page, name):
    started = time.monotonic()
    response = page.get(reverse(name), {"q": THOUSANDS_OF_WORDS})
    assert time.monotonic() - started < 10  # before: half a minute to seven minutes, then a 500
    assert response.status_code == 200
    assert response.context["object_list"] == []
    errors = response.context["filter_form"].errors["q"]
    assert errors == ["جستجو حداکثر ۸ واژه و ۱۰۰ نویسه می‌پذیرد؛ عبارت را کوتاه‌تر کنید."]
    assert errors[0] in response.content.decode()


@pytest.mark.parametrize("url", LIST_APIS)
def test_a_search_of_thousands_of_words_is_a_400_in_the_api(api, url):
    started = time.monotonic()
    response = api.get(url, {"q": THOUSANDS_OF_WORDS})
    assert time.monotonic() - started < 10
    assert response.status_code == 400
    assert response.json()["detail"] == "جستجو: جستجو حداکثر ۸ واژه و ۱۰۰ نویسه می‌پذیرد؛ عبارت را کوتاه‌تر کنید."


@pytest.mark.parametrize("name", LIST_PAGES)
def test_one_word_longer_than_the_limit_is_refused_too(page, name):
    response = page.get(reverse(name), {"q": "آ" * 101})
    assert response.status_code == 200 and "q" in response.context["filter_form"].errors


def test_a_search_within_the_bounds_still_finds(page, api):
    found = page.get(reverse("meetings:resolutions"), {"q": "آب شرب محله تأمین"})
    assert [r.text for r in found.context["object_list"]] == ["مقرر گردید آب شرب محله تأمین شود."]
    assert api.get("/api/meetings/", {"q": "آب شرب"}).json()["count"] == 1


@override_settings(SEARCH_MAX_WORDS=2, SEARCH_MAX_LENGTH=20)
def test_the_bounds_come_from_the_settings(page):
    response = page.get(reverse("meetings:meetings"), {"q": "آب شرب محله"})
    assert response.context["filter_form"].errors["q"] == ["جستجو حداکثر ۲ واژه و ۲۰ نویسه می‌پذیرد؛ عبارت را کوتاه‌تر کنید."]
    assert page.get(reverse("meetings:meetings"), {"q": "آب شرب"}).context["filter_form"].is_valid()


# ---- point 6: limit and offset past 2⁶³, ids of twenty digits ----------------------------------------------


@pytest.mark.parametrize("url", LIST_APIS)
@pytest.mark.parametrize("params", [{"limit": BEYOND_BIGINT}, {"offset": BEYOND_BIGINT}, {"limit": 0},
                                    {"offset": -1}, {"limit": 1001}, {"offset": BEYOND_BIGINT - 1, "limit": 1000}])
def test_a_page_past_the_bounds_is_a_422(api, url, params):
    response = api.get(url, params)
    if params == {"offset": BEYOND_BIGINT - 1, "limit": 1000}:  # the largest offset a database takes: no rows
        assert response.status_code == 200 and response.json()["items"] == []
        return
    assert response.status_code == 422
    assert all(persian(error["msg"]) for error in response.json()["detail"])


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("number", [str(BEYOND_BIGINT * 2), "-1", "۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹"])
def test_a_page_number_past_the_bounds_shows_the_first_page(page, name, number):
    assert page.get(reverse(name), {"page": number}).status_code == 200


@pytest.mark.parametrize(("name", "suffix"), [
    ("places:neighborhood", ""), ("places:neighborhood_edit", ""), ("agencies:agency", ""), ("agencies:agency_edit", ""),
    ("meetings:meeting", ""), ("meetings:meeting_edit", ""), ("meetings:meeting_review", ""),
    ("meetings:resolution", ""), ("meetings:resolution_edit", ""), ("meetings:resolution_create", ""),
    ("meetings:report_create", ""), ("meetings:body", ""), ("minutes:review", ""), ("minutes:meeting_pdf", ""),
])
def test_an_id_of_twenty_digits_is_a_404_on_the_pages(page, name, suffix):
    assert page.get(reverse(name, args=[TWENTY_DIGITS])).status_code == 404


@pytest.mark.parametrize("url", [
    "/api/places/neighborhoods/{}/", "/api/places/neighborhoods/{}/contacts/", "/api/agencies/{}/",
    "/api/meetings/{}/", "/api/meetings/{}/attendance/", "/api/meetings/bodies/{}/", "/api/meetings/resolutions/{}/",
    "/api/meetings/resolutions/{}/reports/", "/api/meetings/scorecards/{}/?year=1401",
])
def test_an_id_of_twenty_digits_is_a_404_in_the_api(api, url):
    response = api.get(url.format(TWENTY_DIGITS))
    assert response.status_code == 404 and response.json() == {"detail": "یافت نشد."}


def test_a_report_on_an_assignment_of_twenty_digits_is_a_404(api):
    response = api.post(f"/api/meetings/assignments/{TWENTY_DIGITS}/reports/", {"text": "انجام شد"},
                        content_type="application/json")
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "params"), [
    ("meetings:resolutions", {"meeting": TWENTY_DIGITS}), ("meetings:resolutions", {"agency": TWENTY_DIGITS}),
    ("meetings:meetings", {"body": TWENTY_DIGITS}), ("places:neighborhoods", {"county": TWENTY_DIGITS}),
    ("agencies:agencies", {"axis": TWENTY_DIGITS}),
])
def test_a_filter_id_of_twenty_digits_is_a_form_error_on_the_page(page, name, params):
    response = page.get(reverse(name), params)
    assert response.status_code == 200
    assert response.context["object_list"] == [] and response.context["filter_form"].errors


@pytest.mark.parametrize(("url", "params"), [
    ("/api/meetings/resolutions/", {"meeting": TWENTY_DIGITS}), ("/api/meetings/resolutions/", {"agency": TWENTY_DIGITS}),
    ("/api/meetings/", {"body": TWENTY_DIGITS}), ("/api/places/neighborhoods/", {"county": TWENTY_DIGITS}),
    ("/api/agencies/", {"axis": TWENTY_DIGITS}),
])
def test_a_filter_id_of_twenty_digits_is_a_400_in_the_api(api, url, params):
    response = api.get(url, params)
    assert response.status_code == 400 and persian(response.json()["detail"])


# ---- point 6: scorecard periods -----------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"year": 0}, {"year": 10000}, {"year": -1}, {"year": 1401, "quarter": 5},
                                    {"year": 1401, "quarter": 0}, {"year": BEYOND_BIGINT}])
def test_a_scorecard_period_out_of_range_is_a_form_error_on_the_page(page, params):
    response = page.get(reverse("meetings:scorecards"), params)
    assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.parametrize("params", [{"year": 0}, {"year": 10000}, {"year": -1}, {"year": 1401, "quarter": 5},
                                    {"year": 1401, "quarter": 0}, {"year": BEYOND_BIGINT}])
def test_a_scorecard_period_out_of_range_is_a_422_in_the_api(api, province, params):
    response = api.get(f"/api/meetings/scorecards/{province.pk}/", params)
    assert response.status_code == 422
    assert all(persian(error["msg"]) for error in response.json()["detail"])


def test_a_scorecard_period_in_range_still_answers(api, province):
    assert api.get(f"/api/meetings/scorecards/{province.pk}/", {"year": 1401, "quarter": 2}).status_code == 200


# ---- point 6: dates and deadlines out of range --------------------------------------------------------------

FAR_DATES = ["۹۹۹۹/۰۱/۰۱", "3177/12/29", "0001/01/01", "۱۵۰۱/۰۱/۰۱", "1299/12/29"]


@pytest.mark.parametrize("text", FAR_DATES)
def test_a_jalali_date_field_takes_only_the_years_a_person_means(text):
    field = JalaliDateField()
    with pytest.raises(Exception) as caught:
        field.clean(text)
    assert "ValidationError" in type(caught.value).__name__
    assert field.clean("۱۴۰۱/۰۴/۲۳") == datetime.date(2022, 7, 14)
    assert field.clean("1300/01/01") and field.clean("1500/12/29")


@pytest.mark.parametrize("text", FAR_DATES)
@pytest.mark.parametrize("param", ["date_from", "date_to"])
def test_a_date_filter_out_of_range_is_a_form_error_on_the_page_and_a_400_in_the_api(page, api, text, param):
    response = page.get(reverse("meetings:meetings"), {param: text})
    assert response.status_code == 200 and param in response.context["filter_form"].errors
    answer = api.get("/api/meetings/", {param: text})
    assert answer.status_code == 400 and "تاریخ" in answer.json()["detail"]


@pytest.mark.parametrize("raw", ["پایان سال ۹۹۹۹", "پایان سال 0000", "تا پایان اسفند ۳۱۷۸", "پایان تیر ۹۳۷۷",
                                 "نیمه مهر ۱۰۰۰۰"])
def test_a_deadline_in_a_year_out_of_range_is_not_a_deadline(raw):
    assert parse_deadline(raw).kind == "none"
    assert parse_deadline("پایان سال ۱۴۰۲").date == datetime.date(2024, 3, 19)


@pytest.fixture
def clerk(page):
    return page


def test_a_deadline_in_the_year_9999_is_a_form_error(clerk, world):
    url = reverse("meetings:resolution_create", args=[world["meeting"].pk])
    response = clerk.post(url, {"text": "مقرر گردید گزارش دهد.", "lead_agency": world["agency"].pk,
                                "deadline_raw": "پایان سال ۹۹۹۹", "idempotency_key": str(uuid.uuid4())})
    assert response.status_code in (200, 400)
    assert "deadline_raw" in response.context["form"].errors
    assert Resolution.objects.filter(meeting=world["meeting"]).count() == 1


@pytest.mark.parametrize("date", ["3177/12/29", "۹۹۹۹/۰۱/۰۱"])
def test_a_meeting_in_a_far_year_is_a_form_error(clerk, world, date):
    """Before: scheduled in 3177, its «۹۹۹ سال» resolution then failed with a server error."""
    data = {"body": world["body"].pk, "date": date, "agenda": "بند یک", "idempotency_key": str(uuid.uuid4())}
    response = clerk.post(reverse("meetings:meeting_create"), data)
    assert response.status_code in (200, 400) and "date" in response.context["form"].errors
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(("field", "value"), [("number", str(TWENTY_DIGITS)), ("number", "2147483648")])
def test_a_meeting_number_past_its_column_is_a_form_error(clerk, world, field, value):
    data = {"body": world["body"].pk, "date": "۱۴۰۱/۰۵/۰۱", "agenda": "بند یک", field: value,
            "idempotency_key": str(uuid.uuid4())}
    response = clerk.post(reverse("meetings:meeting_create"), data)
    assert response.status_code in (200, 400) and field in response.context["form"].errors
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("value", [str(TWENTY_DIGITS), "32768"])
def test_a_resolution_row_past_its_column_is_a_form_error(clerk, world, value):
    url = reverse("meetings:resolution_create", args=[world["meeting"].pk])
    response = clerk.post(url, {"text": "مقرر گردید گزارش دهد.", "lead_agency": world["agency"].pk,
                                "number": value, "idempotency_key": str(uuid.uuid4())})
    assert response.status_code in (200, 400) and "number" in response.context["form"].errors


@pytest.mark.parametrize(("field", "value"), [("target_since", "۹۹۹۹/۰۱/۰۱"), ("target_since", "3177/12/29"),
                                              ("population", str(TWENTY_DIGITS))])
def test_a_neighborhood_far_date_or_huge_number_is_a_form_error(clerk, world, field, value):
    hood = world["hood"]
    url = reverse("places:neighborhood_edit", args=[hood.pk])
    form = clerk.get(url).context["form"]
    data = {name: bf.value() or "" for name, bf in ((n, form[n]) for n in form.fields)}
    data[field] = value
    response = clerk.post(url, data)
    assert response.status_code in (200, 400) and field in response.context["form"].errors


def test_a_report_with_a_huge_percent_is_a_400_in_the_api(client, world, province):
    from mahalleh.core.roles import Role
    from tests.factories import user_with_role

    focal = user_with_role(Role.AGENCY, agency=world["agency"])
    _, key = ApiToken.issue(focal, "t")
    assignment = world["resolution"].assignments.get()
    client.raise_request_exception = False
    response = client.post(f"/api/meetings/assignments/{assignment.pk}/reports/",
                           {"text": "انجام شد", "percent": BEYOND_BIGINT}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code in (400, 422) and persian(str(response.json()["detail"]))


def test_a_resolution_due_in_a_far_year_is_not_created_by_the_service(world, secretariat):
    """The deadline arithmetic stays inside the calendar for every date a form accepts."""
    meeting = services.meeting_schedule(body=world["body"], date=datetime.date(2121, 3, 20), agenda=[],
                                        actor=secretariat)  # ۱۵۰۰/۱۲/۲۹, the last day a form takes
    resolution = services.resolution_create(meeting=meeting, text="گزارش دهد.", lead_agency=world["agency"],
                                            deadline_raw="۹۹۹ سال", actor=secretariat)
    assert resolution.due_date is not None and resolution.due_date.year == 3120


# ---- the API's net under the sources: never a 500 for input it could not hold ------------------------------


@pytest.mark.parametrize("error", [OverflowError("Python int too large to convert to SQLite INTEGER"),
                                   __import__("django.db").db.DataError("value out of range"),
                                   __import__("mahalleh.meetings.errors").meetings.errors.MeetingsError("قاعده")])
def test_an_unbounded_input_error_in_an_endpoint_is_a_400_with_a_persian_message(api, province, monkeypatch, error):
    from mahalleh.meetings import selectors

    def failing(**kwargs):
        raise error

    monkeypatch.setattr(selectors, "scorecards", failing)
    response = api.get(f"/api/meetings/scorecards/{province.pk}/", {"year": 1401})
    assert response.status_code == 400 and persian(response.json()["detail"])
