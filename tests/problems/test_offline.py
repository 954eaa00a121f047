"""The intake through a dead network, server side (issue 11 §2): the service worker's script at /sw.js,
what it keeps, and the answers static/js/offline.js reads when it sends what waited on the device."""

import json
import re
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mahalleh.core import offline
from mahalleh.problems.models import Problem

HTMX = {"HTTP_HX_REQUEST": "true"}


def _config(text: str) -> dict:
    head, _, body = text.partition("\n")
    assert head.startswith("self.MAHALLEH_OFFLINE = ") and head.endswith(";")
    assert "addEventListener(\"fetch\"" in body
    return json.loads(head.removeprefix("self.MAHALLEH_OFFLINE = ").removesuffix(";"))


def test_the_worker_is_served_from_the_root_to_anyone_and_always_revalidated(client):
    response = client.get("/sw.js")  # no sign-in: the browser's update check may come without a session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    # The page's CSP lets it register a worker of its own origin (worker-src falls back to script-src).
    assert "script-src 'self'" in response["Content-Security-Policy"]
    config = _config(response.content.decode())
    assert config["pages"] == [reverse("problems:problem_create")]
    assert config["logout"] == reverse("logout")
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    assert client.post("/sw.js").status_code == 405


@pytest.mark.django_db
def test_every_file_the_worker_keeps_is_served():
    config = _config(offline.worker_source(("problems:problem_create",)))
    assert "/static/js/offline.js" in config["static"]
    client = Client()
    for url in config["static"]:
        assert client.get(url).status_code == 200, url


def test_the_worker_keeps_every_file_the_base_page_and_its_fonts_name():
    """A file base.html loads but the worker does not keep would be missing from the page offline."""
    base = (settings.PACKAGE_DIR / "templates/base.html").read_text()
    named = set(re.findall(r"{% static '([^']+)' %}", base))
    fonts = (settings.PACKAGE_DIR / "static/vendor/vazirmatn/vazirmatn.css").read_text()
    named |= {f"vendor/vazirmatn/{f}" for f in re.findall(r"url\('([^']+)'\)", fonts)}
    assert named <= set(offline.STATIC_FILES), named - set(offline.STATIC_FILES)


def test_a_changed_file_changes_the_version(monkeypatch):
    before = _config(offline.worker_source(()))["version"]
    real = offline._read
    monkeypatch.setattr(offline, "_read", lambda path: real(path) + (b"/* new */" if path == "js/app.js" else b""))
    assert _config(offline.worker_source(()))["version"] != before


@pytest.mark.django_db
def test_the_intake_page_carries_the_queue(client, manager, neighborhood):
    client.force_login(manager)
    page = client.get(reverse("problems:problem_create") + "?desk=12").content.decode()
    assert 'src="/static/js/offline.js"' in page
    assert f'data-offline-user="{manager.pk}"' in page
    assert "data-offline-queue-form" in page and "data-offline-count" in page


def _form(neighborhood, category, **extra):
    return {"neighborhood": neighborhood.pk, "category": category.pk, "description": "فاضلاب کوچه سوم پس زده است",
            "source": "service_desk", "idempotency_key": str(uuid.uuid4()), **extra}


@pytest.mark.django_db
def test_a_kept_problem_sent_twice_is_made_once_and_answers_the_same(client, routes, manager, neighborhood, sewage):
    """What the queue reads: 200 with HX-Redirect is «sent»; a second sync (another tab) gets the same."""
    client.force_login(manager)
    data = _form(neighborhood, sewage)
    first = client.post(reverse("problems:problem_create"), data, **HTMX)
    second = client.post(reverse("problems:problem_create"), data, **HTMX)
    problem = Problem.objects.get()
    assert first.status_code == second.status_code == 200
    assert first["HX-Redirect"] == second["HX-Redirect"] == reverse("problems:problem_received", args=[problem.pk])


@pytest.mark.django_db
def test_a_refused_problem_answers_400_with_the_field_and_its_persian_message(client, routes, manager, neighborhood, sewage):
    client.force_login(manager)
    response = client.post(reverse("problems:problem_create"), _form(neighborhood, sewage, reporter_mobile="۱۲۳۴"), **HTMX)
    assert response.status_code == 400 and not Problem.objects.exists()
    html = response.content.decode()
    # offline.js reads the label next to each .invalid-feedback box.
    errors = re.search(r'<label[^>]*for="id_reporter_mobile"[^>]*>([^<]+)</label>.*?'
                       r'<div class="invalid-feedback d-block"[^>]*><div>([^<]+)</div>', html, re.S)
    assert errors and "تلفن همراه" in errors.group(1) and re.search("[\u0600-\u06ff]", errors.group(2))


@pytest.mark.django_db
def test_a_stale_csrf_token_is_refused_403_and_nothing_made(routes, manager, neighborhood, sewage):
    """The queue keeps the problem on a 403 and asks the user to sign in again."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    client.get(reverse("problems:problem_create"))
    response = client.post(reverse("problems:problem_create"), _form(neighborhood, sewage), HTTP_X_CSRFTOKEN="x" * 64, **HTMX)
    assert response.status_code == 403 and not Problem.objects.exists()


@pytest.mark.django_db
def test_signed_out_the_send_is_sent_to_sign_in(client, routes, neighborhood, sewage):
    """The queue recognizes the sign-in page's address and keeps the problem."""
    response = client.post(reverse("problems:problem_create"), _form(neighborhood, sewage), **HTMX)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_a_used_key_answers_with_its_problem_whatever_the_data(client, routes, manager, neighborhood, sewage):
    """A refused problem fixed in the form and saved there; the queue then resends its old data, same key."""
    client.force_login(manager)
    data = _form(neighborhood, sewage)
    made = client.post(reverse("problems:problem_create"), data, **HTMX)
    stale = client.post(reverse("problems:problem_create"), {**data, "reporter_mobile": "۱۲۳۴", "description": ""}, **HTMX)
    assert stale.status_code == 200 and stale["HX-Redirect"] == made["HX-Redirect"]
    assert Problem.objects.count() == 1


@pytest.mark.django_db
def test_another_users_key_is_not_answered_with_their_problem(client, routes, manager, neighborhood, sewage):
    from mahalleh.core.roles import Role
    from tests.factories import user_with_role

    client.force_login(manager)
    data = _form(neighborhood, sewage)
    client.post(reverse("problems:problem_create"), data, **HTMX)
    client.force_login(user_with_role(Role.NEIGHBORHOOD, neighborhood=neighborhood))
    response = client.post(reverse("problems:problem_create"), data, **HTMX)
    assert "HX-Redirect" not in response and response.status_code in (400, 403, 409)
    assert Problem.objects.count() == 1
