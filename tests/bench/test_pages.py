"""bench/pages.py's pairs at a tiny scale: each page and its floor show the same rows, and the timing
header is there, so a template change that breaks the comparison fails here rather than in a benchmark run."""

import pytest
from bench.generate import generate
from bench.pages import pick_inputs, server_ms
from django.utils import timezone

from mahalleh.accounts.models import User


@pytest.fixture
def bench_site(db, settings):
    settings.ROOT_URLCONF = "bench.floor"
    settings.MIDDLEWARE = ["bench.floor.ServerTiming", *settings.MIDDLEWARE]
    from bench import pages_settings

    settings.TEMPLATES = pages_settings.TEMPLATES
    today = timezone.localdate()  # the pages read "today" from the clock, so the data is made for it
    generate(scale=0.002, today=today, log=lambda _line: None)
    return pick_inputs(today, "alborz")[1]


def test_every_page_and_its_floor_show_the_same_rows(bench_site, client):
    counts = {}
    for page in bench_site:
        client.force_login(User.objects.get(username=page.user))
        shown = client.get(page.url)
        floor = client.get(page.floor_url)
        assert shown.status_code == floor.status_code == 200, page.name
        rows = len(page.rows.findall(shown.content.decode()))
        assert rows == floor.content.decode().count("<tr data-row"), page.name
        assert server_ms({k.lower(): v for k, v in shown.headers.items()}) > 0
        counts[page.name.split()[0]] = rows
    # Not a vacuous 0 == 0: the busiest agency has open work, the province resolutions and agencies.
    assert counts["inbox"] > 0 and counts["resolutions"] > 0 and counts["scorecards"] > 0


def test_a_floor_needs_a_signed_in_user(bench_site, client):
    assert client.get(bench_site[0].floor_url).status_code == 403
