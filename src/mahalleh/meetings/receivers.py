"""Where the meetings services' after-commit signals meet the background jobs."""

from typing import Any

from mahalleh.meetings.services import signals


def _notify_assigned(sender: Any, resolution_id: int, **kwargs: Any) -> None:
    from mahalleh.meetings.tasks import notify_assigned

    # Already after commit (the services send from on_commit), so enqueue directly.
    notify_assigned.enqueue(resolution_id)


def connect() -> None:
    signals.resolution_assigned.connect(_notify_assigned, dispatch_uid="meetings_notify_assigned")
