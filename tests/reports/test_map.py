"""The map of the target neighborhoods (issue 12): what each role sees on it, its measures, the counties'
bundled outlines (approximate, and said so), no tile layer unless MAP_TILE_URL is set, constant queries."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mahalleh.desks.models import Desk
from mahalleh.problems.models import Problem
from tests.reports.dashboard_world import build, more

pytestmark = pytest.mark.django_db

def _points(response):
    return response.context["points"]


@pytest.fixture
def world():
    return build()


def test_the_province_sees_its_target_neighborhoods_with_their_measures(client, world):
    client.force_login(world.users["secretariat"])
    response = client.get(reverse("reports:map"))
    assert response.status_code == 200
    points = {p["name"]: p for p in _points(response)}
    assert set(points) == {h.name for h in world.hoods}
    hood = world.hoods[0]
    p = points[hood.name]
    assert p["open"] == Problem.objects.filter(neighborhood=hood).open().count()
    assert p["overdue"] == Problem.objects.filter(neighborhood=hood).overdue(timezone.localdate()).count()
    last = Desk.objects.filter(neighborhood=hood, status=Desk.Status.HELD).order_by("-date").first()
    assert p["last_desk"] == (timezone.localdate() - last.date).days
    assert p["url"] == reverse("places:neighborhood", args=[hood.pk])
    page = response.content.decode()
    assert "مرزهای شهرستان‌ها تقریبی‌اند، برای نمایش" in page
    assert 'id="map-points"' in page and 'id="map-config"' in page


def test_a_county_sees_its_own_and_the_national_hq_every_province(client, world):
    client.force_login(world.users["county"])
    names = {p["name"] for p in _points(client.get(reverse("reports:map")))}
    assert names == {h.name for h in world.hoods if h.county_id == world.counties[0].pk}
    client.force_login(world.users["national"])
    names = {p["name"] for p in _points(client.get(reverse("reports:map")))}
    assert "محله دور" in names


def test_an_agency_counts_only_its_problems(client, world):
    client.force_login(world.users["agency"])
    points = {p["name"]: p for p in _points(client.get(reverse("reports:map")))}
    hood = world.hoods[0]
    assert points[hood.name]["open"] == Problem.objects.filter(neighborhood=hood, agency=world.agencies[0]).open().count()


def test_no_tile_layer_unless_a_server_is_set(client, world, settings):
    client.force_login(world.users["secretariat"])
    settings.MAP_TILE_URL = ""
    assert client.get(reverse("reports:map")).context["map_config"]["tiles"] == ""
    settings.MAP_TILE_URL = "https://tiles.example.ir/{z}/{x}/{y}.png"
    assert client.get(reverse("reports:map")).context["map_config"]["tiles"] == settings.MAP_TILE_URL


def test_the_bundled_outlines_are_alborzs_counties_marked_approximate():
    path = Path(__file__).resolve().parents[2] / "src/mahalleh/static/reports/alborz-counties.geojson"
    geo = json.loads(path.read_text(encoding="utf-8"))
    names = {f["properties"]["name"] for f in geo["features"]}
    assert {"کرج", "فردیس", "ساوجبلاغ", "نظرآباد", "اشتهارد", "طالقان"} <= names
    assert all(f["properties"]["note"] == "مرزهای تقریبی، برای نمایش" and f["properties"]["approximate"]
               for f in geo["features"])
    # the demo's target neighborhoods fall in their own county's outline
    places = json.loads((path.parents[2] / "places/data/alborz.json").read_text(encoding="utf-8"))
    rings = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in geo["features"]}
    for hood in places["neighborhoods"]:
        outer, *holes = rings[hood["county"]]
        point = (hood["longitude"], hood["latitude"])
        assert _inside(point, outer) and not any(_inside(point, h) for h in holes), hood["name"]


def _inside(point, ring):
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def test_the_map_queries_do_not_grow_with_the_rows(client, world):
    client.force_login(world.users["secretariat"])
    client.get(reverse("reports:map"))
    with CaptureQueriesContext(connection) as once:
        client.get(reverse("reports:map"))
    more(world, 2)
    with CaptureQueriesContext(connection) as thrice:
        response = client.get(reverse("reports:map"))
    assert len(_points(response)) == len(world.hoods) + 2
    assert len(thrice) == len(once)


def test_the_maps_numbers_link_to_their_lists(client, world):
    client.force_login(world.users["secretariat"])
    for p in _points(client.get(reverse("reports:map"))):
        for key, url in (("open", p["problems_url"]), ("overdue", p["overdue_url"])):
            assert client.get(url).context["page_obj"].paginator.count == p[key], (p["name"], key)
        held = client.get(p["desks_url"]).context["object_list"]
        assert (timezone.localdate() - max(d.date for d in held)).days == p["last_desk"]
