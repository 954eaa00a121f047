"""The menu shows each demo role what it may use (issue 9, point 13): every entry and home card a role
is offered answers 200 with a Persian page; the pages that turn people away (importing minutes,
scheduling a meeting) are offered exactly to those they admit, and never as a form with nothing to pick."""

import re

import pytest
from django.db import transaction

from mahalleh.accounts.models import User
from mahalleh.demo.loader import DEMO_USERS, load_demo
from tests.factories import UserFactory

USERNAMES = [u.username for u in DEMO_USERS]
MENU_LINK = re.compile(r'<a class="nav-link[^"]*" href="([^"]+)"')
HOME_CARD = re.compile(r'<a class="card card-body[^"]*" href="([^"]+)"')


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker):
    """The demo's nine logins and their province, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo, db):
    return {u.username: u for u in User.objects.filter(username__in=USERNAMES)}


def signed_in(client, user):
    client.force_login(user)
    return client


def menu(client) -> list[str]:
    return MENU_LINK.findall(client.get("/").content.decode())


@pytest.mark.parametrize("username", USERNAMES)
def test_every_link_a_role_is_offered_answers_with_a_persian_page(demo, client, username):
    signed_in(client, demo[username])
    home = client.get("/").content.decode()
    links = dict.fromkeys(MENU_LINK.findall(home) + HOME_CARD.findall(home))
    assert links, "the menu offers nothing"
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, (username, link, response.status_code)
        if not link.startswith("/admin/"):
            assert '<html lang="fa" dir="rtl">' in response.content.decode(), (username, link)


def test_the_minutes_import_is_offered_to_those_it_admits_and_only_them(demo, client):
    offered = set()
    for username, user in demo.items():
        signed_in(client, user)
        shown = "/minutes/import/" in menu(client)
        status = client.get("/minutes/import/").status_code
        assert (shown, status) in {(True, 200), (False, 404)}, (username, shown, status)
        if shown:
            offered.add(username)
    assert offered == {"admin", "secretariat"}  # the province's own bodies: its secretariat


def test_scheduling_a_meeting_is_offered_to_those_with_a_body_to_schedule_for(demo, client):
    offered = set()
    for username, user in demo.items():
        signed_in(client, user)
        shown = 'href="/meetings/new/"' in client.get("/meetings/").content.decode()
        form = client.get("/meetings/new/")
        assert (shown, form.status_code) in {(True, 200), (False, 404)}, (username, shown, form.status_code)
        if shown:
            offered.add(username)
            bodies = re.search(r'<select name="body"[^>]*>(.*?)</select>', form.content.decode(), re.S)
            assert bodies and re.search(r'<option value="\d+"', bodies.group(1)), f"{username}: no body to choose"
    assert offered == {"admin", "secretariat", "karaj"}  # the province's bodies, Karaj's county body


def test_the_inbox_is_in_the_menu_of_those_whose_work_it_holds(demo, client):
    offered = set()
    for username, user in demo.items():
        signed_in(client, user)
        if "/meetings/inbox/" in menu(client):
            offered.add(username)
            page = client.get("/meetings/inbox/").content.decode()
            assert "کاری در کارتابل شما نیست" not in page
    # Agencies' focal points and partners report; the secretariat, the county and the governor follow reports.
    assert offered == {"admin", "secretariat", "governor", "karaj", "varzesh", "shahrdari-karaj", "partner"}


def test_without_a_role_the_menu_offers_nothing(db, client):
    signed_in(client, UserFactory())
    home = client.get("/").content.decode()
    assert MENU_LINK.findall(home) == [] and HOME_CARD.findall(home) == []
    assert "هنوز نقشی به شما داده نشده است" in home
    assert client.get("/meetings/new/").status_code == 404
