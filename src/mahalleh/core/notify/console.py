"""The development default: print each SMS instead of sending it, like Django's console e-mail backend."""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

from mahalleh.core.notify.base import BaseSmsBackend

logger = logging.getLogger("mahalleh.notify")


class ConsoleSmsBackend(BaseSmsBackend):
    def __init__(self, stream: TextIO | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.stream = stream or sys.stdout

    def send_sms(self, to: str, text: str) -> None:
        logger.info("SMS to %s (%d chars)", to, len(text))
        self.stream.write(f"--- SMS to {to} ---\n{text}\n")
        self.stream.flush()
