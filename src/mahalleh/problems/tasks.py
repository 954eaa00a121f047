"""Background tasks (django-tasks): SMS to a problem's reporter, enqueued after commit."""

from __future__ import annotations

from django_tasks import task

from mahalleh.core.context import acting_as
from mahalleh.core.notify import send_sms
from mahalleh.problems.models import Problem


@task()
def send_reporter_sms(problem_id: int, text: str) -> bool:
    """Send ``text`` to the problem's reporter if they still agree to SMS; whether it went out."""
    with acting_as(None, request_id=f"task-problem-sms-{problem_id}"):
        problem = Problem.objects.filter(pk=problem_id).first()
        if problem is None or not problem.reporter_mobile or not problem.sms_consent or problem.sms_opt_out:
            return False
        send_sms(problem.reporter_mobile, text)
        return True
