"""Background tasks (django-tasks) of the monthly reports' reminders; each loads by id and calls
``monthly_reminders`` (enqueued after commit, as ``meetings.tasks``)."""

from __future__ import annotations

import datetime
import functools

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from mahalleh.core.context import acting_as
from mahalleh.reports.monthly_reminders import due_reminders, send_reminder


@task()
def send_monthly_reminder_task(agency_id: int, year: int, month: int, kind: str) -> bool:
    with acting_as(None, request_id=f"task-monthly-reminder-{agency_id}-{year}-{month}-{kind}"):
        return send_reminder(agency_id, year, month, kind)


@task()
def enqueue_monthly_reminders() -> int:
    return schedule_monthly_reminders()


def schedule_monthly_reminders(today: datetime.date | None = None) -> int:
    """Enqueue one ``send_monthly_reminder_task`` per due reminder after commit; returns how many."""
    count = 0
    with transaction.atomic():
        for agency, month, kind in due_reminders(today or timezone.localdate()):
            transaction.on_commit(functools.partial(send_monthly_reminder_task.enqueue, agency.pk, month.year,
                                                    month.month, str(kind)))
            count += 1
    return count
