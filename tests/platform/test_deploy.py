"""Production fails closed: the secret key, HTTPS settings and `check --deploy` under DEBUG=0, the CSP header,
Persian error pages with DEBUG on and off, and an API that always answers JSON (401, not a CSRF error)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from mahalleh.accounts.models import ApiToken
from mahalleh.config import urls as site_urls
from mahalleh.config.api import add_error_handlers, api_auth
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
MAHALLEH = str(Path(sys.executable).with_name("mahalleh"))
# Settings this file sets itself; whatever the calling shell has for them is dropped.
OURS = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "SESSION_", "CSRF_", "MAP_TILE_URL", "DATABASE_URL")


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # (the browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment has not)
    base = {k: v for k, v in os.environ.items() if not k.startswith(OURS) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full = {**base, "DJANGO_SETTINGS_MODULE": "mahalleh.config.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}", **env}
    return subprocess.run(args, cwd=tmp_path, env=full, capture_output=True, text=True, timeout=120)


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "mahalleh.example.ir"}


def test_check_deploy_prints_no_warning_with_only_debug_secret_key_and_hosts_set(tmp_path):
    result = run([MAHALLEH, "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "System check identified no issues" in output


@pytest.mark.parametrize("key", [None, "", "dev-only-not-secret-mahalleh"])
def test_debug_off_refuses_to_start_without_a_secret_key_of_its_own(tmp_path, key):
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "mahalleh.example.ir"} | ({} if key is None else {"SECRET_KEY": key})
    result = run([MAHALLEH, "check"], tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY of its own" in result.stderr


NAMES = ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_AGE",
         "SESSION_RENEW_SECONDS", "CONTENT_SECURITY_POLICY"]


def settings_under(tmp_path: Path, **env: str) -> dict[str, object]:
    code = f"import json; from django.conf import settings as s; print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    result = run([sys.executable, "-c", code], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_debug_off_turns_every_https_protection_on(tmp_path):
    s = settings_under(tmp_path, **PRODUCTION)
    assert s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_PROXY_SSL_HEADER"] is None  # no proxy is trusted unless a setting says so
    assert s["SESSION_RENEW_SECONDS"] == 60 and s["SESSION_COOKIE_AGE"] == 7200  # two idle hours
    assert s["CSRF_TRUSTED_ORIGINS"] == []


def test_https_settings_come_from_the_environment(tmp_path):
    s = settings_under(tmp_path, **PRODUCTION, SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0",
                       SECURE_HSTS_SECONDS="600", SECURE_PROXY_TRUSTED="1", SESSION_COOKIE_AGE="900",
                       CSRF_TRUSTED_ORIGINS="https://mahalleh.example.ir,https://m.example.ir",
                       MAP_TILE_URL="https://tiles.example.ir/{z}/{x}/{y}.png")
    assert not s["SECURE_SSL_REDIRECT"] and not s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] == 600 and s["SESSION_COOKIE_AGE"] == 900
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://mahalleh.example.ir", "https://m.example.ir"]
    directives = s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]  # type: ignore[index]
    assert directives["img-src"] == ["'self'", "data:", "https://tiles.example.ir"]


def test_debug_on_is_plain_http_for_make_run(tmp_path):
    s = settings_under(tmp_path, DEBUG="1")
    assert not s["SECURE_SSL_REDIRECT"] and not s["SESSION_COOKIE_SECURE"] and not s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] == 0
    directives = s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]  # type: ignore[index]
    assert directives["img-src"] == ["'self'", "data:"]  # no tile server configured


def test_make_run_serves_plain_http_with_cookies_and_a_strict_csp(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200  # no redirect to https://
    assert not response.cookies["csrftoken"]["secure"]
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in response.text


# --- Error pages and the API's errors, through a URL configuration with views that fail on purpose ---

test_api = NinjaAPI(auth=api_auth(), urls_namespace="deploy_test_api")
add_error_handlers(test_api)


@test_api.post("/echo/")
def echo(request: HttpRequest) -> dict[str, bool]:
    return {"ok": True}


@test_api.get("/boom/", auth=None)
def api_boom(request: HttpRequest) -> dict[str, bool]:
    raise RuntimeError("a bug")


def raising(exc: Exception):  # type: ignore[no-untyped-def]
    def view(request: HttpRequest) -> HttpResponse:
        raise exc
    return view


urlpatterns = [
    path("test/boom/", raising(RuntimeError("a bug"))),
    path("test/missing/", raising(Http404("no such row"))),
    path("test/suspicious/", raising(SuspiciousOperation("odd"))),
    path("test/denied/", raising(PermissionDenied())),
    path("api/test/", test_api.urls),
    *site_urls.urlpatterns,
]
handler400, handler403 = site_urls.handler400, site_urls.handler403
handler404, handler500 = site_urls.handler404, site_urls.handler500

PAGES = [  # path, status, Persian title
    ("/no-such-page/", 404, "صفحه پیدا نشد"),
    ("/test/missing/", 404, "صفحه پیدا نشد"),
    ("/test/boom/", 500, "خطای سامانه"),
    ("/test/suspicious/", 400, "درخواست نادرست"),
    ("/test/denied/", 403, "دسترسی مجاز نیست"),
]


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG=1", "DEBUG=0"])
@pytest.mark.parametrize(("url", "status", "title"), PAGES)
def test_a_person_sees_a_persian_error_page_never_the_technical_one(db, settings, failing_urls, debug, url, status,
                                                                    title):
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == status
    text = response.content.decode()
    assert title in text and 'dir="rtl"' in text
    for technical in ("URLconf", "Traceback", "Django", "Page not found", "Server Error", "Bad Request"):
        assert technical not in text


def test_debug_still_redirects_a_missing_slash(db, settings):
    settings.DEBUG = True
    response = Client().get("/accounts/login")
    assert response.status_code == 301 and response["Location"] == "/accounts/login/"


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG=1", "DEBUG=0"])
def test_a_csrf_failure_is_a_persian_page(db, settings, debug):
    settings.DEBUG = debug
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "فرم منقضی شده است" in response.text and "CSRF" not in response.text


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG=1", "DEBUG=0"])
def test_the_api_answers_json_for_what_it_does_not_know_and_for_a_crash(db, settings, failing_urls, debug):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    for url, status in [("/api/no-such-thing/", 404), ("/api/test/boom/", 500)]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"].startswith("application/json"), url
        assert "Traceback" not in response.text and "detail" in response.json()


def test_the_api_answers_401_not_a_csrf_error_for_a_missing_or_bad_token(db, failing_urls):
    client = Client(enforce_csrf_checks=True)
    for headers in [{}, {"HTTP_AUTHORIZATION": "Bearer not-a-token"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}]:
        response = client.post("/api/test/echo/", **headers)
        assert response.status_code == 401, headers
        assert response["Content-Type"].startswith("application/json") and "CSRF" not in response.text


def test_a_good_token_posts_without_csrf_and_a_session_still_needs_it(db, failing_urls):
    user = UserFactory()
    _, key = ApiToken.issue(user, "ci")
    client = Client(enforce_csrf_checks=True)
    assert client.post("/api/test/echo/", HTTP_AUTHORIZATION=f"Bearer {key}").json() == {"ok": True}
    client.force_login(user)
    refused = client.post("/api/test/echo/")
    assert refused.status_code == 403 and refused["Content-Type"].startswith("application/json")
    client.get("/")  # a page with a form (logout) sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.post("/api/test/echo/", HTTP_X_CSRFTOKEN=token).json() == {"ok": True}


def test_the_session_is_renewed_once_a_minute_so_its_age_is_an_idle_timeout(db, client, settings, monkeypatch):
    from mahalleh.core import middleware

    now = [1_800_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    client.force_login(UserFactory())
    first = client.get("/")
    assert first.status_code == 200
    assert first.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE == 7200
    now[0] += settings.SESSION_RENEW_SECONDS - 1  # within the minute: no write, the expiry stays
    assert "sessionid" not in client.get("/").cookies
    now[0] += 1  # a minute on: saved again, its expiry moved two hours ahead of now
    renewed = client.get("/")
    assert renewed.cookies["sessionid"]["max-age"] == 7200
    assert client.session.get_expiry_age() == 7200
