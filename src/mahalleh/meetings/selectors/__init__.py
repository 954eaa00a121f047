"""Every read of the meetings app that depends on who asks; each goes through ``restrict(user, ...)``
and reads a fixed number of queries whatever the number of rows."""

from mahalleh.meetings.selectors.inbox import InboxRow, inbox
from mahalleh.meetings.selectors.periods import missing_months, months_missing, period_bounds
from mahalleh.meetings.selectors.reports import reports_awaiting
from mahalleh.meetings.selectors.review import ReviewGroup, ReviewReport, ReviewRow, review
from mahalleh.meetings.selectors.scorecards import (
    AgencyAttendance,
    AttendanceHistoryRow,
    ScorecardRow,
    agency_attendance,
    meeting_absentees,
    scorecards,
)
from mahalleh.meetings.services.timeline import TimelineEntry, resolution_timeline

__all__ = [
    "AgencyAttendance",
    "AttendanceHistoryRow",
    "InboxRow",
    "ReviewGroup",
    "ReviewReport",
    "ReviewRow",
    "ScorecardRow",
    "TimelineEntry",
    "agency_attendance",
    "inbox",
    "meeting_absentees",
    "missing_months",
    "months_missing",
    "period_bounds",
    "reports_awaiting",
    "resolution_timeline",
    "review",
    "scorecards",
]
