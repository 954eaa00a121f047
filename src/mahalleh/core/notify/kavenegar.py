"""Kavenegar (kavenegar.com), an Iranian SMS gateway, through its REST API.

``POST {KAVENEGAR_BASE_URL}/{API_KEY}/sms/send.json`` with the form fields ``receptor``, ``message`` and
``sender``; the answer is JSON whose ``return.status`` is 200 when the message was queued. Standard
library only (no SDK dependency). The API key is part of the URL, so no error message carries the URL.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from mahalleh.core.notify.base import BaseSmsBackend, NotifyError

DEFAULT_BASE_URL = "https://api.kavenegar.com/v1"


class KavenegarSmsBackend(BaseSmsBackend):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.api_key = str(options.get("api_key") or getattr(settings, "KAVENEGAR_API_KEY", ""))
        self.sender = str(options.get("sender") or getattr(settings, "KAVENEGAR_SENDER", ""))
        base_url = options.get("base_url") or getattr(settings, "KAVENEGAR_BASE_URL", DEFAULT_BASE_URL)
        self.base_url = str(base_url).rstrip("/")
        self.timeout = float(options.get("timeout") or getattr(settings, "KAVENEGAR_TIMEOUT", 10) or 10)
        if not self.api_key:
            raise ImproperlyConfigured("KAVENEGAR_API_KEY is required by KavenegarSmsBackend.")

    def send_sms(self, to: str, text: str) -> None:
        fields = {"receptor": to, "message": text}
        if self.sender:
            fields["sender"] = self.sender
        url = f"{self.base_url}/{urllib.parse.quote(self.api_key, safe='')}/sms/send.json"
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as e:
            raise NotifyError(
                f"ارسال پیامک ناموفق بود: سامانه کاوه‌نگار خطای {e.code} داد ({_return_message(e.read())})."
            ) from e
        except TimeoutError as e:  # socket.timeout is TimeoutError since 3.10
            raise NotifyError(
                f"ارسال پیامک ناموفق بود: سامانه کاوه‌نگار در {self.timeout:g} ثانیه پاسخ نداد."
            ) from e
        except urllib.error.URLError as e:
            if isinstance(e.reason, TimeoutError):
                raise NotifyError(
                    f"ارسال پیامک ناموفق بود: سامانه کاوه‌نگار در {self.timeout:g} ثانیه پاسخ نداد."
                ) from e
            raise NotifyError(
                f"ارسال پیامک ناموفق بود: اتصال به سامانه کاوه‌نگار برقرار نشد ({e.reason})."
            ) from e
        except OSError as e:  # connection reset mid-response and the like
            raise NotifyError(f"ارسال پیامک ناموفق بود: ارتباط با سامانه کاوه‌نگار قطع شد ({e}).") from e
        status = _return_status(body)
        if status != 200:
            raise NotifyError(
                f"ارسال پیامک ناموفق بود: سامانه کاوه‌نگار وضعیت {status} داد ({_return_message(body)})."
            )


def _parse(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _return_status(body: bytes) -> int | None:
    status = (_parse(body).get("return") or {}).get("status")
    if status is None:
        return None
    try:
        return int(status)
    except (TypeError, ValueError):
        return None


def _return_message(body: bytes) -> str:
    return str((_parse(body).get("return") or {}).get("message") or "بدون توضیح")[:200]
