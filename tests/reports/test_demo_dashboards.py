"""The dashboards and the map over the Alborz demo, for each demo user: every figure is its list's count,
the pages show Persian digits only, and the map has the 66 target neighborhoods' points (issue 12)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mahalleh.accounts.models import User
from tests.platform.test_persian_digits import latin_digits_in, visible_text
from tests.reports.dashboard_world import cells

pytestmark = pytest.mark.django_db

DEMO_USERS = ("secretariat", "karaj", "varzesh", "hesar")  # every role is also checked on tests/reports/dashboard_world.py


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from mahalleh.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", "--noinput", verbosity=0)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_demo_figure_is_its_lists_count(demo, username):
    client = _client(username)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    linked = cells(response.context["groups"])
    assert linked, username
    for group, label, value, url in linked:
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert listed.context["page_obj"].paginator.count == value, (username, group, label, url)


def test_the_demo_pages_show_persian_digits_only(demo):
    usernames = set(User.objects.values_list("username", flat=True))
    client = _client("secretariat")
    found = {}
    for url in (reverse("home"), reverse("reports:map"), reverse("desks:desk_list"), reverse("desks:campaign_visits")):
        response = client.get(url)
        assert response.status_code == 200, url
        if hits := latin_digits_in(visible_text(response.content.decode(), usernames)):
            found[url] = hits
    assert not found, found


def test_the_demo_map_has_every_target_neighborhood(demo):
    response = _client("secretariat").get(reverse("reports:map"))
    points = response.context["points"]
    assert len(points) == 66
    assert all(35.5 < p["lat"] < 36.4 and 50.1 < p["lng"] < 51.3 for p in points)
