"""The Content-Security-Policy in a real browser: the main pages load with nothing refused.

The policy allows the app's own origin only (no inline script or style), so an inline <script>, a
style="" attribute, an onclick= or a <style> that htmx injects would each show up here as a violation.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from mahalleh.demo.loader import DEMO_PASSWORD, load_demo
from mahalleh.meetings.models import Meeting
from mahalleh.minutes.models import MinutesImport

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def demo(transactional_db):
    load_demo()


def visit(page, path: str, refused: list[str]) -> list[str]:
    """Open a page, wait for its scripts, and return the links it has to other pages of the app."""
    response = page.goto(path)
    assert response is not None, path
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, (path, policy)
    page.wait_for_load_state("networkidle")
    refused += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
    if response.status != 200:  # an error page is checked too, but has nothing to follow
        return []
    return page.eval_on_selector_all("main a[href^='/']", "links => links.map(a => a.getAttribute('href'))")


def crawl(page, login, username: str) -> set[str]:
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(f"{page.url}: {msg.text}") if "Refused to" in msg.text else None)
    page.context.add_init_script(RECORD_VIOLATIONS)
    visit(page, "/accounts/login/", refused)
    login(page, username, DEMO_PASSWORD)
    seen: set[str] = set()
    nav = page.eval_on_selector_all("#main-nav a.nav-link", "links => links.map(a => a.getAttribute('href'))")
    for path in nav:
        if path in seen or path.startswith("/admin/"):
            continue
        seen.add(path)
        # One detail page from each list: the first link that leads deeper than the list itself.
        for link in visit(page, path, refused):
            target = urlsplit(link).path
            if target.startswith(path) and target != path and target not in seen and "export" not in link:
                seen.add(target)
                visit(page, target, refused)
                break
    assert not refused, "\n".join(refused)
    return seen


def test_main_pages_of_the_secretariat_load_without_csp_violations(page, demo, login):
    draft = MinutesImport.objects.exclude(status="confirmed").first()
    seen = crawl(page, login, "secretariat")
    meeting = Meeting.objects.order_by("-date").first()
    assert draft and meeting
    extra = ["/", "/no-such-page/", f"/minutes/import/{draft.pk}/", f"/meetings/{meeting.pk}/review/"]
    refused: list[str] = []
    for path in extra:
        visit(page, path, refused)
    # The Jalali date picker opens and draws its calendar (it styles through the DOM, which CSP allows).
    visit(page, "/meetings/new/", refused)
    page.click("input[data-jdp]")
    page.locator("jdp-container").wait_for(state="visible")
    refused += [f"date picker: {v}" for v in page.evaluate("window.__cspViolations")]
    # The API's documentation (ninja's vendored Swagger UI) too.
    visit(page, "/api/docs", refused)
    page.wait_for_selector("#swagger-ui .info", state="visible")
    refused += [f"/api/docs: {v}" for v in page.evaluate("window.__cspViolations")]
    visit(page, extra[-1], refused)
    # The review page's print button, once an onclick=, works from app.js.
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click("[data-print]")
    assert page.evaluate("window.__printed === true")
    assert not refused, "\n".join(refused)
    assert len(seen) >= 6  # the crawl reached lists and detail pages, not just the home page


def test_the_agency_inbox_loads_without_csp_violations(page, demo, login):
    seen = crawl(page, login, "varzesh")
    assert seen
