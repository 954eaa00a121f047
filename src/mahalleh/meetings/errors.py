"""Domain errors of the meetings app; the message is Persian and shown to the user as is."""

from __future__ import annotations

from mahalleh.core.services import DomainError


class MeetingsError(DomainError):
    """A rule of meetings, resolutions or follow-up was broken."""

    def __init__(self, message_fa: str) -> None:
        super().__init__(message_fa)
        self.message_fa = message_fa

    def __str__(self) -> str:
        return self.message_fa


class ConflictError(MeetingsError):
    """Someone else saved the same record since the form was loaded (optimistic concurrency)."""


class NotAllowed(MeetingsError):
    """The acting user may not do this to this object (outside their scope or role)."""
