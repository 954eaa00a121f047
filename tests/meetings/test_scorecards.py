"""Agency scorecards: what each agency was assigned in a period, how it did, and whether it came."""

import datetime

import pytest

from mahalleh.core.roles import Role
from mahalleh.meetings.models import Attendance, ResolutionStatus
from mahalleh.meetings.selectors import scorecards
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    ProvinceFactory,
    ResolutionFactory,
    user_with_role,
)

D = datetime.date(2022, 7, 14)
START, END = D, D + datetime.timedelta(days=40)
TODAY = D + datetime.timedelta(days=30)


def days(n: int) -> datetime.date:
    return D + datetime.timedelta(days=n)


def give(agency, meeting, *, lead=True, **fields):
    return AssignmentFactory(resolution=ResolutionFactory(meeting=meeting, **fields), agency=agency, is_lead=lead)


@pytest.fixture
def setting(province):
    """Two bodies of the province, two agencies, and a mix of work in and out of the period."""
    hq = BodyFactory(province=province)
    group = BodyFactory(province=province, kind="working_group")
    water = AgencyFactory(province=province, name="آب و فاضلاب")
    sport = AgencyFactory(province=province, name="ورزش و جوانان")
    m1 = MeetingFactory(body=hq, date=D)
    m2 = MeetingFactory(body=hq, date=days(7))
    g1 = MeetingFactory(body=group, date=days(3))
    outside = MeetingFactory(body=hq, date=days(-30))

    give(water, m1, due_date=days(14), status=ResolutionStatus.DONE, done_at=days(10))  # on time, 10 days
    give(water, m1, due_date=days(7), status=ResolutionStatus.DONE, done_at=days(20))  # late, 20 days
    give(water, m2, due_date=None, status=ResolutionStatus.DONE, done_at=days(37))  # no due date: on time, 30 days
    give(water, m2, due_date=days(14))  # overdue on TODAY
    give(water, m2, due_date=days(60), status=ResolutionStatus.IN_PROGRESS)  # open, not yet due
    give(water, m2, due_date=None)  # open, no due date
    give(water, m2, due_date=days(8), status=ResolutionStatus.CANCELLED)  # not counted
    give(water, outside, due_date=days(-20))  # meeting outside the period
    give(sport, m1, due_date=days(7))  # overdue
    give(sport, g1, due_date=days(10), status=ResolutionStatus.RETURNED)  # overdue (returned is still open)
    give(sport, g1, due_date=days(5), lead=True)  # overdue

    for meeting, status in ((m1, "present"), (m2, "absent"), (g1, "deputy"), (outside, "absent")):
        AttendanceFactory(meeting=meeting, agency=water, status=status)
    AttendanceFactory(meeting=m1, agency=sport, status=Attendance.Status.INVITED)  # not recorded yet
    return {"hq": hq, "group": group, "water": water, "sport": sport}


def test_scorecards_count_each_agencys_work(setting, secretariat, province):
    rows = scorecards(user=secretariat, province=province, start=START, end=END, today=TODAY)

    assert [r.agency for r in rows] == [setting["sport"], setting["water"]]  # most overdue first
    sport, water = rows
    assert (water.assigned, water.done_on_time, water.done_late, water.overdue, water.open_not_due) == (6, 2, 1, 1, 2)
    assert water.done == 3
    assert water.median_days_to_done == 20.0  # of 10, 20 and 30 days
    assert (water.meetings_attended, water.meetings_missed) == (2, 1)
    assert water.attendance_rate == pytest.approx(2 / 3)
    assert (sport.assigned, sport.overdue, sport.done, sport.median_days_to_done) == (3, 3, 0, None)
    assert sport.attendance_rate is None  # only an invitation, nothing recorded


def test_scorecards_of_one_body(setting, secretariat, province):
    rows = scorecards(user=secretariat, province=province, body=setting["group"], start=START, end=END, today=TODAY)
    assert [(r.agency, r.assigned, r.overdue, r.meetings_attended) for r in rows] == [(setting["sport"], 2, 2, 0),
                                                                                      (setting["water"], 0, 0, 1)]


def test_overdue_moves_with_the_day_asked(setting, secretariat, province):
    early = scorecards(user=secretariat, province=province, start=START, end=END, today=days(6))
    water = next(r for r in early if r.agency == setting["water"])
    assert (water.overdue, water.open_not_due) == (0, 3)


def test_scorecards_are_scoped_to_the_users_province(setting, province):
    outsider = user_with_role(Role.SECRETARIAT, province=ProvinceFactory())
    assert scorecards(user=outsider, province=province, start=START, end=END, today=TODAY) == []
    governor = user_with_role(Role.GOVERNOR, province=province)
    assert len(scorecards(user=governor, province=province, start=START, end=END, today=TODAY)) == 2
