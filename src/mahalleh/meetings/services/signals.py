"""Signals the meetings services send after commit, for notifications and jobs to hook into.

Each is sent from ``transaction.on_commit`` with the object's id only (``sender`` is the model),
so a receiver (an SMS task, a dashboard cache) loads fresh rows and never sees a rolled-back write.
"""

from django.dispatch import Signal

meeting_scheduled = Signal()  # meeting_id
minutes_approved = Signal()  # meeting_id
resolution_assigned = Signal()  # resolution_id, agency_ids
report_submitted = Signal()  # report_id
report_reviewed = Signal()  # report_id, accepted: bool
