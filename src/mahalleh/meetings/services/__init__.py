"""Every write of the meetings app: ``<entity>_<verb>(*, ..., actor)``, atomic, permission-checked, audited.

Errors are ``meetings.errors.MeetingsError`` (and its ``ConflictError``, ``NotAllowed``) with a Persian
message for the user. Side effects (the assignment notice) are enqueued with ``transaction.on_commit``.
"""

from mahalleh.meetings.services.bodies import body_save
from mahalleh.meetings.services.escalation import problems_escalate
from mahalleh.meetings.services.meetings import (
    REVIEW_ITEM,
    attendance_record,
    is_review_item,
    may_reopen,
    meeting_approve,
    meeting_mark_held,
    meeting_reopen,
    meeting_schedule,
    meeting_update,
)
from mahalleh.meetings.services.reports import report_accept, report_return, report_submit
from mahalleh.meetings.services.resolutions import resolution_cancel, resolution_create, resolution_update
from mahalleh.meetings.services.timeline import TimelineEntry, resolution_timeline

__all__ = [
    "REVIEW_ITEM",
    "TimelineEntry",
    "attendance_record",
    "body_save",
    "is_review_item",
    "may_reopen",
    "meeting_approve",
    "meeting_mark_held",
    "meeting_reopen",
    "meeting_schedule",
    "meeting_update",
    "problems_escalate",
    "report_accept",
    "report_return",
    "report_submit",
    "resolution_cancel",
    "resolution_create",
    "resolution_timeline",
    "resolution_update",
]
