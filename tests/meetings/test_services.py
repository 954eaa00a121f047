"""The meetings services: scheduling, minutes, resolutions and their follow-up, with permissions and audit."""

import datetime
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType

from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.meetings import services
from mahalleh.meetings.errors import ConflictError, MeetingsError, NotAllowed
from mahalleh.meetings.models import (
    Assignment,
    Attendance,
    DeadlineKind,
    Meeting,
    ProgressReport,
    Resolution,
    ResolutionStatus,
)
from tests.factories import (
    AgencyFactory,
    BodyFactory,
    BodyMembershipFactory,
    CountyFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ProvinceFactory,
    user_with_role,
)

MEETING_DAY = datetime.date(2022, 7, 14)  # ۱۴۰۱/۰۴/۲۳


def audit(obj, **filters):
    ct = ContentType.objects.get_for_model(type(obj))
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk), **filters)


@pytest.fixture
def body(province):
    return BodyFactory(province=province, name="قرارگاه اجتماعی استان البرز")


@pytest.fixture
def lead(province):
    return AgencyFactory(province=province, name="اداره کل آب و فاضلاب")


@pytest.fixture
def helper(province):
    return AgencyFactory(province=province, name="شهرداری کرج")


@pytest.fixture
def meeting(body, secretariat):
    return services.meeting_schedule(body=body, date=MEETING_DAY, actor=secretariat)


@pytest.fixture
def resolution(meeting, lead, helper, secretariat):
    return services.resolution_create(
        meeting=meeting, text="مقرر گردید آبفا ظرف دو هفته گزارش دهد.", lead_agency=lead, collaborators=[helper],
        deadline_raw="دو هفته", actor=secretariat,
    )


@pytest.fixture
def lead_user(lead):
    return user_with_role(Role.AGENCY, agency=lead)


# ---- scheduling ------------------------------------------------------------------------------


def test_schedule_invites_members_and_generates_the_review_item(body, secretariat):
    members = [BodyMembershipFactory(body=body).agency for _ in range(3)]
    MeetingFactory(body=body, number=13, date=MEETING_DAY - datetime.timedelta(days=7))

    meeting = services.meeting_schedule(
        body=body, date=MEETING_DAY, agenda=["گزارش میز خدمت حصار", "  "], place="استانداری", actor=secretariat
    )

    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.number == 14  # the body's next ordinal
    invited = meeting.attendances.all()
    assert {a.agency_id for a in invited} == {a.pk for a in members}
    assert {a.status for a in invited} == {Attendance.Status.INVITED}
    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.order, i.text, i.is_review) for i in items] == [
        (1, services.REVIEW_ITEM, True),
        (2, "گزارش میز خدمت حصار", False),
    ]
    assert audit(meeting, action="create", actor=secretariat).count() == 1
    assert audit(meeting, event="meeting scheduled").count() == 1
    assert AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Attendance)).count() == 3


def test_first_meeting_of_a_body_has_no_review_item(body, secretariat):
    meeting = services.meeting_schedule(body=body, date=MEETING_DAY, agenda=["معرفی طرح"], actor=secretariat)
    assert meeting.number == 1
    assert [(i.text, i.is_review) for i in meeting.agenda_items.all()] == [("معرفی طرح", False)]


def test_schedule_refuses_a_taken_number(body, secretariat):
    MeetingFactory(body=body, number=5)
    with pytest.raises(MeetingsError, match="قبلاً ثبت شده"):
        services.meeting_schedule(body=body, date=MEETING_DAY, number=5, actor=secretariat)


def test_county_user_of_another_county_cannot_change_a_provincial_meeting(body, meeting, county):
    county_user = user_with_role(Role.COUNTY, county=county)
    with pytest.raises(NotAllowed):
        services.meeting_update(meeting=meeting, version=meeting.version, place="فرمانداری", actor=county_user)
    with pytest.raises(NotAllowed):
        services.meeting_schedule(body=body, date=MEETING_DAY, actor=county_user)
    meeting.refresh_from_db()
    assert meeting.place == "" and meeting.version == 1
    assert Meeting.objects.count() == 1


def test_county_user_runs_the_meetings_of_their_own_county_hq(province, county):
    county_hq = BodyFactory(province=province, county=county, kind="county_hq")
    other = CountyFactory(province=province)
    own = user_with_role(Role.COUNTY, county=county)
    stranger = user_with_role(Role.COUNTY, county=other)
    meeting = services.meeting_schedule(body=county_hq, date=MEETING_DAY, actor=own)
    assert meeting.body == county_hq
    with pytest.raises(NotAllowed):
        services.meeting_mark_held(meeting=meeting, actor=stranger)


# ---- editing with optimistic concurrency -----------------------------------------------------


def test_meeting_update_bumps_the_version_and_refuses_a_stale_one(meeting, secretariat, province):
    other_clerk = user_with_role(Role.SECRETARIAT, province=province)
    loaded_by_both = meeting.version

    saved = services.meeting_update(meeting=meeting, version=loaded_by_both, place="سالن شهید رجایی", actor=secretariat)
    assert saved.version == loaded_by_both + 1

    with pytest.raises(ConflictError, match="کاربر دیگری ویرایش"):
        services.meeting_update(meeting=meeting, version=loaded_by_both, place="سالن دیگر", actor=other_clerk)
    meeting.refresh_from_db()
    assert meeting.place == "سالن شهید رجایی"
    assert meeting.version == loaded_by_both + 1


def test_meeting_update_refuses_unknown_fields(meeting, secretariat):
    with pytest.raises(MeetingsError, match="قابل ویرایش نیستند"):
        services.meeting_update(meeting=meeting, version=meeting.version, status="approved", actor=secretariat)


def test_moving_the_meeting_moves_the_due_dates(meeting, resolution, secretariat):
    assert resolution.due_date == MEETING_DAY + datetime.timedelta(weeks=2)
    services.meeting_update(meeting=meeting, version=meeting.version, date=MEETING_DAY + datetime.timedelta(days=3),
                            actor=secretariat)
    resolution.refresh_from_db()
    assert resolution.due_date == MEETING_DAY + datetime.timedelta(days=3, weeks=2)


# ---- status and attendance -------------------------------------------------------------------


def test_meeting_goes_planned_held_approved(meeting, resolution, secretariat):
    with pytest.raises(MeetingsError, match="برگزار شده"):
        services.meeting_approve(meeting=meeting, actor=secretariat)
    held = services.meeting_mark_held(meeting=meeting, actor=secretariat)
    assert held.status == Meeting.Status.HELD
    approved = services.meeting_approve(meeting=held, actor=secretariat)
    assert approved.status == Meeting.Status.APPROVED
    assert audit(meeting, event="minutes approved").count() == 1
    with pytest.raises(MeetingsError):
        services.meeting_mark_held(meeting=meeting, actor=secretariat)


def test_approving_minutes_without_resolutions_needs_the_flag(meeting, secretariat):
    services.meeting_mark_held(meeting=meeting, actor=secretariat)
    with pytest.raises(MeetingsError, match="هیچ مصوبه‌ای ندارد"):
        services.meeting_approve(meeting=meeting, actor=secretariat)
    approved = services.meeting_approve(meeting=meeting, allow_without_resolutions=True, actor=secretariat)
    assert approved.status == Meeting.Status.APPROVED


def test_attendance_is_recorded_and_absentees_are_derived(body, meeting, secretariat, lead, helper):
    from mahalleh.meetings.selectors import meeting_absentees

    services.attendance_record(
        meeting=meeting,
        entries={lead.pk: ("deputy", "  معاون فنی "), helper.pk: ("absent", "")},
        actor=secretariat,
    )
    rows = {a.agency_id: a for a in meeting.attendances.all()}
    assert rows[lead.pk].status == "deputy" and rows[lead.pk].representative == "معاون فنی"
    assert meeting_absentees(meeting=meeting, user=secretariat) == [helper]
    with pytest.raises(MeetingsError, match="معتبر نیست"):
        services.attendance_record(meeting=meeting, entries={lead.pk: ("late", "")}, actor=secretariat)
    stranger = AgencyFactory(province=ProvinceFactory())
    with pytest.raises(MeetingsError, match="از استان این نهاد نیست"):
        services.attendance_record(meeting=meeting, entries={stranger.pk: ("present", "")}, actor=secretariat)


# ---- resolutions -----------------------------------------------------------------------------


def test_resolution_stores_the_parsed_deadline_and_its_due_date(resolution, lead, helper, meeting):
    assert resolution.number == 1
    assert resolution.deadline_raw == "دو هفته"
    assert (resolution.deadline_kind, resolution.deadline_amount, resolution.deadline_unit) == (
        DeadlineKind.DURATION, 2, "week",
    )
    assert resolution.due_date == meeting.date + datetime.timedelta(days=14)
    assignments = {a.agency_id: a.is_lead for a in resolution.assignments.all()}
    assert assignments == {lead.pk: True, helper.pk: False}


def test_resolution_with_a_month_deadline_clips_to_the_jalali_month_end(body, secretariat, lead):
    meeting = services.meeting_schedule(body=body, date=datetime.date(2022, 9, 22), actor=secretariat)  # 1401/06/31
    r = services.resolution_create(meeting=meeting, text="مقرر گردید ...", lead_agency=lead, deadline_raw="یک ماه",
                                   actor=secretariat)
    assert r.due_date == datetime.date(2022, 10, 22)  # 1401/07/30


def test_resolution_keeps_neighborhoods_axes_and_confidence(meeting, secretariat, lead, province):
    hood = NeighborhoodFactory(county=CountyFactory(province=province))
    r = services.resolution_create(meeting=meeting, text="مقرر گردید", lead_agency=lead, neighborhoods=[hood],
                                   match_confidences={lead.pk: 0.82}, actor=secretariat)
    assert list(r.neighborhoods.all()) == [hood]
    assert Assignment.objects.get(resolution=r).match_confidence == pytest.approx(0.82)
    assert r.deadline_kind == DeadlineKind.NONE and r.due_date is None


def test_empty_text_is_refused_and_nothing_is_written(meeting, secretariat, lead):
    before = AuditEntry.objects.count()
    with pytest.raises(MeetingsError, match="متن مصوبه خالی است"):
        services.resolution_create(meeting=meeting, text="   ", lead_agency=lead, actor=secretariat)
    assert not Resolution.objects.exists()
    assert AuditEntry.objects.count() == before


def test_collaborator_of_another_province_rolls_everything_back(meeting, secretariat, lead):
    foreign = AgencyFactory(province=ProvinceFactory())
    with pytest.raises(MeetingsError, match="از استان این نهاد نیست"):
        services.resolution_create(meeting=meeting, text="مقرر گردید", lead_agency=lead, collaborators=[foreign],
                                   actor=secretariat)
    assert not Resolution.objects.exists() and not Assignment.objects.exists()


def test_duplicate_row_number_is_refused(meeting, resolution, secretariat, lead):
    with pytest.raises(MeetingsError, match="قبلاً ثبت شده"):
        services.resolution_create(meeting=meeting, number=resolution.number, text="مقرر گردید", lead_agency=lead,
                                   actor=secretariat)


def test_two_users_saving_the_same_resolution_version(resolution, secretariat, province):
    other_clerk = user_with_role(Role.SECRETARIAT, province=province)
    version = resolution.version
    first = services.resolution_update(resolution=resolution, version=version, text="متن اول", actor=secretariat)
    with pytest.raises(ConflictError):
        services.resolution_update(resolution=resolution, version=version, text="متن دوم", actor=other_clerk)
    resolution.refresh_from_db()
    assert resolution.text == "متن اول"
    assert resolution.version == first.version == version + 1
    assert audit(resolution, event="resolution edited").count() == 1


def test_changing_the_deadline_derives_the_due_date_again(resolution, meeting, secretariat):
    updated = services.resolution_update(resolution=resolution, version=resolution.version, deadline_raw="یک هفته",
                                         actor=secretariat)
    assert updated.due_date == meeting.date + datetime.timedelta(days=7)
    assert (updated.deadline_amount, updated.deadline_unit) == (1, "week")


def test_changing_assignees_keeps_those_who_reported(resolution, secretariat, lead, helper, province):
    helper_user = user_with_role(Role.AGENCY, agency=helper)
    services.report_submit(assignment=resolution.assignments.get(agency=helper), text="اقدام شد", percent=30,
                           actor=helper_user)
    newcomer = AgencyFactory(province=province)
    with pytest.raises(MeetingsError, match="گزارش ثبت کرده"):
        services.resolution_update(resolution=resolution, version=resolution.version, collaborators=[newcomer],
                                   actor=secretariat)
    updated = services.resolution_update(resolution=resolution, version=resolution.version,
                                         collaborators=[helper, newcomer], actor=secretariat)
    assert set(updated.assignments.values_list("agency_id", "is_lead")) == {
        (lead.pk, True), (helper.pk, False), (newcomer.pk, False)
    }


def test_cancel_needs_a_reason_and_is_an_event(resolution, secretariat):
    with pytest.raises(MeetingsError, match="علت لغو"):
        services.resolution_cancel(resolution=resolution, reason=" ", actor=secretariat)
    cancelled = services.resolution_cancel(resolution=resolution, reason="موضوع منتفی شد", actor=secretariat)
    assert cancelled.status == ResolutionStatus.CANCELLED
    event = audit(resolution, event="resolution cancelled").get()
    assert event.after == {"reason": "موضوع منتفی شد"} and event.actor == secretariat


# ---- follow-up -------------------------------------------------------------------------------


def test_agency_reports_and_the_resolution_awaits_review(resolution, lead, lead_user):
    assignment = resolution.assignments.get(agency=lead)
    report = services.report_submit(assignment=assignment, text="لوله‌گذاری انجام شد", percent=100, actor=lead_user)
    assert report.status == ProgressReport.Status.SUBMITTED and report.author == lead_user
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.REPORTED
    assert audit(report, action="create", actor=lead_user).count() == 1
    assert audit(report, event="report submitted").count() == 1


def test_user_of_another_agency_cannot_report(resolution, lead, helper):
    helper_user = user_with_role(Role.AGENCY, agency=helper)
    with pytest.raises(NotAllowed, match="کارشناس این دستگاه نیستید"):
        services.report_submit(assignment=resolution.assignments.get(agency=lead), text="x", percent=10,
                               actor=helper_user)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("percent", [-1, 101, "زیاد"])
def test_percent_must_be_between_0_and_100(resolution, lead, lead_user, percent):
    with pytest.raises(MeetingsError, match="درصد پیشرفت"):
        services.report_submit(assignment=resolution.assignments.get(agency=lead), text="x", percent=percent,
                               actor=lead_user)


def test_double_submission_returns_the_first_report(resolution, lead, lead_user):
    assignment = resolution.assignments.get(agency=lead)
    key = uuid.uuid4()
    first = services.report_submit(assignment=assignment, text="انجام شد", percent=60, idempotency_key=key,
                                   actor=lead_user)
    second = services.report_submit(assignment=assignment, text="انجام شد", percent=60, idempotency_key=key,
                                    actor=lead_user)
    assert second.pk == first.pk
    assert ProgressReport.objects.filter(assignment=assignment).count() == 1
    again = services.report_submit(assignment=assignment, text="انجام شد", percent=60, idempotency_key=uuid.uuid4(),
                                   actor=lead_user)
    assert again.pk != first.pk  # the same words in a new form are a new report


def test_accepting_the_leads_full_report_closes_the_resolution(resolution, lead, lead_user, secretariat):
    report = services.report_submit(assignment=resolution.assignments.get(agency=lead), text="تمام شد", percent=100,
                                    actor=lead_user)
    accepted = services.report_accept(report=report, actor=secretariat, today=MEETING_DAY + datetime.timedelta(days=9))
    assert accepted.status == ProgressReport.Status.ACCEPTED and accepted.reviewed_by == secretariat
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.DONE
    assert resolution.done_at == MEETING_DAY + datetime.timedelta(days=9)
    assert not resolution.is_overdue(MEETING_DAY + datetime.timedelta(days=60))
    assert audit(resolution, event="resolution accepted", actor=secretariat).count() == 1
    assert audit(report, event="report accepted").count() == 1
    with pytest.raises(MeetingsError, match="پیش‌تر بررسی شده"):
        services.report_accept(report=report, actor=secretariat)
    with pytest.raises(MeetingsError, match="بسته شده"):
        services.report_submit(assignment=report.assignment, text="باز هم", percent=100, actor=lead_user)


def test_partial_or_collaborator_reports_do_not_close_it(resolution, lead, helper, lead_user, secretariat):
    helper_user = user_with_role(Role.AGENCY, agency=helper)
    partial = services.report_submit(assignment=resolution.assignments.get(agency=lead), text="نیمی انجام شد",
                                     percent=50, actor=lead_user)
    services.report_accept(report=partial, actor=secretariat)
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.IN_PROGRESS
    helper_full = services.report_submit(assignment=resolution.assignments.get(agency=helper), text="سهم ما انجام شد",
                                         percent=100, actor=helper_user)
    services.report_accept(report=helper_full, actor=secretariat)
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.IN_PROGRESS and resolution.done_at is None


def test_returned_report_keeps_its_reason(resolution, lead, lead_user, secretariat):
    report = services.report_submit(assignment=resolution.assignments.get(agency=lead), text="انجام شد", percent=100,
                                    actor=lead_user)
    with pytest.raises(MeetingsError, match="علت برگشت"):
        services.report_return(report=report, reason="", actor=secretariat)
    returned = services.report_return(report=report, reason="مستندات پیوست نشده است", actor=secretariat)
    assert returned.status == ProgressReport.Status.RETURNED
    assert returned.review_reason == "مستندات پیوست نشده است"
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.RETURNED
    assert audit(report, event="report returned").get().after == {"reason": "مستندات پیوست نشده است"}


def test_only_the_secretariat_reviews_reports(resolution, lead, lead_user):
    report = services.report_submit(assignment=resolution.assignments.get(agency=lead), text="انجام شد", percent=100,
                                    actor=lead_user)
    with pytest.raises(NotAllowed):
        services.report_accept(report=report, actor=lead_user)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_continuous_resolution_reports_by_month(meeting, secretariat, lead, lead_user):
    r = services.resolution_create(meeting=meeting, text="گزارش ماهانه", lead_agency=lead, deadline_raw="بطور مستمر",
                                   actor=secretariat)
    assert r.deadline_kind == DeadlineKind.CONTINUOUS
    assert r.due_date == datetime.date(2022, 7, 22)  # end of Tir 1401
    report = services.report_submit(assignment=r.assignments.get(), text="گزارش تیر", percent=100,
                                    period=datetime.date(2022, 7, 20), actor=lead_user)
    assert report.period == datetime.date(2022, 6, 22)  # 1401/04/01
    services.report_accept(report=report, actor=secretariat)
    r.refresh_from_db()
    assert r.status == ResolutionStatus.IN_PROGRESS  # continuous: never closed by a report
    assert r.due_date == datetime.date(2022, 8, 22)  # end of Mordad 1401, when the next report is due


def test_timeline_lists_creation_reports_reviews_and_events_in_order(resolution, lead, lead_user, secretariat):
    assignment = resolution.assignments.get(agency=lead)
    first = services.report_submit(assignment=assignment, text="انجام شد", percent=100, actor=lead_user)
    services.report_return(report=first, reason="ناقص است", actor=secretariat)
    second = services.report_submit(assignment=assignment, text="تکمیل شد", percent=100, actor=lead_user)
    services.report_accept(report=second, actor=secretariat)

    timeline = services.resolution_timeline(resolution)

    assert [e.kind for e in timeline] == ["created", "report", "returned", "report", "accepted", "event"]
    assert timeline[0].actor == secretariat
    assert timeline[2].text == "ناقص است"
    assert timeline[-1].title == "انجام مصوبه تأیید شد"
    assert [e.at for e in timeline] == sorted(e.at for e in timeline)


def test_every_write_is_audited_with_its_actor(body, secretariat, lead):
    before = AuditEntry.objects.count()
    meeting = services.meeting_schedule(body=body, date=MEETING_DAY, actor=secretariat)
    services.resolution_create(meeting=meeting, text="مقرر گردید", lead_agency=lead, actor=secretariat)
    services.meeting_mark_held(meeting=meeting, actor=secretariat)
    entries = AuditEntry.objects.order_by("id")[before:]
    # meeting create + "meeting scheduled", resolution create + assignment create, meeting update + "meeting held"
    assert [(e.content_type.model, e.action, e.event) for e in entries] == [
        ("meeting", "create", ""),
        ("meeting", "event", "meeting scheduled"),
        ("resolution", "create", ""),
        ("assignment", "create", ""),
        ("meeting", "update", ""),
        ("meeting", "event", "meeting held"),
    ]
    assert {e.actor for e in entries} == {secretariat}
