"""Service-level reminders: before the due date and overdue, once each, to the assigned agency's focal points."""

import datetime

import pytest
from django.core.management import call_command

from mahalleh.core.roles import Role
from mahalleh.problems import reminders, services
from mahalleh.problems.models import Problem, ProblemReminderSent, Status
from tests.factories import user_with_role


def _focal(agency):
    user = user_with_role(Role.AGENCY, agency=agency)
    user.phone = "09120000001"
    user.save(update_fields=["phone"])
    return user


@pytest.fixture
def problem(routes, manager, neighborhood, sewage):
    return services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage, description="فاضلاب")


def test_overdue_goes_once_to_the_focal_point_and_again_when_the_due_date_moves(problem, municipality, sms_outbox):
    focal = _focal(municipality)
    late = problem.due_date + datetime.timedelta(days=1)
    assert [(p.pk, k) for p, k in reminders.due_reminders(late)] == [(problem.pk, reminders.OVERDUE)]
    assert reminders.send_reminder(problem.pk, reminders.OVERDUE, today=late)
    assert not reminders.send_reminder(problem.pk, reminders.OVERDUE, today=late)
    assert [m.to for m in sms_outbox] == [focal.phone] and "گذشته است" in sms_outbox[0].text
    assert list(reminders.due_reminders(late)) == []
    Problem.objects.filter(pk=problem.pk).update(due_date=problem.due_date - datetime.timedelta(days=1))
    assert [k for _, k in reminders.due_reminders(late)] == [reminders.OVERDUE]


def test_before_due_and_none_for_a_closed_problem(problem, municipality, sms_outbox):
    _focal(municipality)
    soon = problem.due_date - datetime.timedelta(days=1)
    assert [k for _, k in reminders.due_reminders(soon)] == [reminders.BEFORE_DUE]
    Problem.objects.filter(pk=problem.pk).update(status=Status.FIXED)
    assert list(reminders.due_reminders(soon)) == []
    assert not reminders.send_reminder(problem.pk, reminders.BEFORE_DUE, today=soon)


def test_the_command_sends_what_is_due(problem, municipality, sms_outbox, monkeypatch):
    _focal(municipality)
    late = problem.due_date + datetime.timedelta(days=2)
    monkeypatch.setattr("mahalleh.problems.management.commands.send_problem_reminders.timezone.localdate", lambda: late)
    call_command("send_problem_reminders")
    assert ProblemReminderSent.objects.filter(problem=problem, kind=reminders.OVERDUE).count() == 1
