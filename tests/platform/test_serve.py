"""`make serve`: its gunicorn config, and the production server answering with DEBUG=0, static files included."""

import http.client
import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "src" / "mahalleh" / "config" / "gunicorn.py"


def serve_http_env() -> dict[str, str]:
    """The settings `make serve` gives DEBUG=0 for plain HTTP (the Makefile's SERVE_HTTP_ENV)."""
    line = re.search(r"^SERVE_HTTP_ENV := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert line, "the Makefile defines SERVE_HTTP_ENV"
    return dict(pair.split("=", 1) for pair in line.group(1).split())


def load_config() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gunicorn_config", CONFIG)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_config_takes_host_port_and_workers_from_the_environment(monkeypatch):
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    config = load_config()
    assert config.bind == "127.0.0.1:8123"
    assert config.workers == 3
    assert config.worker_class == "gthread"
    assert config.wsgi_app == "mahalleh.config.wsgi:application"
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert load_config().workers == 2 * (os.cpu_count() or 1) + 1


def get(port: int, path: str) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode(errors="replace")
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture
def server(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mahalleh.config.settings", "DEBUG": "0",
           "SECRET_KEY": "test-serve-key", "ALLOWED_HOSTS": "127.0.0.1,localhost", "HOST": "127.0.0.1",
           "PORT": str(port), "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}", **serve_http_env()}
    proc = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-c", str(CONFIG)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else "gunicorn exited"
            try:
                get(port, "/accounts/login/")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_gunicorn_serves_pages_and_static_files_with_debug_off(server):
    status, headers, body = get(server, "/accounts/login/")
    assert status == 200 and 'dir="rtl"' in body  # not a redirect to https://
    assert "csrftoken=" in headers["set-cookie"] and "secure" not in headers["set-cookie"].lower()
    assert "strict-transport-security" not in headers
    stylesheets = re.findall(r'<link rel="stylesheet" href="(/static/[^"]+)"', body)
    assert stylesheets
    for href in stylesheets:  # whitenoise serves them: no runserver, no DEBUG
        status, headers, css = get(server, href)
        assert status == 200 and headers["content-type"].startswith("text/css") and css
    status, headers, _ = get(server, "/meetings/inbox/")
    assert status == 302 and headers["location"].startswith("/accounts/login/")
    status, _, body = get(server, "/no-such-page/")
    assert status == 404 and "URLconf" not in body  # the site's 404 page, not Django's debug page
