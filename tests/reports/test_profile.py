"""The neighborhood's profile (issue 12, item 3): every part read through the reader's scope, printable,
linked from the neighborhood page, and a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mahalleh.core.roles import Role
from mahalleh.places.models import ListRead
from tests.factories import AgencyFactory, NeighborhoodFactory, user_with_role
from tests.reports.world import fill


@pytest.fixture
def hood(county):
    return NeighborhoodFactory(county=county, name="حصار", population=21700, households=5974, is_target=True)


def profile(client, hood, **params):
    return client.get(reverse("reports:neighborhood_profile", args=[hood.pk]), params)


def test_the_profile_shows_every_part_of_the_neighborhood(client, hood, secretariat):
    fill(hood, 2)
    client.force_login(secretariat)
    page = profile(client, hood).content.decode()
    for text in ("شناسنامه محله حصار", "۲۱٬۷۰۰", "مدیر ۰", "فاضلاب", "مقرر شد ۰ در محله انجام شود.", "در پیش", "برگزارشده",
                 "پویش لبخند", "ویزیت", "شاخص ۰", "خط پایه", "نخبگان محله", "زمین ۰", "سند ۰"):
        assert text in page, text
    assert "نخبه ۰" not in page  # the lists' people are counted, never named, on the profile
    assert not ListRead.objects.exists()
    assert 'href="?print=1"' in page


def test_the_print_version_is_a_page_for_paper(client, hood, secretariat):
    fill(hood, 1)
    client.force_login(secretariat)
    page = profile(client, hood, print="1").content.decode()
    assert 'class="print-list print-profile"' in page and "navbar" not in page and "شاخص ۰" in page


def test_the_profile_is_linked_from_the_neighborhood_page(client, hood, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("places:neighborhood", args=[hood.pk])).content.decode()
    assert f'href="{reverse("reports:neighborhood_profile", args=[hood.pk])}"' in page
    assert 'data-testid="neighborhood-profile"' in page


def test_each_part_is_read_through_the_readers_scope(client, hood, province):
    fill(hood, 1)
    other = AgencyFactory(province=province, name="اداره دیگر")
    client.force_login(user_with_role(Role.AGENCY, agency=other))  # reads the neighborhood, not its contacts
    page = profile(client, hood).content.decode()
    assert "شناسنامه محله حصار" in page and "مدیر ۰" not in page
    client.force_login(user_with_role(Role.NATIONAL))
    page = profile(client, hood).content.decode()
    assert "مدیر ۰" not in page and "فاضلاب ۰" not in page


def test_out_of_scope_and_roleless_readers_get_a_404(client, hood, db):
    from tests.factories import ProvinceFactory, UserFactory

    far = user_with_role(Role.SECRETARIAT, province=ProvinceFactory(name="قم", code="qom"))
    for user in (far, UserFactory()):
        client.force_login(user)
        assert profile(client, hood).status_code == 404


def test_the_profile_costs_the_same_queries_for_three_times_the_rows(client, hood, secretariat):
    client.force_login(secretariat)
    fill(hood, 1)
    profile(client, hood)  # whatever a first request of the session builds once is not the page's cost
    with CaptureQueriesContext(connection) as few:
        small = profile(client, hood).content
    fill(hood, 2, tag="b")
    with CaptureQueriesContext(connection) as many:
        large = profile(client, hood).content
    assert len(many.captured_queries) == len(few.captured_queries) <= 30, [q["sql"][:120] for q in many.captured_queries]
    assert len(large) > len(small)


def test_the_pages_of_issue_12_show_no_latin_digit(client, hood, secretariat):
    """As tests/platform/test_persian_digits.py walks the main pages: the profile, the indicators, the lists."""
    from tests.platform.test_persian_digits import latin_digits_in, visible_text

    fill(hood, 2)
    client.force_login(secretariat)
    value = hood.indicator_values.first()
    person = hood.people.first()
    urls = [reverse("reports:neighborhood_profile", args=[hood.pk]), reverse("reports:neighborhood_profile", args=[hood.pk]) + "?print=1",
            reverse("reports:neighborhood_indicators", args=[hood.pk]), reverse("reports:indicator_values"),
            reverse("reports:indicator_value_create", args=[hood.pk]), reverse("reports:indicator_value_edit", args=[value.pk]),
            reverse("places:lists"), reverse("places:people", args=["elite"]), reverse("places:needs", args=["sports_space"]),
            reverse("places:documents"), reverse("places:list_import", args=[hood.pk, "elite"]),
            reverse("places:person_edit", args=[person.pk]), reverse("places:neighborhood", args=[hood.pk])]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if hits := latin_digits_in(visible_text(response.content.decode(), {secretariat.username})):
            found[url] = hits
    assert not found, found
