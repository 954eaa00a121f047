"""The crawl of issue 9: as each demo role, every link of its menu and home page, and the buttons atop each
of those pages, answers 200 with a Persian page, at a phone's width and a desktop's, none wider than the
screen; for the secretariat and an agency, the first row of every list too. One browser, one live server,
one load of the demo; every failure is reported at once."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from mahalleh.accounts.models import User
from mahalleh.demo.loader import DEMO_USERS, load_demo
from mahalleh.meetings.models import Assignment
from mahalleh.meetings.services import report_submit
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
# Who also opens each list's first row (a detail page looks alike for every role but its buttons).
DEEPER = {"secretariat", "varzesh"}
# Links that leave the page's kind: signing out, the exports (files, not pages), the print view (its own tab).
SKIP = ("/accounts/logout/", "export=", "print=1")
# The dashboard's numbers are left out: each opens a list the menu or its group's «فهرست کامل» already
# leads to, with a filter (tests/reports/test_dashboards.py checks every one against its list).
MENU = "#main-nav a, main a:not([data-figure])"
ACTIONS = ".page-header a"
FIRST_ROWS = "[data-testid=list-row]:first-child a, [data-testid=inbox-row]:first-child a, main .list-group-item:first-child > a"
LINKS = """(selector) => [...document.querySelectorAll(selector)]
    .filter(a => a.target !== '_blank').map(a => a.getAttribute('href'))"""
CHECK = """() => ({
    lang: document.documentElement.lang, dir: document.documentElement.dir,
    width: document.documentElement.scrollWidth, screen: window.innerWidth,
})"""
# What sticks out, to name in the failure (looked for only then: it measures every element).
CULPRITS = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1 || e.getBoundingClientRect().left < -1)
    .slice(0, 3).map(e => e.tagName + '.' + e.className + ' «' + (e.textContent || '').trim().slice(0, 40) + '»')"""


# The resolution list on a phone: the text of each resolution takes the card's width, not a sliver of a
# column (forty resolutions made a page 39,000 px tall), and a card stays a few lines high.
RESOLUTIONS = "/meetings/resolutions/"
READABLE = """() => {
    const rows = [...document.querySelectorAll('[data-testid=list-row]')];
    const texts = rows.map(r => r.querySelector('a[href^="/meetings/resolutions/"]')?.closest('td')).filter(Boolean);
    return {rows: rows.length, narrowest: Math.min(...texts.map(t => t.getBoundingClientRect().width)),
            height: document.documentElement.scrollHeight};
}"""


def own_links(hrefs: list[str | None]) -> list[str]:
    """The app's own pages among ``hrefs``: paths, without fragments or the skipped kinds."""
    links = []
    for href in hrefs:
        if not href or href.startswith("#"):
            continue
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/") or any(s in href for s in SKIP):
            continue
        links.append(href.split("#")[0])
    return list(dict.fromkeys(links))


def sign_in(page, live_server, user: User) -> None:
    """Sign in without the login form (the demo's passwords are hashed for real): a session made by the
    test client, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


class Crawl:
    def __init__(self, page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.visits = 0

    def visit(self, who: str, link: str) -> bool:
        """Open ``link`` at a phone's width, then widen the same page to a desktop's (the layout follows the
        window; no second load)."""
        self.visits += 1
        self.page.set_viewport_size(PHONE)
        response = self.page.goto(link)
        status = response.status if response is not None else None
        if status != 200:
            self.problems.append(f"{who} {link}: HTTP {status}")
            return False
        for width, size in (("phone", PHONE), ("desktop", DESKTOP)):
            self.page.set_viewport_size(size)
            seen = self.page.evaluate(CHECK)
            if (seen["lang"], seen["dir"]) != ("fa", "rtl"):
                self.problems.append(f"{who} {link}: not a Persian page (lang={seen['lang']!r}, dir={seen['dir']!r})")
                break
            if seen["width"] > seen["screen"]:
                self.problems.append(f"{who} {width} {link}: {seen['width']}px wide on a {seen['screen']}px screen: "
                                     f"{self.page.evaluate(CULPRITS)}")
            if link == RESOLUTIONS and width == "phone":
                cards = self.page.evaluate(READABLE)
                if cards["rows"] and (cards["narrowest"] < 300 or cards["height"] / cards["rows"] > 400):
                    self.problems.append(f"{who} phone {link}: not readable: {cards}")
        return True

    def links(self, selector: str) -> list[str]:
        return own_links(self.page.evaluate(LINKS, selector))

    def role(self, who: str) -> None:
        """The menu's and home page's links, then what their pages lead to."""
        self.page.set_viewport_size(PHONE)
        self.page.goto("/")
        first = self.links(MENU)
        assert len(first) > 1, f"{who}: the menu and home page offer nothing"
        then: list[str] = []
        for link in first:
            if self.visit(who, link):
                then += self.links(ACTIONS)  # «ثبت جلسه»: only for those who may
                if who in DEEPER:
                    then += self.links(FIRST_ROWS)
        for link in dict.fromkeys(x for x in then if x not in first):
            self.visit(who, link)


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A browser context of its own: without the shared fixture's request routing, which turns the cache
    off (every page would fetch its stylesheets, scripts and fonts again). A request to another host
    still fails the test."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="fa-IR")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    here = urlsplit(live_server.url).netloc
    foreign: list[str] = []
    pg.on("request", lambda req: foreign.append(req.url) if urlsplit(req.url).scheme in ("http", "https")
          and urlsplit(req.url).netloc != here else None)
    yield pg
    context.close()
    assert not foreign, f"requests to hosts other than {here}: {foreign}"


def test_every_role_gets_a_persian_page_that_fits_from_every_link_it_is_offered(page, live_server):
    load_demo()
    # A report waiting for the secretariat, so that its inbox has a row to lay out.
    focal = User.objects.get(username="varzesh")
    assignment = Assignment.objects.restrict(focal, "change").order_by("pk").first()
    assert assignment is not None
    report_submit(assignment=assignment, text="زمین ورزش محله آماده شد.", percent=60, actor=focal)

    crawl = Crawl(page)
    for spec in DEMO_USERS:
        sign_in(page, live_server, User.objects.get(username=spec.username))
        crawl.role(spec.username)
    assert not crawl.problems, "\n".join(crawl.problems)
    assert crawl.visits > 75  # nine roles, each about eight pages, and what two of them lead to
