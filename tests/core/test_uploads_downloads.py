"""Every download route, found by walking the permission contract's routes (tests/contract.py), sends a
download the browser saves and never sniffs; the list exports too. And scripts on a page never need the
CSRF cookie: it is HttpOnly, the token is on the page, and an htmx POST with it goes through."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from mahalleh.meetings.models import ReportAttachment
from tests.contract import CASES, ROWS, Case, World
from tests.test_contract import send

pytestmark = pytest.mark.django_db

PAGE_TYPES = ("text/html", "application/json")
GETS = [c for c in CASES if c.method == "get"]
LISTS = [c for c in CASES if c.kind == ROWS and c.obj and not c.is_api and c.method == "get"]


def is_download(response) -> bool:
    kind = response.get("Content-Type", "").split(";")[0]
    return response.has_header("Content-Disposition") or response.streaming or kind not in PAGE_TYPES


def assert_safe_download(response, route: str) -> None:
    assert response["Content-Disposition"].startswith("attachment"), route
    assert response["X-Content-Type-Options"] == "nosniff", route
    assert not response["Content-Type"].startswith(("text/html", "image/svg")), route


def test_every_download_route_sends_an_attachment_that_is_not_sniffed(client):
    world = World()
    downloads = []
    for case in GETS:
        client.force_login(getattr(world, case.user))
        response = send(client, case, getattr(world, case.obj) if case.obj else None)
        if response.status_code == 200 and is_download(response):
            assert_safe_download(response, case.route)
            downloads.append(case.route)
    # the walk found the stored files and the generated minutes, so it is not vacuous
    assert {"meetings:report_attachment", "minutes:import_original", "minutes:meeting_original",
            "minutes:meeting_pdf", "minutes:meeting_docx"} <= set(downloads)


@pytest.mark.parametrize("case", LISTS, ids=[c.route for c in LISTS])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_export_is_an_attachment_that_is_not_sniffed(client, case: Case, fmt):
    world = World()
    client.force_login(getattr(world, case.user))
    export = Case(case.route, obj=None, kind=ROWS, user=case.user, kwargs=case.kwargs, query={**case.query, "export": fmt})
    response = send(client, export, None)
    if response.status_code == 200 and is_download(response):
        assert_safe_download(response, case.route)


def test_a_page_stored_before_uploads_were_checked_goes_out_as_opaque_bytes(client):
    world = World()
    attachment: ReportAttachment = world.attachment
    attachment.name = "old.html"
    attachment.save()
    client.force_login(world.secretariat)
    response = client.get(reverse("meetings:report_attachment", args=[attachment.report_id, attachment.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


# --- the CSRF token comes from the page --------------------------------------------------------------


def test_the_csrf_cookie_is_out_of_reach_of_scripts_and_htmx_posts_with_the_page_token(settings):
    assert settings.CSRF_COOKIE_HTTPONLY and settings.SESSION_COOKIE_HTTPONLY
    world = World()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.secretariat)
    page = browser.get(reverse("minutes:upload"))
    cookie = browser.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"]
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.content.decode()).group(1)
    # what static/js/app.js does: htmx's request carries the page's token as a header, no form field
    posted = browser.post(reverse("minutes:upload"), {}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert posted.status_code == 200
    assert "هیچ پرونده‌ای انتخاب نشده است" in posted.content.decode()
    assert browser.post(reverse("minutes:upload"), {}, HTTP_HX_REQUEST="true").status_code == 403


def test_the_page_script_reads_the_token_from_the_page_not_the_cookie():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "src/mahalleh/static/js/app.js").read_text()
    assert 'meta[name="csrf-token"]' in script
    assert "document.cookie" not in script
