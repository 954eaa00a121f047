"""Forty parallel tries at one user's password from one address check it at most LOGIN_FAILURE_LIMIT times,
on each sign-in page: in-process threads on PostgreSQL (each its own connection), and a real gunicorn
(two processes of eight threads) over a SQLite file, the database ``make run`` uses."""

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client

from tests.factories import UserFactory

TRIES = 40
checks = 0
checks_lock = threading.Lock()


class CountingHasher(MD5PasswordHasher):
    """Counts every password check and makes each one slow, so that unguarded tries would overlap."""

    def verify(self, password: str, encoded: str) -> bool:
        global checks
        with checks_lock:
            checks += 1
        threading.Event().wait(0.05)
        return super().verify(password, encoded)


@pytest.fixture
def counting(settings):
    global checks
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    settings.LOGIN_FAILURE_LIMIT = 5
    checks = 0


def run_parallel(path: str, username: str, password: str) -> list[int]:
    statuses: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(TRIES)

    def attempt() -> None:
        try:
            client = Client(REMOTE_ADDR="10.0.0.1")
            start.wait()
            statuses.append(client.post(path, {"username": username, "password": password}).status_code)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(TRIES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    return statuses


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database cannot be shared by threads; test_a_threaded_server... covers SQLite",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_forty_parallel_tries_check_the_password_at_most_the_limit(counting, path):
    UserFactory(username="ali", is_staff=True)
    statuses = run_parallel(path, "ali", "wrong")
    assert checks <= 5, f"{checks} password checks for a limit of 5"
    assert len(statuses) == TRIES and statuses.count(429) >= TRIES - 5


ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def sqlite_server_once(tmp_path_factory):
    """One migrated database and one gunicorn for the module (a migration costs more than the test)."""
    tmp_path = tmp_path_factory.mktemp("lockout")
    db = tmp_path / "lockout.sqlite3"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mahalleh.config.settings", "DEBUG": "0",
           "SECRET_KEY": "test-lockout-key", "ALLOWED_HOSTS": "127.0.0.1", "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "8", "DATABASE_URL": f"sqlite:///{db}",
           "LOGIN_FAILURE_LIMIT": "5", "MEDIA_ROOT": str(tmp_path / "media"),
           # plain HTTP, as `make serve` (the Makefile's SERVE_HTTP_ENV): no redirect to HTTPS
           "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
           "SECURE_HSTS_SECONDS": "0"}
    env.pop("DATABASE_URL_TEST", None)
    subprocess.run([str(BIN / "mahalleh"), "migrate", "-v0"], env=env, check=True, cwd=tmp_path)
    subprocess.run(
        [str(BIN / "mahalleh"), "shell", "-c",
         "from mahalleh.accounts.models import User; User.objects.create_user('ali', password='right-pass-77', is_staff=True)"],
        env=env, check=True, cwd=tmp_path,
    )
    proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "src/mahalleh/config/gunicorn.py")], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "gunicorn exited"
            try:
                http_post(port, "/accounts/login/", None)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.3)
        yield port, db
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def http_post(port: int, path: str, form: dict[str, str] | None) -> int:
    """GET the page for its CSRF cookie, then (with ``form``) POST it; the status of the last answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    answer = conn.getresponse()
    cookie = re.search(r"csrftoken=([A-Za-z0-9]+)", answer.getheader("Set-Cookie") or "")
    answer.read()
    if form is None or cookie is None:
        conn.close()
        return answer.status
    body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": cookie.group(1)})
    conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                      "Cookie": f"csrftoken={cookie.group(1)}"})
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.fixture
def sqlite_server(sqlite_server_once):
    """The module's server with no failure recorded yet: each test starts from a clean lock-out."""
    port, db = sqlite_server_once
    with sqlite3.connect(db) as conn:
        for table in ("axes_accessfailurelog", "axes_accessattempt", "axes_accesslog"):
            conn.execute(f"DELETE FROM {table}")
    return port, db


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_threaded_server_on_sqlite_checks_the_password_at_most_the_limit(sqlite_server, path):
    port, db = sqlite_server
    statuses: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(TRIES)

    def attempt() -> None:
        try:
            start.wait()
            statuses.append(http_post(port, path, {"username": "ali", "password": "wrong", "next": "/"}))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(TRIES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert errors == []
    with sqlite3.connect(db) as conn:
        # A refused try is not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False): every
        # recorded failure is a try whose password was checked.
        (checked,) = conn.execute("SELECT COUNT(*) FROM axes_accessfailurelog WHERE username = 'ali'").fetchone()
        (counted,) = conn.execute("SELECT SUM(failures_since_start) FROM axes_accessattempt").fetchone()
    assert checked == counted == 5, f"{checked} password checks for a limit of 5"
    assert len(statuses) == TRIES and statuses.count(429) == TRIES - 4  # the fifth failure answers 429 too
    assert http_post(port, path, {"username": "ali", "password": "right-pass-77", "next": "/"}) == 429
