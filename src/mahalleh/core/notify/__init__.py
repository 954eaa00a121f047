"""Notifications: SMS through a pluggable backend (``settings.SMS_BACKEND``) and e-mail through Django.

Backends: ``console.ConsoleSmsBackend`` (default, prints), ``memory.InMemorySmsBackend`` (tests,
``memory.outbox``), ``kavenegar.KavenegarSmsBackend`` (production). Every failure is a ``NotifyError``
so callers (tasks) can leave the work undone and let it be retried.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from mahalleh.core.notify.base import BaseSmsBackend, NotifyError, SmsMessage
from mahalleh.core.text import to_latin_digits

DEFAULT_SMS_BACKEND = "mahalleh.core.notify.console.ConsoleSmsBackend"

__all__ = [
    "BaseSmsBackend",
    "NotifyError",
    "SmsMessage",
    "get_sms_backend",
    "normalize_phone",
    "send_email",
    "send_sms",
]


def get_sms_backend() -> BaseSmsBackend:
    backend_class: type[BaseSmsBackend] = import_string(getattr(settings, "SMS_BACKEND", "") or DEFAULT_SMS_BACKEND)
    return backend_class()


def normalize_phone(phone: str) -> str:
    """Latin digits only, keeping a leading +: users type «۰۹۱۲ ۳۴۵-۶۷۸۹»; gateways want 09123456789."""
    phone = to_latin_digits(phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"+{digits}" if phone.startswith("+") and digits else digits


def send_sms(to: str, text: str) -> None:
    number = normalize_phone(to)
    if not number:
        raise NotifyError("شماره تلفن همراه گیرنده خالی است.")
    get_sms_backend().send_sms(number, text)


def send_email(to: Sequence[str], subject: str, body: str) -> None:
    recipients = [address for address in to if address]
    if not recipients:
        return
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except (smtplib.SMTPException, OSError) as e:
        raise NotifyError(f"ارسال رایانامه ناموفق بود: {e}") from e
