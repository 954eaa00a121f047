"""Domain errors of the meetings app; the message is Persian and shown to the user as is.

The conflict and permission errors are the kernel's (``core.services``), shared by every app.
"""

from __future__ import annotations

from mahalleh.core.services import ConflictError, DomainError, NotAllowed


class MeetingsError(DomainError):
    """A rule of meetings, resolutions or follow-up was broken."""


__all__ = ["ConflictError", "DomainError", "MeetingsError", "NotAllowed"]
