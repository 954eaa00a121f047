"""A hot read asked on the 15th answers for the 15th, not for the day it was first asked (issue 8 §1):
``core.prepared.PreparedQuery`` kept the SQL and the parameters of its first call and put back only the
values it was handed, so a value the read worked out for itself (today) stayed the first call's."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from mahalleh.core.prepared import PreparedQuery
from mahalleh.core.scoping import scope_of
from mahalleh.meetings.models import Resolution
from tests.factories import BodyFactory, MeetingFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

FIFTH, FIFTEENTH = datetime.date(2025, 5, 5), datetime.date(2025, 5, 15)


def due_from_today_on(scope):
    """The open resolutions due today or later: "today" read by the build function itself."""
    return (Resolution.objects.within(scope).filter(due_date__gte=timezone.localdate())
            .order_by("due_date").values_list("pk"))


def test_a_read_prepared_on_the_5th_answers_for_the_15th(province, secretariat):
    meeting = MeetingFactory(body=BodyFactory(province=province), date=datetime.date(2025, 5, 1))
    due = {day: ResolutionFactory(meeting=meeting, due_date=datetime.date(2025, 5, day)).pk for day in (10, 20)}
    read = PreparedQuery(due_from_today_on)
    scope = scope_of(secretariat)
    with mock.patch("django.utils.timezone.localdate", return_value=FIFTH):
        assert read.rows(scope=scope) == [(due[10],), (due[20],)]
    with mock.patch("django.utils.timezone.localdate", return_value=FIFTEENTH):
        assert read.rows(scope=scope) == [(due[20],)]  # the 10th is past on the 15th
