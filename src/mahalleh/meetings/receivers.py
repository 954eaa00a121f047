"""Where the meetings services' after-commit signals meet the background jobs."""

from typing import Any

from mahalleh.meetings.services import signals


def _notify_assigned(sender: Any, resolution_id: int, **kwargs: Any) -> None:
    from mahalleh.meetings.tasks import notify_assigned

    # Already after commit (the services send from on_commit), so enqueue directly.
    notify_assigned.enqueue(resolution_id)


EVENT_LABELS = {
    "attendance recorded": "ثبت حضور و غیاب",
    "meeting held": "برگزاری جلسه",
    "meeting scheduled": "تشکیل جلسه و دعوت اعضا",
    "minutes approved": "تأیید صورتجلسه",
    "report accepted": "پذیرش گزارش",
    "report returned": "برگشت گزارش",
    "report submitted": "ارسال گزارش",
    "resolution accepted": "انجام مصوبه",
    "resolution cancelled": "لغو مصوبه",
    "resolution edited": "ویرایش مصوبه",
}


def connect() -> None:
    from mahalleh.core.audit import register_event_labels

    register_event_labels(EVENT_LABELS)
    signals.resolution_assigned.connect(_notify_assigned, dispatch_uid="meetings_notify_assigned")
