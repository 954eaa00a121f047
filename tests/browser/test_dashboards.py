"""The dashboards and the map in Chromium (issue 12): each role's dashboard at phone and desktop widths
draws a chart per figure group with no console error or CSP violation; the map draws its county outlines
and markers with no request to any host but 127.0.0.1, and a marker opens the neighborhood's page.
Screenshots go to the test's own tmp dir."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.reports.dashboard_world import ROLES, build

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI || "inline"}`);
});
"""
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def world(transactional_db):
    return build()


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.context.add_init_script(RECORD_VIOLATIONS)
    return errors


def _only_local(page) -> None:
    hosts = {urlsplit(url).hostname for url in page.requested if urlsplit(url).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"} or hosts == {"localhost"}, hosts


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ROLES)
def test_each_roles_dashboard_draws_its_charts(page, world, login, role, size, tmp_path):
    errors = _watch(page)
    page.set_viewport_size(SIZES[size])
    login(page, world.users[role].username)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    canvases = page.locator("canvas[data-chart]")
    expected = canvases.count()
    assert expected >= 4, role
    page.wait_for_function(f"document.querySelectorAll('canvas[data-drawn=\"1\"]').length === {expected}")
    # each chart is drawn: Chart.js knows it and its canvas has pixels that are not blank
    drawn = page.evaluate("""() => [...document.querySelectorAll('canvas[data-chart]')].map(c => {
        const chart = window.Chart.getChart(c);
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0; for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) ink++; }
        return {chart: !!chart, width: c.width, ink};
    })""")
    assert all(d["chart"] and d["width"] > 0 and d["ink"] > 100 for d in drawn), drawn
    # the axes' numbers are Persian digits (the chart's own tick formatter)
    ticks = page.evaluate("""() => { const c = document.querySelector('canvas[data-chart="problems_axis"]')
        || document.querySelector('canvas[data-chart]'); const ch = window.Chart.getChart(c);
        return ch.scales.x ? ch.scales.x.ticks.map(t => t.label) : []; }""")
    assert ticks and all(not any(ch.isascii() and ch.isdigit() for ch in str(t)) for t in ticks), ticks
    assert page.locator("[data-figure] ").count() > 0
    assert page.evaluate("document.documentElement.dir") == "rtl"
    if size == "phone":  # no sideways scroll on a phone
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] + 1, widths
    path = tmp_path / f"dashboard-{role}-{size}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    assert not errors, errors
    assert page.evaluate("window.__cspViolations") == []
    _only_local(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_map_draws_offline_and_a_marker_opens_the_neighborhood(page, world, login, size, tmp_path, settings):
    settings.MAP_TILE_URL = ""
    errors = _watch(page)
    page.set_viewport_size(SIZES[size])
    login(page, world.users["secretariat"].username)
    page.goto("/reports/map/")
    page.wait_for_selector("#neighborhood-map[data-outlines='7']")
    assert page.locator("path.county-outline").count() == 7
    assert page.locator("path.hood-marker").count() == len(world.hoods)
    assert page.locator(".leaflet-tile").count() == 0  # no tile layer without MAP_TILE_URL
    page.select_option("[data-testid=map-measure]", "last_desk")
    assert "روز از آخرین میز خدمت" in page.inner_text("#map-legend")
    path = tmp_path / f"map-{size}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    assert not errors, errors
    assert page.evaluate("window.__cspViolations") == []
    _only_local(page)
    assert not any("/reports/" not in u and u.endswith(".png") and "leaflet" not in u for u in page.requested)
    page.locator("path.hood-marker").first.dispatch_event("click")
    page.wait_for_url("**/places/neighborhoods/*/")
    assert page.locator("h1").count() == 1
