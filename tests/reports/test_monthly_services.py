"""Monthly agency reports: who must report, the due date, filing, review, bad input and scope."""

import datetime
import uuid
from decimal import Decimal

import pytest

from mahalleh.core.audit import history
from mahalleh.core.models import Closure
from mahalleh.core.roles import Role
from mahalleh.core.scoping import CHANGE, VIEW
from mahalleh.core.services import ConflictError, NotAllowed
from mahalleh.meetings.models import BodyMembership
from mahalleh.reports import monthly, services
from mahalleh.reports.monthly import Month, State
from mahalleh.reports.monthly_models import MonthlyReport, MonthlySettings
from mahalleh.reports.services import IndicatorEntry, MonthlyError, ServiceEntry
from tests.factories import AgencyFactory, BodyFactory, CountyFactory, ProvinceFactory, user_with_role

Status = MonthlyReport.Status


def test_the_required_agencies_are_the_hqs_active_members_but_the_governorates_offices(agency, other_agency, not_required):
    far = ProvinceFactory(name="قم", code="qom")
    far_agency = AgencyFactory(province=far)
    BodyMembership.objects.create(body=BodyFactory(province=far), agency=far_agency)
    retired = AgencyFactory(province=agency.province, is_active=False)
    BodyMembership.objects.create(body=agency.memberships.get().body, agency=retired)
    assert list(monthly.required_agencies(agency.province).order_by("name")) == [other_agency, agency]


def test_the_due_day_of_the_next_month_moves_to_the_next_working_day(province):
    # 1405/09/05 is Thursday 2026-11-26 (Thursday off by default), Friday next: Saturday 1405/09/08
    assert monthly.due_date(province, Month(1405, 8)) == datetime.date(2026, 11, 28)
    Closure.objects.create(date=datetime.date(2026, 11, 28), reason="آلودگی هوا")
    assert monthly.due_date(province, Month(1405, 8)) == datetime.date(2026, 11, 29)
    MonthlySettings.objects.create(province=province, due_day=10)  # 1405/09/10, Monday 2026-12-01
    assert monthly.due_date(province, Month(1405, 8)) == datetime.date(2026, 12, 1)
    # Esfand's report is due in Farvardin of the next year
    assert monthly.due_date(province, Month(1404, 12)) >= datetime.date(2025, 3, 30)


def test_month_parsing_and_arithmetic():
    assert Month.parse("۱۴۰۵/۰۸") == Month(1405, 8) == Month.parse("1405-8")
    assert Month(1405, 12).next() == Month(1406, 1) and Month(1406, 1).previous() == Month(1405, 12)
    with pytest.raises(ValueError, match="وجود ندارد"):
        Month.parse("1405/13")
    with pytest.raises(ValueError, match="سال/ماه"):
        Month.parse("آبان")


def test_the_focal_point_drafts_then_submits_and_the_secretariat_accepts(focal, secretariat, agency, hood, indicator, axis, this_month):
    report = services.monthly_report_create(
        agency=agency, month=this_month, narrative="برگزاری مسابقات محله", actor=focal,
        indicators=[IndicatorEntry(indicator, Decimal("120"), "")],
        services=[ServiceEntry(hood, axis, "کلاس فوتبال نونهالان", Decimal("40"), "نفر")])
    assert report.status == Status.DRAFT and report.filed_on is None
    assert report.indicator_lines.get().value == 120 and report.service_lines.get().neighborhood == hood
    report = services.monthly_report_update(report=report, version=report.version, narrative="برگزاری مسابقات محله",
                                            services=[], submit=True, actor=focal)
    assert report.status == Status.SUBMITTED and report.filed_on is not None and report.submitted_by == focal
    assert report.service_lines.count() == 0  # the lines are replaced by what the form sends
    report = services.monthly_report_review(report=report, decision="accept", version=report.version, actor=secretariat)
    assert report.status == Status.ACCEPTED and report.reviewed_by == secretariat
    assert {e.event for e in history(report)} >= {"monthly report drafted", "monthly report submitted",
                                                  "monthly report accepted"}


def test_a_return_needs_a_note_and_the_first_filing_date_is_kept(focal, secretariat, agency, this_month):
    report = services.monthly_report_create(agency=agency, month=this_month, narrative="شرح", submit=True, actor=focal)
    MonthlyReport.objects.filter(pk=report.pk).update(filed_on=datetime.date(2020, 1, 1))
    report.refresh_from_db()
    with pytest.raises(MonthlyError) as refused:
        services.monthly_report_review(report=report, decision="return", version=report.version, note=" ", actor=secretariat)
    assert refused.value.field == "note" and "علت" in refused.value.message_fa
    report = services.monthly_report_review(report=report, decision="return", version=report.version,
                                            note="آمار محله‌ها را کامل کنید", actor=secretariat)
    report = services.monthly_report_update(report=report, version=report.version, narrative="شرح کامل", submit=True,
                                            actor=focal)
    assert report.status == Status.SUBMITTED and report.filed_on == datetime.date(2020, 1, 1)


def test_a_month_not_yet_begun_is_refused_on_its_field_and_nothing_is_saved(focal, agency, this_month):
    with pytest.raises(MonthlyError) as refused:
        services.monthly_report_create(agency=agency, month=this_month.next(), narrative="x", actor=focal)
    assert refused.value.field == "month" and "هنوز آغاز نشده" in refused.value.message_fa
    assert not MonthlyReport.objects.exists()


def test_an_accepted_month_is_refused_on_its_field(focal, secretariat, agency, last_month):
    report = services.monthly_report_create(agency=agency, month=last_month, narrative="x", submit=True, actor=focal)
    services.monthly_report_review(report=report, decision="accept", version=report.version, actor=secretariat)
    with pytest.raises(MonthlyError) as again:
        services.monthly_report_create(agency=agency, month=last_month, narrative="y", actor=focal)
    assert again.value.field == "month" and "پذیرفته" in again.value.message_fa
    report.refresh_from_db()
    with pytest.raises(MonthlyError, match="پذیرفته"):
        services.monthly_report_update(report=report, version=report.version, narrative="y", actor=focal)
    report.refresh_from_db()
    assert report.narrative == "x" and MonthlyReport.objects.count() == 1


def test_a_submitted_report_waits_for_review_and_a_stale_version_is_refused(focal, agency, this_month):
    report = services.monthly_report_create(agency=agency, month=this_month, narrative="x", actor=focal)
    services.monthly_report_update(report=report, version=report.version, narrative="y", actor=focal)
    with pytest.raises(ConflictError):
        services.monthly_report_update(report=report, version=report.version, narrative="z", actor=focal)
    report.refresh_from_db()
    services.monthly_report_update(report=report, version=report.version, narrative="y", submit=True, actor=focal)
    report.refresh_from_db()
    with pytest.raises(MonthlyError, match="در انتظار بررسی"):
        services.monthly_report_update(report=report, version=report.version, narrative="w", actor=focal)


def test_submitting_needs_a_narrative_and_nothing_partial_is_saved(focal, agency, hood, axis, this_month):
    with pytest.raises(MonthlyError) as refused:
        services.monthly_report_create(agency=agency, month=this_month, narrative="  ", submit=True, actor=focal,
                                       services=[ServiceEntry(hood, axis, "کلاس", Decimal(1))])
    assert refused.value.field == "narrative"
    assert not MonthlyReport.objects.exists()


def test_only_the_agencys_focal_point_files_and_only_the_secretariat_reviews(focal, secretariat, agency, other_agency, this_month):
    governor = user_with_role(Role.GOVERNOR, province=agency.province)
    with pytest.raises(NotAllowed):
        services.monthly_report_create(agency=other_agency, month=this_month, narrative="x", actor=focal)
    with pytest.raises(NotAllowed):
        services.monthly_report_create(agency=agency, month=this_month, narrative="x", actor=secretariat)
    report = services.monthly_report_create(agency=agency, month=this_month, narrative="x", submit=True, actor=focal)
    for who in (governor, focal):
        with pytest.raises(NotAllowed):
            services.monthly_report_review(report=report, decision="accept", version=report.version, actor=who)


def test_an_agency_that_need_not_report_is_refused(not_required, this_month):
    invitee = not_required[0]
    partner = user_with_role(Role.AGENCY, agency=invitee)
    with pytest.raises(MonthlyError, match="موظف"):
        services.monthly_report_create(agency=invitee, month=this_month, narrative="x", actor=partner)


def test_a_create_is_made_once_per_form_key(focal, agency, this_month):
    key = uuid.uuid4()
    first = services.monthly_report_create(agency=agency, month=this_month, narrative="x", actor=focal, idempotency_key=key)
    again = services.monthly_report_create(agency=agency, month=this_month, narrative="x", actor=focal, idempotency_key=key)
    assert first == again and MonthlyReport.objects.count() == 1


def test_who_reads_and_writes_a_report(focal, secretariat, agency, other_agency, this_month):
    county = CountyFactory(province=agency.province, name="فردیس")
    municipality = AgencyFactory(province=agency.province, county=county, name="شهرداری فردیس")
    BodyMembership.objects.create(body=agency.memberships.get().body, agency=municipality)
    own = services.monthly_report_create(agency=agency, month=this_month, actor=focal)
    theirs = MonthlyReport.objects.create(agency=municipality, province=agency.province, year=this_month.year,
                                          month=this_month.month)
    far = ProvinceFactory(name="قم", code="qom")
    far_report = MonthlyReport.objects.create(agency=AgencyFactory(province=far), province=far, year=1405, month=1)
    users = {
        "focal": focal, "secretariat": secretariat,
        "governor": user_with_role(Role.GOVERNOR, province=agency.province),
        "fardis": user_with_role(Role.COUNTY, county=county),
        "other focal": user_with_role(Role.AGENCY, agency=other_agency),
        "national": user_with_role(Role.NATIONAL),
        "far secretariat": user_with_role(Role.SECRETARIAT, province=far),
    }
    seen = {name: set(MonthlyReport.objects.restrict(u, VIEW)) for name, u in users.items()}
    assert seen == {
        "focal": {own}, "secretariat": {own, theirs}, "governor": {own, theirs}, "fardis": {theirs},
        "other focal": set(), "national": {own, theirs, far_report}, "far secretariat": {far_report},
    }
    assert set(MonthlyReport.objects.restrict(users["governor"], CHANGE)) == set()
    assert set(MonthlyReport.objects.restrict(focal, CHANGE)) == {own}


def test_states_of_a_month(agency, other_agency, province, last_month):
    due = monthly.due_date(province, last_month)
    MonthlyReport.objects.create(agency=agency, province=province, year=last_month.year, month=last_month.month,
                                 status=Status.SUBMITTED, filed_on=due + datetime.timedelta(days=2))

    def names(state, today):
        return [a.name for a in monthly.month_rows(province, last_month, state=state, today=today)]

    after = due + datetime.timedelta(days=3)
    assert names(State.LATE, after) == [agency.name] and names(State.ON_TIME, after) == []
    assert names(State.NOT_FILED, after) == [other_agency.name]
    assert names(State.OVERDUE, after) == [other_agency.name, agency.name]
    assert names(State.OVERDUE, due) == [agency.name]  # on the due day the missing one is not late yet
    assert names(State.DUE, after) == [other_agency.name, agency.name]
    assert monthly.timeliness(None, due, after) == "ارسال‌نشده (مهلت گذشته)"
