"""The meetings selectors: inbox, review of previous resolutions, missing monthly reports, periods, attendance."""

import datetime

import pytest

from mahalleh.core.roles import Role
from mahalleh.meetings import selectors, services
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import Attendance, DeadlineKind, ProgressReport, ResolutionStatus
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    ProgressReportFactory,
    ProvinceFactory,
    ResolutionFactory,
    user_with_role,
)

D = datetime.date(2022, 7, 14)  # ۱۴۰۱/۰۴/۲۳
TODAY = datetime.date(2022, 8, 1)


def days(n: int) -> datetime.date:
    return D + datetime.timedelta(days=n)


@pytest.fixture
def body(province):
    return BodyFactory(province=province)


@pytest.fixture
def agency(province):
    return AgencyFactory(province=province, name="اداره کل ورزش و جوانان")


@pytest.fixture
def agency_user(agency):
    return user_with_role(Role.AGENCY, agency=agency)


def assign(agency, meeting, **resolution_fields):
    resolution = ResolutionFactory(meeting=meeting, **resolution_fields)
    return AssignmentFactory(resolution=resolution, agency=agency, is_lead=True)


# ---- inbox -----------------------------------------------------------------------------------


def test_inbox_lists_open_assignments_overdue_first(body, agency, agency_user, province):
    meeting = MeetingFactory(body=body, date=D)
    no_due = assign(agency, meeting, due_date=None)
    later = assign(agency, meeting, due_date=TODAY + datetime.timedelta(days=5))
    slightly_late = assign(agency, meeting, due_date=TODAY - datetime.timedelta(days=3))
    very_late = assign(agency, meeting, due_date=TODAY - datetime.timedelta(days=10))
    soon = assign(agency, meeting, due_date=TODAY)
    assign(agency, meeting, due_date=D, status=ResolutionStatus.DONE, done_at=D)
    assign(AgencyFactory(province=province), meeting, due_date=D)  # another agency's work

    rows = selectors.inbox(user=agency_user, today=TODAY)

    assert [r.assignment for r in rows] == [very_late, slightly_late, soon, later, no_due]
    assert [(r.is_overdue, r.days_overdue, r.days_left) for r in rows] == [
        (True, 10, None), (True, 3, None), (False, 0, 0), (False, 0, 5), (False, 0, None),
    ]
    assert rows[0].meeting == meeting and rows[0].body == body


def test_inbox_shows_the_latest_report(body, agency, agency_user):
    a = assign(agency, MeetingFactory(body=body, date=D), due_date=days(30))
    ProgressReportFactory(assignment=a, percent=20, status=ProgressReport.Status.RETURNED)
    latest = ProgressReportFactory(assignment=a, percent=70)
    row = selectors.inbox(user=agency_user, today=TODAY)[0]
    assert row.latest_report == latest
    assert (row.latest_status, row.latest_percent) == (ProgressReport.Status.SUBMITTED, 70)


def test_inbox_is_empty_for_users_without_an_agency(body, agency, secretariat, county_user):
    assign(agency, MeetingFactory(body=body, date=D), due_date=days(3))
    assert selectors.inbox(user=county_user, today=TODAY) == []


def test_inbox_lists_missing_months_of_a_continuous_resolution(body, agency, agency_user):
    a = assign(agency, MeetingFactory(body=body, date=D), deadline_kind=DeadlineKind.CONTINUOUS,
               due_date=datetime.date(2022, 7, 22))
    # Mordad 1401 accepted; Shahrivar only submitted.
    ProgressReportFactory(assignment=a, period=datetime.date(2022, 7, 23), status=ProgressReport.Status.ACCEPTED)
    ProgressReportFactory(assignment=a, period=datetime.date(2022, 8, 23))
    row = selectors.inbox(user=agency_user, today=datetime.date(2022, 10, 2))[0]  # 1401/07/10
    assert row.missing_months == [datetime.date(2022, 6, 22), datetime.date(2022, 8, 23)]  # Tir, Shahrivar


# ---- missing months and periods --------------------------------------------------------------


def test_missing_months_counts_complete_months_from_the_meeting_month(body, agency):
    a = assign(agency, MeetingFactory(body=body, date=D), deadline_kind=DeadlineKind.CONTINUOUS)
    r = a.resolution
    assert selectors.missing_months(r, datetime.date(2022, 7, 20)) == []  # Tir has not ended yet
    assert selectors.missing_months(r, datetime.date(2022, 7, 23)) == [datetime.date(2022, 6, 22)]
    ProgressReportFactory(assignment=a, period=datetime.date(2022, 6, 22), status=ProgressReport.Status.ACCEPTED)
    assert selectors.missing_months(r, datetime.date(2022, 8, 30)) == [datetime.date(2022, 7, 23)]


def test_missing_months_is_empty_for_ordinary_resolutions(body, agency):
    a = assign(agency, MeetingFactory(body=body, date=D), deadline_kind=DeadlineKind.DURATION, due_date=days(7))
    assert selectors.missing_months(a.resolution, datetime.date(2023, 1, 1)) == []


def test_period_bounds_for_month_quarter_and_year():
    assert selectors.period_bounds(1401, month=4) == (datetime.date(2022, 6, 22), datetime.date(2022, 7, 22))
    assert selectors.period_bounds(1401, quarter=2) == (datetime.date(2022, 6, 22), datetime.date(2022, 9, 22))
    assert selectors.period_bounds(1401) == (datetime.date(2022, 3, 21), datetime.date(2023, 3, 20))
    assert selectors.period_bounds(1403, month=12)[1] == datetime.date(2025, 3, 20)  # 1403 is leap: Esfand 30
    with pytest.raises(MeetingsError):
        selectors.period_bounds(1401, month=1, quarter=1)
    with pytest.raises(MeetingsError):
        selectors.period_bounds(1401, quarter=5)


# ---- review ----------------------------------------------------------------------------------


def test_review_groups_open_and_recently_closed_resolutions_by_lead(body, secretariat, province):
    water = AgencyFactory(province=province, name="آب و فاضلاب")
    sport = AgencyFactory(province=province, name="ورزش و جوانان")
    first = MeetingFactory(body=body, number=1, date=D)
    second = MeetingFactory(body=body, number=2, date=days(7))
    current = MeetingFactory(body=body, number=3, date=days(14), status="planned")

    overdue = assign(sport, first, number=1, due_date=days(7)).resolution
    closed_long_ago = assign(water, first, number=2, status=ResolutionStatus.DONE, done_at=days(3)).resolution
    closed_recently = assign(water, second, number=1, status=ResolutionStatus.DONE, done_at=days(10)).resolution
    not_due = assign(water, second, number=2, due_date=days(30)).resolution
    assign(water, current, number=1, due_date=days(20))  # this meeting's own: not reviewed
    assign(water, MeetingFactory(body=BodyFactory(province=province), date=D), due_date=D)  # another body

    report = selectors.review(meeting=current, user=secretariat)

    assert report.previous_meeting == second
    assert report.as_of == current.date
    assert [g.name for g in report.groups] == ["آب و فاضلاب", "ورزش و جوانان"]
    water_rows, sport_rows = (g.rows for g in report.groups)
    assert [r.resolution for r in water_rows] == [closed_recently, not_due]
    assert [r.closed_since_previous for r in water_rows] == [True, False]
    assert [(r.resolution, r.is_overdue, r.days_overdue, r.meeting_number) for r in sport_rows] == [
        (overdue, True, 7, 1)
    ]
    assert closed_long_ago not in [r.resolution for g in report.groups for r in g.rows]
    assert report.counts == {ResolutionStatus.OPEN: 2, ResolutionStatus.DONE: 1}
    assert (report.open, report.overdue, report.closed_since_previous) == (2, 1, 1)


def test_review_as_of_a_later_day(body, secretariat, agency):
    first = MeetingFactory(body=body, number=1, date=D)
    current = MeetingFactory(body=body, number=2, date=days(7))
    assign(agency, first, due_date=days(10))
    assert selectors.review(meeting=current, user=secretariat).overdue == 0
    assert selectors.review(meeting=current, user=secretariat, today=days(12)).groups[0].rows[0].days_overdue == 2


def test_review_shows_nothing_to_a_user_of_another_province(body, agency):
    first = MeetingFactory(body=body, number=1, date=D)
    current = MeetingFactory(body=body, number=2, date=days(7))
    assign(agency, first, due_date=D)
    outsider = user_with_role(Role.SECRETARIAT, province=ProvinceFactory())
    assert selectors.review(meeting=current, user=outsider).groups == []


# ---- overdue is derived, everywhere ----------------------------------------------------------


def test_a_late_resolution_is_overdue_everywhere_without_any_job(body, agency, agency_user, secretariat, province):
    meeting = services.meeting_schedule(body=body, date=D, actor=secretariat)
    resolution = services.resolution_create(meeting=meeting, text="مقرر گردید سالن ورزشی تجهیز شود",
                                            lead_agency=agency, deadline_raw="یک هفته", actor=secretariat)
    later = days(20)
    next_meeting = services.meeting_schedule(body=body, date=later, actor=secretariat)
    assert resolution.status == ResolutionStatus.OPEN  # nothing was stored about lateness

    row = selectors.inbox(user=agency_user, today=later)[0]
    assert (row.resolution, row.is_overdue, row.days_overdue) == (resolution, True, 13)

    review_row = selectors.review(meeting=next_meeting, user=secretariat).groups[0].rows[0]
    assert (review_row.resolution, review_row.days_overdue) == (resolution, 13)

    card = selectors.scorecards(user=secretariat, province=province, start=D, end=D, today=later)[0]
    assert (card.agency, card.overdue, card.open_not_due) == (agency, 1, 0)

    # A report that awaits review does not stop the clock; only acceptance does.
    report = services.report_submit(assignment=resolution.assignments.get(), text="انجام شد", percent=100,
                                    actor=agency_user)
    assert selectors.inbox(user=agency_user, today=later)[0].is_overdue
    services.report_accept(report=report, actor=secretariat, today=later)
    assert selectors.inbox(user=agency_user, today=later) == []


# ---- attendance ------------------------------------------------------------------------------


def test_agency_attendance_history_and_rate(body, agency, secretariat):
    dates = [D, days(7), days(14), days(21)]
    statuses = [Attendance.Status.PRESENT, Attendance.Status.DEPUTY, Attendance.Status.ABSENT, Attendance.Status.INVITED]
    for n, (d, status) in enumerate(zip(dates, statuses, strict=True), start=1):
        AttendanceFactory(meeting=MeetingFactory(body=body, number=n, date=d), agency=agency, status=status)

    history = selectors.agency_attendance(agency=agency, user=secretariat)

    assert [r.meeting.date for r in history.rows] == sorted(dates, reverse=True)
    assert (history.attended, history.missed) == (2, 1)
    assert history.rate == pytest.approx(2 / 3)
    outsider = user_with_role(Role.SECRETARIAT, province=ProvinceFactory())
    empty = selectors.agency_attendance(agency=agency, user=outsider)
    assert empty.rows == [] and empty.rate is None
