"""For tests: messages are appended to the module-level ``outbox``, as ``django.core.mail.outbox`` does."""

from __future__ import annotations

from mahalleh.core.notify.base import BaseSmsBackend, SmsMessage

outbox: list[SmsMessage] = []


class InMemorySmsBackend(BaseSmsBackend):
    def send_sms(self, to: str, text: str) -> None:
        outbox.append(SmsMessage(to=to, text=text))
