"""Search over meetings and resolutions, and the meetings API's scoping."""

import datetime

import pytest
from django.urls import reverse

from mahalleh.accounts.models import ApiToken
from mahalleh.meetings.models import Meeting
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    MeetingFactory,
    ProvinceFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def written_in_arabic_letters(province):
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان البرز")
    meeting = MeetingFactory(body=body, narrative="گزارش كميته امداد امام خميني درباره خانه‌هاي محله")
    resolution = ResolutionFactory(meeting=meeting, text="مقرر گرديد كميته امداد خانه امداد را افتتاح كند.")
    other = ResolutionFactory(meeting=MeetingFactory(body=body), text="مقرر گردید شهرداری نخاله‌ها را جمع کند.")
    return meeting, resolution, other


def test_search_finds_arabic_letters_when_asked_in_persian(client, secretariat, written_in_arabic_letters):
    meeting, resolution, other = written_in_arabic_letters
    client.force_login(secretariat)
    found = client.get(reverse("meetings:resolutions"), {"q": "کمیته امداد"})
    assert list(found.context["object_list"]) == [resolution]
    meetings = client.get(reverse("meetings:meetings"), {"q": "کمیته امداد"})
    assert list(meetings.context["object_list"]) == [meeting]
    # No ZWNJ in the query, one in the text; Persian digits in neither: still found.
    assert list(client.get(reverse("meetings:meetings"), {"q": "خانه های"}).context["object_list"]) == [meeting]
    assert client.get(reverse("meetings:resolutions"), {"q": "نخاله ها"}).context["object_list"][0] == other


def test_stored_text_is_kept_as_written(written_in_arabic_letters):
    _, resolution, _ = written_in_arabic_letters
    resolution.refresh_from_db()
    assert "كميته" in resolution.text and "کمیته" in resolution.text_normalized


def test_api_resolutions_are_scoped_and_overdue_is_derived(client, secretariat, province):
    agency = AgencyFactory(province=province)
    past = MeetingFactory(body=BodyFactory(province=province), date=datetime.date(2022, 7, 14))
    late = ResolutionFactory(meeting=past, deadline_raw="یک هفته", deadline_kind="duration",
                             due_date=datetime.date(2022, 7, 21))
    AssignmentFactory(resolution=late, agency=agency)
    far = ResolutionFactory(meeting=MeetingFactory(body=BodyFactory(province=ProvinceFactory(code="tehran"))))
    _, key = ApiToken.issue(secretariat, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    items = client.get("/api/meetings/resolutions/", **auth).json()["items"]
    assert [i["id"] for i in items] == [late.pk]
    assert items[0]["is_overdue"] is True and items[0]["days_overdue"] > 1000
    assert [i["id"] for i in client.get("/api/meetings/resolutions/?status=overdue", **auth).json()["items"]] == [late.pk]
    assert client.get(f"/api/meetings/resolutions/{far.pk}/", **auth).status_code == 404
    assert client.get(f"/api/meetings/{far.meeting_id}/", **auth).status_code == 404
    assert client.get(f"/api/meetings/{past.pk}/", **auth).json()["date_jalali"] == "1401/04/23"
    assert Meeting.objects.count() == 2
