"""What every SMS backend is: one method, ``send_sms(to, text)``, that raises ``NotifyError`` on failure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class NotifyError(Exception):
    """A message could not be handed to its carrier (HTTP error, timeout, refused address)."""


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class BaseSmsBackend:
    """Backends are built from settings on each use, so tests can swap them with ``settings``."""

    def __init__(self, **options: Any) -> None:
        self.options = options

    def send_sms(self, to: str, text: str) -> None:
        raise NotImplementedError
