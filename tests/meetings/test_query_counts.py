"""The selectors read a fixed number of queries: 30 rows cost what 3 rows cost (no N+1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mahalleh.accounts.models import User
from mahalleh.core.roles import Role
from mahalleh.meetings import selectors
from mahalleh.meetings.models import Attendance, DeadlineKind, ProgressReport, ResolutionStatus
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    ProgressReportFactory,
    ResolutionFactory,
    user_with_role,
)

D = datetime.date(2022, 7, 14)
TODAY = datetime.date(2022, 11, 1)
MAX_QUERIES = 8


@pytest.fixture
def world(province):
    body = BodyFactory(province=province)
    focal = AgencyFactory(province=province)
    return {
        "body": body,
        "focal": focal,
        "focal_user": user_with_role(Role.AGENCY, agency=focal),
        "current": MeetingFactory(body=body, number=1000, date=TODAY),
    }


def add_rows(world, province, n: int) -> None:
    """``n`` earlier meetings, each with an attendance row and a resolution assigned to ``focal`` (lead)
    and to a collaborator of its own, with reports; every third is continuous."""
    for i in range(n):
        meeting = MeetingFactory(body=world["body"], date=D + datetime.timedelta(days=i))
        other = AgencyFactory(province=province)
        AttendanceFactory(meeting=meeting, agency=world["focal"], status=Attendance.Status.ABSENT if i % 2 else "present")
        AttendanceFactory(meeting=meeting, agency=other)
        continuous = i % 3 == 0
        resolution = ResolutionFactory(
            meeting=meeting,
            due_date=D + datetime.timedelta(days=i * 3),
            deadline_kind=DeadlineKind.CONTINUOUS if continuous else DeadlineKind.DURATION,
            status=ResolutionStatus.DONE if i % 5 == 4 else ResolutionStatus.OPEN,
            done_at=D + datetime.timedelta(days=i + 4) if i % 5 == 4 else None,
        )
        lead = AssignmentFactory(resolution=resolution, agency=world["focal"], is_lead=True)
        AssignmentFactory(resolution=resolution, agency=other, is_lead=False)
        ProgressReportFactory(assignment=lead, period=D if continuous else None, status=ProgressReport.Status.ACCEPTED)
        ProgressReportFactory(assignment=lead)


def count_queries(func) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = func()
    return len(ctx.captured_queries), result


def fresh(user):
    """The same user as a new request loads it, so building its scope is counted every time."""
    return User.objects.get(pk=user.pk)


SELECTORS = {
    "inbox": lambda w, s, p: selectors.inbox(user=fresh(w["focal_user"]), today=TODAY),
    "review": lambda w, s, p: selectors.review(meeting=w["current"], user=fresh(s)),
    "scorecards": lambda w, s, p: selectors.scorecards(
        user=fresh(s), province=p, start=D, end=TODAY, today=TODAY
    ),
    "agency_attendance": lambda w, s, p: selectors.agency_attendance(agency=w["focal"], user=fresh(s)),
}


@pytest.mark.parametrize("name", list(SELECTORS))
def test_query_count_does_not_grow_with_rows(name, world, secretariat, province, django_assert_max_num_queries):
    run = SELECTORS[name]
    add_rows(world, province, 3)
    with django_assert_max_num_queries(MAX_QUERIES):
        few, small = count_queries(lambda: run(world, secretariat, province))
    add_rows(world, province, 27)
    with django_assert_max_num_queries(MAX_QUERIES):
        many, large = count_queries(lambda: run(world, secretariat, province))
    assert many == few

    # The runs read real rows, so the equality is not the trivial one of two empty answers.
    def size(result):
        if name == "review":
            return sum(len(g.rows) for g in result.groups)
        if name == "agency_attendance":
            return len(result.rows)
        if name == "scorecards":
            return sum(r.assigned for r in result)
        return len(result)

    assert size(large) > size(small) > 0


def test_resolution_timeline_query_count_is_fixed(world, secretariat, province):
    add_rows(world, province, 1)
    resolution = world["focal"].assignments.get().resolution
    few, _ = count_queries(lambda: selectors.resolution_timeline(resolution))
    lead = resolution.assignments.get(is_lead=True)
    for _ in range(10):
        ProgressReportFactory(assignment=lead, status=ProgressReport.Status.RETURNED,
                              reviewed_at=datetime.datetime(2022, 8, 1, tzinfo=datetime.UTC), reviewed_by=secretariat)
    many, entries = count_queries(lambda: selectors.resolution_timeline(resolution))
    assert many == few
    assert sum(e.kind == "returned" for e in entries) == 10
