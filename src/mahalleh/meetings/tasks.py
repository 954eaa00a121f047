"""Background tasks (django-tasks) for resolution notifications; each loads by id and calls a service.

Enqueue only after commit, so a worker never sees an id whose row was rolled back: the resolution
services enqueue ``notify_assigned`` from ``transaction.on_commit``, ``schedule_due_reminders()`` does
the same for its callers.
Workers: ``mahalleh db_worker`` (the default database backend).
"""

from __future__ import annotations

import datetime
import functools

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from mahalleh.core.context import acting_as
from mahalleh.meetings.reminders import due_reminders, notify_assignment, send_reminder


@task()
def send_reminder_task(assignment_id: int, kind: str) -> str:
    with acting_as(None, request_id=f"task-reminder-{assignment_id}-{kind}"):
        return send_reminder(assignment_id, kind).value


@task()
def notify_assigned(resolution_id: int, agency_ids: list[int] | None = None) -> int:
    with acting_as(None, request_id=f"task-assigned-{resolution_id}"):
        return notify_assignment(resolution_id, agency_ids)


@task()
def enqueue_due_reminders() -> int:
    return schedule_due_reminders()


def schedule_due_reminders(today: datetime.date | None = None) -> int:
    """Enqueue one ``send_reminder_task`` per due reminder after commit; returns how many."""
    count = 0
    with transaction.atomic():
        for assignment, kind in due_reminders(today or timezone.localdate()):
            transaction.on_commit(functools.partial(send_reminder_task.enqueue, assignment.pk, str(kind)))
            count += 1
    return count

