from mahalleh.meetings.models.bodies import Body, BodyMembership, TargetAnnouncement
from mahalleh.meetings.models.meetings import AgendaItem, Attendance, Meeting
from mahalleh.meetings.models.resolutions import (
    Assignment,
    DeadlineKind,
    ProgressReport,
    ReminderSent,
    ReportAttachment,
    Resolution,
    ResolutionStatus,
)

__all__ = [
    "AgendaItem",
    "Assignment",
    "Attendance",
    "Body",
    "BodyMembership",
    "DeadlineKind",
    "Meeting",
    "ProgressReport",
    "ReminderSent",
    "ReportAttachment",
    "Resolution",
    "ResolutionStatus",
    "TargetAnnouncement",
]
