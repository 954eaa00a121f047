"""Schemas every app's API shares: the error body ninja writes for ``HttpError`` and for a 404."""

from ninja import Schema


class ErrorOut(Schema):
    """``{"detail": "..."}``, the message in Persian."""

    detail: str
