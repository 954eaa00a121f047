"""The change history on each object's page speaks Persian (issue 9, point 16).

Real edits of each audited kind of object — a meeting (with its original document), a resolution (its
agencies, axes and neighborhoods), a report with an attachment, a neighborhood, an agency (its service
axes) — then the page's history, as the secretariat reads it: field labels and values as the forms show
them, never a hash, a stored path, an event detail's key, a raw id or «axes.added ← ۷».
"""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.context import acting_as
from mahalleh.core.roles import Role
from mahalleh.meetings import services
from mahalleh.meetings.models import Attendance
from tests.factories import AgencyFactory, BodyFactory, MeetingFactory, NeighborhoodFactory, user_with_role

pytestmark = pytest.mark.django_db

HEX_HASH = re.compile(r"[0-9a-f۰-۹]{16,}")
STORED_PATH = re.compile(r"\b(?:minutes|reports|imports)/")
KEYS = re.compile(r"\b(?:count|sha256|source_sha256|axes\.added|members\.added|[a-z_]+_id|[a-z]+\.(?:added|removed))\b")
RAW_ID = re.compile(r"#\s*[0-9۰-۹]+|←\s*[0-9۰-۹]+(?:[،,]\s*[0-9۰-۹]+)+")
LATIN_WORD = re.compile(r"\b[a-z_]{3,}\b")


def history_text(html: str) -> str:
    match = re.search(r'<div class="card history".*?</ul>', html, re.S)
    assert match, "the page shows no change history"
    text = re.sub(r'<bdi class="file-name">.*?</bdi>', " FILE ", match.group(0), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text)


def assert_persian(text: str) -> None:
    for pattern in (HEX_HASH, STORED_PATH, KEYS, RAW_ID, LATIN_WORD):
        found = pattern.search(text)
        assert found is None, f"{pattern.pattern!r} found {found.group(0)!r} in the history: {text}"


@pytest.fixture
def world(province, county, secretariat):
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان")
    lead = AgencyFactory(province=province, name="شهرداری کرج")
    other = AgencyFactory(province=province, name="اداره کل ورزش و جوانان")
    axis = ServiceAxis.objects.create(code="sport-test", name="ورزش و نشاط")
    hood = NeighborhoodFactory(county=county, name="حصار", is_target=False)
    return {"body": body, "lead": lead, "other": other, "axis": axis, "hood": hood, "user": secretariat}


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_meeting_history(client, world):
    user = world["user"]
    meeting = services.meeting_schedule(
        body=world["body"], date=datetime.date(2022, 7, 14), start_time=datetime.time(7, 30), place="سالن شهدا",
        actor=user, agenda=["بررسی مصوبات"],
    )
    Attendance.objects.get_or_create(meeting=meeting, agency=world["lead"])
    services.attendance_record(meeting=meeting, entries={world["lead"].pk: ("absent", "")}, actor=user)
    with acting_as(user):
        meeting.source_document.save("minutes_14th_1401.txt", ContentFile(b"x"), save=False)
        meeting.source_sha256 = "ab" * 32
        meeting.save()
    services.meeting_mark_held(meeting=meeting, actor=user)

    text = history_text(page(client, user, meeting.get_absolute_url()))
    assert_persian(text)
    assert "تاریخ تشکیل" in text and "۱۴۰۱/۰۴/۲۳" in text  # a Jalali date under its label
    assert "ساعت" in text and "۰۷:۳۰" in text  # a time as «۰۷:۳۰», not 07:30:00
    assert "برنامه‌ریزی‌شده ← برگزارشده" in text  # choices by their labels
    assert "تعداد دستگاه‌های ثبت‌شده" in text and "۱" in text  # the event's detail by its label
    assert "سند اصلی" in text and "FILE" in text  # the document by its own name only
    assert "minutes_14th_1401.txt" in page(client, user, meeting.get_absolute_url())


def test_resolution_history_with_agencies_axes_and_report(client, world, province):
    user = world["user"]
    meeting = MeetingFactory(body=world["body"])
    resolution = services.resolution_create(meeting=meeting, text="مقرر گردید سالن ورزشی تجهیز شود.",
                                            lead_agency=world["lead"], deadline_raw="یک ماه", actor=user)
    resolution.refresh_from_db()
    services.resolution_update(resolution=resolution, version=resolution.version, actor=user,
                               collaborators=[world["other"]], axes=[world["axis"]], neighborhoods=[world["hood"]])
    focal = user_with_role(Role.AGENCY, agency=world["other"])
    assignment = resolution.assignments.get(agency=world["other"])
    upload = SimpleUploadedFile("گزارش-تیر.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    report = services.report_submit(assignment=assignment, text="سالن تجهیز شد.", percent=60, attachments=[upload],
                                    actor=focal)
    services.report_return(report=report, reason="عکس پیوست نشده است.", actor=user)

    html = page(client, user, resolution.get_absolute_url())
    text = history_text(html)
    assert_persian(text)
    assert "محورها: افزوده شد ورزش و نشاط" in text  # M2M by the names added
    assert "محلات: افزوده شد حصار" in text
    assert "تکلیف: اداره کل ورزش و جوانان" in text  # the agency added, by its name
    assert "موارد ویرایش‌شده" in text and "دستگاه‌های همکار" in text
    assert "سررسید" in text and "۱۴۰۱/۰۵/۲۳" in text  # due date Jalali (one month after 1401/04/23)
    assert "درصد پیشرفت" in text and "۶۰" in text
    assert "علت برگشت" in text and "عکس پیوست نشده است." in text
    assert "پیوست: FILE" in text  # the attachment by its own name, isolated
    assert '<bdi class="file-name">گزارش-تیر.pdf</bdi>' in html


def test_neighborhood_history(client, world, county):
    user, hood = world["user"], world["hood"]
    with acting_as(user):
        hood.population = 12500
        hood.is_target = True
        hood.target_since = datetime.date(2023, 3, 21)
        hood.latitude = 35.8123
        hood.save()
    text = history_text(page(client, user, hood.get_absolute_url()))
    assert_persian(text)
    assert "جمعیت" in text and "۱۲٬۵۰۰" in text  # thousands with «٬»
    assert "محله هدف" in text and "خیر ← بله" in text  # booleans in words
    assert "هدف از تاریخ" in text and "۱۴۰۲/۰۱/۰۱" in text
    assert "۳۵٫۸۱۲۳" in text  # decimals with «٫»
    assert "شهرستان" in text and county.name in text  # the county by its name


def test_agency_history(client, world, province):
    user, agency = world["user"], world["lead"]
    parent = AgencyFactory(province=province, name="استانداری البرز")
    with acting_as(user):
        agency.parent = parent
        agency.is_active = False
        agency.save()
        agency.axes.add(world["axis"])
    text = history_text(page(client, user, agency.get_absolute_url()))
    assert_persian(text)
    assert "محورهای خدمت: افزوده شد ورزش و نشاط" in text
    assert "استانداری البرز" in text  # the parent by its name
    assert "فعال" in text and "بله ← خیر" in text


def test_a_related_object_out_of_scope_is_not_shown_by_id(client, world, county_user):
    """A county user reads a neighborhood of theirs whose history names something they cannot see."""
    from mahalleh.places.models import Neighborhood

    hood = NeighborhoodFactory(county=county_user.role_assignments.first().county, name="اسلام‌آباد")
    hood = Neighborhood.objects.get(pk=hood.pk)
    with acting_as(world["user"]):
        hood.population = 900
        hood.save()
    text = history_text(page(client, county_user, hood.get_absolute_url()))
    assert_persian(text)
    assert "۹۰۰" in text
