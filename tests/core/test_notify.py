"""core.notify: backend selection, phone normalization, e-mail, and Kavenegar against a local fake server."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from mahalleh.core import notify
from mahalleh.core.notify import NotifyError, memory
from mahalleh.core.notify.console import ConsoleSmsBackend
from mahalleh.core.notify.kavenegar import KavenegarSmsBackend

API_KEY = "TEST-KEY-1234"


@dataclass
class FakeKavenegar:
    """A Kavenegar stand-in on 127.0.0.1: records each request and answers as ``mode`` says."""

    mode: str = "ok"  # ok | http_error | bad_status | sleep
    sleep_seconds: float = 1.5
    requests: list[dict] = field(default_factory=list)
    base_url: str = ""


@contextlib.contextmanager
def fake_kavenegar(mode: str = "ok", sleep_seconds: float = 1.5) -> Iterator[FakeKavenegar]:
    fake = FakeKavenegar(mode=mode, sleep_seconds=sleep_seconds)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
            fake.requests.append({"path": self.path, "form": {k: v[0] for k, v in form.items()}})
            if fake.mode == "sleep":
                time.sleep(fake.sleep_seconds)
            if fake.mode == "http_error":
                self._answer(
                    401, {"return": {"status": 401, "message": "apikey is not valid"}, "entries": None}
                )
            elif fake.mode == "bad_status":
                self._answer(
                    200, {"return": {"status": 418, "message": "credit is not enough"}, "entries": None}
                )
            else:
                entries = [{"messageid": len(fake.requests), "status": 1, "receptor": form["receptor"][0]}]
                self._answer(200, {"return": {"status": 200, "message": "تایید شد"}, "entries": entries})

        def _answer(self, status: int, payload: dict) -> None:
            body = json.dumps(payload, ensure_ascii=False).encode()
            with contextlib.suppress(OSError):  # the client may have given up (timeout case)
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def use_kavenegar(settings, fake: FakeKavenegar, timeout: float = 2.0) -> None:
    settings.SMS_BACKEND = "mahalleh.core.notify.kavenegar.KavenegarSmsBackend"
    settings.KAVENEGAR_API_KEY = API_KEY
    settings.KAVENEGAR_SENDER = "10004346"
    settings.KAVENEGAR_BASE_URL = fake.base_url
    settings.KAVENEGAR_TIMEOUT = timeout


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "mahalleh.core.notify.memory.InMemorySmsBackend"
    memory.outbox.clear()
    yield memory.outbox
    memory.outbox.clear()


def test_backend_comes_from_settings(settings):
    settings.SMS_BACKEND = "mahalleh.core.notify.memory.InMemorySmsBackend"
    assert type(notify.get_sms_backend()).__name__ == "InMemorySmsBackend"
    settings.SMS_BACKEND = "mahalleh.core.notify.console.ConsoleSmsBackend"
    assert isinstance(notify.get_sms_backend(), ConsoleSmsBackend)


def test_in_memory_backend_collects_normalized_messages(sms_outbox):
    notify.send_sms("۰۹۱۲ ۳۴۵-۶۷۸۹", "سلام")
    notify.send_sms("+98 912 000 1111", "دوم")
    assert [(m.to, m.text) for m in sms_outbox] == [("09123456789", "سلام"), ("+989120001111", "دوم")]


def test_empty_phone_is_refused(sms_outbox):
    with pytest.raises(NotifyError, match="خالی"):
        notify.send_sms(" - ", "سلام")
    assert sms_outbox == []


def test_console_backend_prints_the_message():
    stream = io.StringIO()
    ConsoleSmsBackend(stream=stream).send_sms("09120000000", "یادآوری مهلت")
    assert "09120000000" in stream.getvalue()
    assert "یادآوری مهلت" in stream.getvalue()


def test_send_email_uses_django_mail(mailoutbox):
    notify.send_email(["a@example.org", ""], "موضوع", "متن پیام")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["a@example.org"]
    assert mailoutbox[0].subject == "موضوع"


def test_send_email_failure_is_a_notify_error(settings):
    with socket.socket() as s:  # a port on loopback nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1
    with pytest.raises(NotifyError, match="رایانامه"):
        notify.send_email(["a@example.org"], "موضوع", "متن")


def test_kavenegar_posts_receptor_message_and_sender(settings):
    with fake_kavenegar() as fake:
        use_kavenegar(settings, fake)
        notify.send_sms("۰۹۱۲۱۲۳۴۵۶۷", "مهلت مصوبه ۳ تا ۱۴۰۱/۰۵/۰۱ است")
    assert len(fake.requests) == 1
    request = fake.requests[0]
    assert request["path"] == f"/v1/{API_KEY}/sms/send.json"
    assert request["form"] == {
        "receptor": "09121234567",
        "message": "مهلت مصوبه ۳ تا ۱۴۰۱/۰۵/۰۱ است",
        "sender": "10004346",
    }


def test_kavenegar_http_error_is_a_notify_error_without_the_key(settings):
    with fake_kavenegar("http_error") as fake:
        use_kavenegar(settings, fake)
        with pytest.raises(NotifyError) as error:
            notify.send_sms("09121234567", "متن")
    assert "401" in str(error.value)
    assert "apikey is not valid" in str(error.value)
    assert API_KEY not in str(error.value)


def test_kavenegar_refusal_inside_a_200_answer_is_an_error(settings):
    with fake_kavenegar("bad_status") as fake:
        use_kavenegar(settings, fake)
        with pytest.raises(NotifyError, match="418"):
            notify.send_sms("09121234567", "متن")


def test_kavenegar_timeout_is_a_notify_error(settings):
    with fake_kavenegar("sleep", sleep_seconds=1.5) as fake:
        use_kavenegar(settings, fake, timeout=0.5)
        with pytest.raises(NotifyError, match="پاسخ نداد"):
            notify.send_sms("09121234567", "متن")
    assert len(fake.requests) == 1


def test_kavenegar_connection_refused_is_a_notify_error(settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.KAVENEGAR_API_KEY = API_KEY
    backend = KavenegarSmsBackend(base_url=f"http://127.0.0.1:{port}/v1", timeout=1)
    with pytest.raises(NotifyError, match="اتصال"):
        backend.send_sms("09121234567", "متن")


def test_kavenegar_needs_an_api_key(settings):
    settings.KAVENEGAR_API_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        KavenegarSmsBackend()
