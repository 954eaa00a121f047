"""Meeting status: messages name the status written; approved minutes are read-only until the province's
secretariat reopens them (audited); the review of previous resolutions is on the agenda once."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from mahalleh.core.models import AuditEntry
from mahalleh.core.registry import AgendaSource, agenda_sources
from mahalleh.core.roles import Role
from mahalleh.meetings import services
from mahalleh.meetings.errors import ConflictError, MeetingsError, NotAllowed
from mahalleh.meetings.models import Attendance, Meeting, Resolution
from tests.factories import (
    AgencyFactory,
    BodyFactory,
    BodyMembershipFactory,
    MeetingFactory,
    ResolutionFactory,
    user_with_role,
)

DAY = datetime.date(2022, 7, 14)
READ_ONLY = "فقط‌خواندنی"


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def body(province):
    return BodyFactory(province=province, name="قرارگاه اجتماعی استان")


@pytest.fixture
def agency(body):
    return BodyMembershipFactory(body=body).agency


@pytest.fixture
def approved(body, agency):
    meeting = MeetingFactory(body=body, date=DAY, status=Meeting.Status.APPROVED)
    Attendance.objects.create(meeting=meeting, agency=agency, status=Attendance.Status.PRESENT)
    ResolutionFactory(meeting=meeting, number=1, text="مقرر گردید زمین ورزش ساخته شود.")
    return meeting


def events(obj, name):
    ct = ContentType.objects.get_for_model(type(obj))
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk), event=name)


# ---- the message names the new status -------------------------------------------------------------


@pytest.mark.parametrize(("start", "step", "shown"), [
    (Meeting.Status.PLANNED, "held", "«برگزارشده»"),
    (Meeting.Status.HELD, "approve", "«صورتجلسه تأییدشده»"),
])
def test_the_status_message_names_the_new_status(client, secretariat, body, start, step, shown):
    meeting = MeetingFactory(body=body, date=DAY, status=start)
    ResolutionFactory(meeting=meeting)
    client.force_login(secretariat)
    response = client.post(reverse("meetings:meeting_transition", args=[meeting.pk, step]),
                           {"version": meeting.version}, follow=True)
    said = " ".join(messages_of(response))
    assert shown in said, said
    assert f"«{Meeting.Status(start).label}»" not in said


def test_a_stale_status_button_is_refused(client, secretariat, body):
    meeting = MeetingFactory(body=body, date=DAY, status=Meeting.Status.PLANNED)
    client.force_login(secretariat)
    page_version = meeting.version
    services.meeting_update(meeting=meeting, version=page_version, place="سالن دیگر", actor=secretariat)
    response = client.post(reverse("meetings:meeting_transition", args=[meeting.pk, "held"]),
                           {"version": page_version}, follow=True)
    assert any("کاربر دیگری" in m for m in messages_of(response))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


# ---- approved minutes are read-only --------------------------------------------------------------


def test_services_refuse_to_change_approved_minutes(secretariat, approved, agency):
    resolution = approved.resolutions.get()
    attempts = [
        lambda: services.meeting_update(meeting=approved, version=approved.version, place="سالن دیگر", actor=secretariat),
        lambda: services.meeting_update(meeting=approved, version=approved.version, agenda=["بند تازه"], actor=secretariat),
        lambda: services.attendance_record(meeting=approved, entries={agency.pk: ("absent", "")}, actor=secretariat),
        lambda: services.attendance_record(meeting=approved, entries={agency.pk: ("absent", "")}, actor=secretariat,
                                           version=approved.version),
        lambda: services.resolution_create(meeting=approved, text="مقرر گردید مصوبه تازه", lead_agency=agency,
                                           actor=secretariat),
        lambda: services.resolution_update(resolution=resolution, version=resolution.version, text="متن دیگر",
                                           actor=secretariat),
    ]
    for attempt in attempts:
        with pytest.raises(MeetingsError, match=READ_ONLY):
            attempt()
    approved.refresh_from_db()
    resolution.refresh_from_db()
    assert (approved.place, approved.version, approved.resolutions.count()) == ("", 1, 1)
    assert resolution.text == "مقرر گردید زمین ورزش ساخته شود." and resolution.version == 1
    assert approved.attendances.get().status == Attendance.Status.PRESENT


def test_the_pages_refuse_and_hide_the_edits_of_approved_minutes(client, secretariat, approved, agency):
    client.force_login(secretariat)
    resolution = approved.resolutions.get()
    page = client.get(approved.get_absolute_url()).content.decode()
    for route in ("meetings:meeting_edit", "meetings:meeting_attendance", "meetings:resolution_create"):
        assert reverse(route, args=[approved.pk]) not in page
    assert READ_ONLY in page and reverse("meetings:meeting_reopen", args=[approved.pk]) in page
    assert reverse("meetings:resolution_edit", args=[resolution.pk]) not in client.get(resolution.get_absolute_url()).content.decode()

    edit = client.post(reverse("meetings:meeting_edit", args=[approved.pk]),
                       {"body": approved.body_id, "date": "1401/04/23", "place": "سالن دیگر", "version": approved.version})
    assert edit.status_code == 400 and READ_ONLY in edit.content.decode()
    attendance = client.post(reverse("meetings:meeting_attendance", args=[approved.pk]),
                             {f"s{agency.pk}": "absent", "version": approved.version})
    assert attendance.status_code == 400 and READ_ONLY in attendance.content.decode()
    new = client.post(reverse("meetings:resolution_create", args=[approved.pk]),
                      {"text": "مقرر گردید مصوبه تازه", "lead_agency": agency.pk})
    assert new.status_code == 400 and READ_ONLY in new.content.decode()
    approved.refresh_from_db()
    assert (approved.place, approved.resolutions.count()) == ("", 1)
    assert approved.attendances.get().status == Attendance.Status.PRESENT


def test_follow_up_goes_on_after_approval(approved, agency):
    focal = user_with_role(Role.AGENCY, agency=agency)
    resolution = approved.resolutions.get()
    assignment = resolution.assignments.create(agency=agency, is_lead=True)
    report = services.report_submit(assignment=assignment, text="زمین ساخته شد", percent=100, actor=focal)
    assert report.pk and Resolution.objects.get(pk=resolution.pk).status == "reported"


# ---- reopening: the secretariat only, with a reason, audited ----------------------------------------


def test_the_secretariat_reopens_approved_minutes_and_may_correct_them(client, secretariat, approved):
    client.force_login(secretariat)
    url = reverse("meetings:meeting_reopen", args=[approved.pk])
    refused = client.post(url, {"version": approved.version, "reason": ""}, follow=True)
    assert any("علت بازگشایی" in m for m in messages_of(refused))
    response = client.post(url, {"version": approved.version, "reason": "ردیف ۲ از قلم افتاده بود"}, follow=True)
    assert any("«برگزارشده»" in m for m in messages_of(response))
    approved.refresh_from_db()
    assert approved.status == Meeting.Status.HELD
    event = events(approved, "minutes reopened").get()
    assert event.actor == secretariat and event.after == {"reason": "ردیف ۲ از قلم افتاده بود"}
    services.meeting_update(meeting=approved, version=approved.version, place="سالن دیگر", actor=secretariat)
    approved.refresh_from_db()
    assert approved.place == "سالن دیگر"
    services.meeting_approve(meeting=approved, actor=secretariat)  # and approved again, read-only again
    with pytest.raises(MeetingsError, match=READ_ONLY):
        services.meeting_update(meeting=approved, version=approved.version + 1, place="سالن سوم", actor=secretariat)


def test_only_the_secretariat_reopens(client, province, county, approved):
    county_body = BodyFactory(province=province, county=county, name="قرارگاه شهرستان")
    county_meeting = MeetingFactory(body=county_body, date=DAY, status=Meeting.Status.APPROVED)
    county_staff = user_with_role(Role.COUNTY, county=county)  # changes its county's meetings, reopens none
    with pytest.raises(NotAllowed, match="دبیرخانه"):
        services.meeting_reopen(meeting=county_meeting, reason="اصلاح", actor=county_staff)
    client.force_login(county_staff)
    page = client.get(county_meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:meeting_reopen", args=[county_meeting.pk]) not in page
    response = client.post(reverse("meetings:meeting_reopen", args=[county_meeting.pk]),
                           {"version": county_meeting.version, "reason": "اصلاح"}, follow=True)
    assert any("دبیرخانه" in m for m in messages_of(response))
    for user in (user_with_role(Role.GOVERNOR, province=province), user_with_role(Role.AGENCY, agency=AgencyFactory(province=province))):
        client.force_login(user)
        assert client.post(reverse("meetings:meeting_reopen", args=[approved.pk]), {"reason": "اصلاح"}).status_code == 404
    for m in (county_meeting, approved):
        m.refresh_from_db()
        assert m.status == Meeting.Status.APPROVED
        assert not events(m, "minutes reopened").exists()


def test_reopen_refuses_what_is_not_approved_and_a_stale_page(secretariat, approved, body):
    held = MeetingFactory(body=body, date=DAY, status=Meeting.Status.HELD)
    with pytest.raises(MeetingsError, match="تأییدشده"):
        services.meeting_reopen(meeting=held, reason="اصلاح", actor=secretariat)
    with pytest.raises(ConflictError):
        services.meeting_reopen(meeting=approved, reason="اصلاح", actor=secretariat, version=approved.version - 1)
    approved.refresh_from_db()
    assert approved.status == Meeting.Status.APPROVED


# ---- the review item appears once -------------------------------------------------------------


REVIEW_WORDINGS = ["بررسی مصوبات جلسه گذشته.", "- ۳- بررسی مصوبات جلسات گذشته.", "۱) پیگیری مصوبات جلسه قبل",
                   services.REVIEW_ITEM]


def agenda_of(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("text", "is_review"))


def test_a_typed_review_in_other_words_does_not_repeat_the_generated_one(secretariat, body):
    MeetingFactory(body=body, date=DAY - datetime.timedelta(days=30))
    meeting = services.meeting_schedule(body=body, date=DAY, actor=secretariat,
                                        agenda=[*REVIEW_WORDINGS, "گزارش خانه محلات", "گزارش خانه محلات."])
    assert agenda_of(meeting) == [(services.REVIEW_ITEM, True), ("گزارش خانه محلات", False)]
    services.meeting_update(meeting=meeting, version=meeting.version, actor=secretariat,
                            agenda=["بررسی مصوبات جلسات گذشته", "گزارش خانه محلات", "میز خدمت"])
    assert agenda_of(meeting) == [(services.REVIEW_ITEM, True), ("گزارش خانه محلات", False), ("میز خدمت", False)]


def test_offered_items_and_their_typed_copies_appear_once(secretariat, body):
    MeetingFactory(body=body, date=DAY - datetime.timedelta(days=30))
    agenda_sources.register(AgendaSource(key="test-twice", offer=lambda *, body, date: [
        "بررسی مصوبات جلسه قبل", "گزارش مشکلات محلات"]))
    agenda_sources.register(AgendaSource(key="test-again", offer=lambda *, body, date: ["گزارش مشکلات محلات"]))
    try:
        meeting = services.meeting_schedule(body=body, date=DAY, actor=secretariat,
                                            agenda=["گزارش مشکلات محلات.", "میز خدمت"])
    finally:
        agenda_sources.unregister("test-twice")
        agenda_sources.unregister("test-again")
    assert agenda_of(meeting) == [(services.REVIEW_ITEM, True), ("گزارش مشکلات محلات", False), ("میز خدمت", False)]


def test_a_first_meeting_keeps_a_typed_review(secretariat, body):
    """Without a previous meeting nothing is generated; what the minutes say stays, once."""
    meeting = services.meeting_schedule(body=body, date=DAY, actor=secretariat, agenda=REVIEW_WORDINGS[:1])
    assert agenda_of(meeting) == [("بررسی مصوبات جلسه گذشته.", False)]


@pytest.mark.parametrize("wording", ["ارائه گزارش مشکلات خانه محلات", "بررسی مصوبات کارگروه سلامت استان در خصوص مدارس"])
def test_other_items_about_resolutions_are_not_taken_for_the_review(wording):
    assert not services.is_review_item(wording)
