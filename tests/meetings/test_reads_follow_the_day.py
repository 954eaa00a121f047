"""A hot read asked on the 15th answers for the 15th, not for the day it was first asked (issue 8 §1).

``core.prepared.PreparedQuery`` kept the SQL and the parameters of a read's first call and put back only
the values it was handed, so a value the read worked out for itself (today) stayed the first call's: the
first version of this file built such a read on the 5th and got the 5th's rows on the 15th (it failed on
commit 482e39a). The prepared queries are gone; the selectors build their queries on every call, and these
tests ask them, with the default ``today``, on the 5th and then on the 15th.
"""

import datetime
from unittest import mock

import pytest

from mahalleh.core.roles import Role
from mahalleh.meetings import selectors
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    MeetingFactory,
    ResolutionFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

FIFTH, FIFTEENTH = datetime.date(2025, 5, 5), datetime.date(2025, 5, 15)


def on(day):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.fixture
def work(province):
    """An agency with two open assignments of a meeting on the 1st, due on the 10th and on the 20th."""
    agency = AgencyFactory(province=province)
    meeting = MeetingFactory(body=BodyFactory(province=province), date=datetime.date(2025, 5, 1))
    for day in (10, 20):
        AssignmentFactory(resolution=ResolutionFactory(meeting=meeting, due_date=datetime.date(2025, 5, day)),
                          agency=agency, is_lead=True)
    return {"agency": agency, "user": user_with_role(Role.AGENCY, agency=agency)}


def test_the_inbox_asked_on_the_5th_then_the_15th_answers_for_the_15th(work):
    with on(FIFTH):
        first = selectors.inbox(user=work["user"])
    with on(FIFTEENTH):
        later = selectors.inbox(user=work["user"])
    assert [(r.is_overdue, r.days_overdue, r.days_left) for r in first] == [(False, 0, 5), (False, 0, 15)]
    assert [(r.is_overdue, r.days_overdue, r.days_left) for r in later] == [(True, 5, None), (False, 0, 5)]


def test_the_scorecards_asked_on_the_5th_then_the_15th_answer_for_the_15th(work, province, secretariat):
    def overdue_and_not_due():
        [row] = selectors.scorecards(user=secretariat, province=province, start=datetime.date(2025, 5, 1),
                                     end=datetime.date(2025, 5, 31))
        return row.agency, row.overdue, row.open_not_due

    with on(FIFTH):
        assert overdue_and_not_due() == (work["agency"], 0, 2)
    with on(FIFTEENTH):
        assert overdue_and_not_due() == (work["agency"], 1, 1)  # the 10th is past on the 15th
