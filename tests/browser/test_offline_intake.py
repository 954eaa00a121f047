"""The desk day through a dead network, in Chromium at phone width (issue 11 §2).

A neighborhood manager opens the intake once; the service worker keeps it. With the browser set
offline, three problems are recorded (one with a photo): the page says three wait, and still says so
after a reload with no network (the page from the worker's cache, the queue from IndexedDB). Back
online they arrive once each; a second sync (a reload, an `online` event) makes nothing new. A problem
the server refuses stays on the device with the server's message.
"""

from __future__ import annotations

import io
import re
import time
from urllib.parse import urlsplit

import pytest
from PIL import Image

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.roles import Role
from mahalleh.problems.models import Category, Problem, RoutingRule
from tests.browser.conftest import PHONE
from tests.factories import AgencyFactory, CountyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role

pytestmark = pytest.mark.browser

OFFLINE = [  # (category code, description)
    ("sewage", "پس زدن فاضلاب در کوچه سوم"),
    ("lighting", "خاموشی چراغ‌های بلوار اصلی"),
    ("sewage", "بوی فاضلاب کنار مدرسه"),
]


@pytest.fixture
def desk(transactional_db):
    province = ProvinceFactory(name="البرز", code="alborz")
    hood = NeighborhoodFactory(county=CountyFactory(province=province, name="کرج"), name="حصار")
    axis = ServiceAxis.objects.create(code="construction_housing", name="عمران و مسکن", order=3)
    water = AgencyFactory(province=province, name="آبفای استان")
    city = AgencyFactory(province=province, name="شهرداری کرج")
    categories = {}
    for order, (code, name, agency) in enumerate((("sewage", "فاضلاب", water), ("lighting", "روشنایی معابر", city)), 1):
        categories[code] = Category.objects.create(axis=axis, code=code, name=name, order=order, service_days=10)
        RoutingRule.objects.create(province=province, category=categories[code], agency=agency)
    return {"hood": hood, "categories": categories, "manager": user_with_role(Role.NEIGHBORHOOD, neighborhood=hood)}


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized context that refuses every host but the live server (as conftest's ``page``)."""
    allowed = urlsplit(live_server.url).netloc
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="fa-IR")
    foreign: list[str] = []

    def guard(route, req) -> None:  # type: ignore[no-untyped-def]
        parts = urlsplit(req.url)
        if parts.scheme in {"data", "blob", "about"} or parts.netloc == allowed:
            route.continue_()
        else:
            foreign.append(req.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield context, page
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, format="JPEG")
    return out.getvalue()


def _fill(page, desk, code: str, text: str) -> None:
    page.select_option("#id_neighborhood", str(desk["hood"].pk))
    page.select_option("#id_category", str(desk["categories"][code].pk))
    page.fill("#id_description", text)


def _waiting(page) -> int:
    return int(page.get_attribute("[data-testid=offline-queue]", "data-waiting"))


def _wait_waiting(page, n: int) -> None:
    """Until the panel says ``n`` problems wait (a selector: the page's CSP refuses an eval'd predicate)."""
    page.wait_for_selector(f"[data-testid=offline-queue][data-waiting='{n}']", state="attached")


def _until(page, script: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out: {script}"
        page.wait_for_timeout(100)


def _wait_for_worker(page) -> None:
    _until(page, "navigator.serviceWorker.controller !== null")
    # The first visit was not served by the worker: it is asked to keep the page; wait until it has.
    _until(page, """async () => {
        for (const name of await caches.keys()) {
            if (name.startsWith('mahalleh-pages-') && (await (await caches.open(name)).keys()).length) return true;
        }
        return false;
    }""")


def test_three_problems_through_a_dead_network_arrive_once_each(phone, desk, login, screenshot):
    context, page = phone
    login(page, desk["manager"].username)
    page.goto("/problems/new/?desk=12")
    _wait_for_worker(page)
    cached = page.evaluate("""async () => {
        for (const name of await caches.keys()) {
            const hit = name.startsWith('mahalleh-pages-') && await (await caches.open(name)).match(location.href);
            if (hit) return hit.text();
        }
    }""")
    printed_key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', cached).group(1)

    context.set_offline(True)
    keys = []
    for i, (code, text) in enumerate(OFFLINE):
        _fill(page, desk, code, text)
        if i == 0:
            page.set_input_files("#id_photos", files=[{"name": "kooche.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}])
        keys.append(page.input_value("[name=idempotency_key]"))
        page.click("[data-testid=intake-save]")
        _wait_waiting(page, i + 1)
        assert page.input_value("#id_description") == ""  # cleared for the next resident
        assert page.input_value("#id_neighborhood") == str(desk["hood"].pk)  # the place stays
    assert "۳ مشکل در انتظار ارسال" in page.inner_text("[data-testid=offline-count]")
    assert len(set(keys)) == 3 and printed_key not in keys  # keys made on the device, one each
    assert Problem.objects.count() == 0
    screenshot(page, "offline-three-waiting-phone")

    worker_failed: list[str] = []
    context.on("requestfailed", lambda r: worker_failed.append(r.failure) if r.service_worker else None)
    page.reload()  # no network: the page is the worker's copy, the queue is IndexedDB's
    page.wait_for_selector("[data-testid=intake-form]")
    _wait_waiting(page, 3)
    assert "۳ مشکل در انتظار ارسال" in page.inner_text("[data-testid=offline-count]")
    assert "شبکه در دسترس نیست" in page.inner_text("[data-testid=offline-queue]")
    assert worker_failed == ["net::ERR_INTERNET_DISCONNECTED"]  # the worker tried the network first
    page.goto("/problems/new/?desk=13")  # never opened with this query: the same page's copy
    _wait_waiting(page, 3)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # What waits, as a tab would hold it had it sent these and died before taking them off the queue.
    kept = page.evaluate("""() => new Promise(ok => indexedDB.open('mahalleh-offline').onsuccess = e =>
        e.target.result.transaction('problems').objectStore('problems').getAll().onsuccess =
        r => ok(r.target.result.map(i => ({...i, files: []}))))""")
    assert sorted(item["key"] for item in kept) == sorted(keys)
    context.set_offline(False)  # the browser's `online` event sends them
    _wait_waiting(page, 0)
    problems = list(Problem.objects.order_by("pk"))
    assert sorted(p.description for p in problems) == sorted(text for _, text in OFFLINE)
    assert len(problems) == 3
    with_photo = Problem.objects.get(description=OFFLINE[0][1])
    assert with_photo.photos.count() == 1
    assert "۳ مشکل نگه‌داشته فرستاده و ثبت شد" in page.inner_text("[data-testid=offline-queue]")
    receipts = page.eval_on_selector_all("[data-testid=offline-sent] a", "links => links.map(a => a.pathname)")
    assert sorted(receipts) == sorted(f"/problems/{p.pk}/received/" for p in problems)
    screenshot(page, "offline-sent-phone")

    # A second sync of the same three keys (put back on the queue): the server answers each with the
    # problem its key made, the queue empties, nothing new is made.
    page.reload()
    _wait_waiting(page, 0)
    page.evaluate("""(items) => new Promise(ok => indexedDB.open('mahalleh-offline').onsuccess = e => {
        const tx = e.target.result.transaction('problems', 'readwrite');
        items.forEach(i => tx.objectStore('problems').put(i));
        tx.oncomplete = ok;
    })""", kept)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("text=۳ مشکل نگه‌داشته فرستاده و ثبت شد")
    _wait_waiting(page, 0)
    assert Problem.objects.count() == 3


def test_a_replayed_key_and_a_refused_problem(phone, desk, login):
    """Two tabs that both send one kept problem make one; a refused one stays, with the server's words."""
    context, page = phone
    login(page, desk["manager"].username)
    page.goto("/problems/new/")
    _wait_for_worker(page)
    context.set_offline(True)
    _fill(page, desk, "sewage", "آب‌گرفتگی زیرگذر")
    page.click("[data-testid=intake-save]")
    _wait_waiting(page, 1)
    # A malformed mobile: kept on the device (only required fields are checked there), refused by the server.
    _fill(page, desk, "lighting", "تیر چراغ برق افتاده")
    page.fill("#id_reporter_mobile", "۱۲۳۴")
    page.click("[data-testid=intake-save]")
    _wait_waiting(page, 2)
    kept = page.evaluate("""() => new Promise(ok => indexedDB.open('mahalleh-offline').onsuccess = e =>
        e.target.result.transaction('problems').objectStore('problems').getAll().onsuccess = r => ok(r.target.result))""")
    first = next(item for item in kept if item["summary"].endswith("آب‌گرفتگی زیرگذر"))

    other = context.new_page()  # a second tab, opened while offline too
    other.goto("/problems/new/")
    _wait_waiting(other, 2)
    context.set_offline(False)
    for tab in (page, other):
        _wait_waiting(tab, 1)
    assert Problem.objects.count() == 1, [(len(p.description), p.description[:30]) for p in Problem.objects.all()]
    for tab in (page, other):
        tab.wait_for_selector("[data-offline-item][data-state=refused]")
    refused = page.locator("[data-offline-item][data-state=refused]")
    assert refused.count() == 1
    assert re.search("نپذیرفت.*تلفن همراه", refused.inner_text())  # the server's Persian message, by field

    # The same key sent again (as a tab without the lock would): the server answers with the first.
    status = page.evaluate("""async ([key, category]) => {
        const token = document.querySelector('meta[name=csrf-token]').content;
        const body = new FormData(document.querySelector('[data-testid=intake-form]'));
        body.set('idempotency_key', key);
        body.set('category', category);
        body.set('description', 'هر چیز دیگری');
        const r = await fetch('/problems/new/', {method: 'POST', body, headers: {'X-CSRFToken': token, 'HX-Request': 'true'}});
        return [r.status, r.headers.get('HX-Redirect')];
    }""", [first["key"], str(desk["categories"]["sewage"].pk)])
    assert status[0] == 200 and status[1] == f"/problems/{Problem.objects.get().pk}/received/"
    assert Problem.objects.count() == 1

    page.click("[data-offline-edit]")  # back into the form, fixed, saved online
    page.wait_for_selector("[data-offline-item][data-state=editing]")
    assert page.input_value("#id_description") == "تیر چراغ برق افتاده"
    page.fill("#id_reporter_mobile", "۰۹۱۲۳۴۵۶۷۸۹")
    page.click("[data-testid=intake-save]")
    page.wait_for_selector("[data-testid=received]")
    assert Problem.objects.count() == 2
    page.click("[data-testid=intake-next]")  # the queue resends it (old data, same key): answered as made
    page.wait_for_selector("[data-testid=offline-sent] a")
    _wait_waiting(page, 0)
    assert Problem.objects.count() == 2
    assert Problem.objects.get(description="تیر چراغ برق افتاده").reporter_mobile == "09123456789"


def test_a_save_whose_answers_are_lost_goes_to_the_queue_with_its_key(phone, desk, login):
    """Online, but the answers never come back (the server saved the first): after one retry the form
    is handed to the queue with the key it was sent with, so sending it again makes nothing new."""
    _context, page = phone
    login(page, desk["manager"].username)
    page.goto("/problems/new/")
    _wait_for_worker(page)
    lost = {"n": 0}

    def lose(route, request):  # type: ignore[no-untyped-def]
        if request.method == "POST":
            lost["n"] += 1
            if lost["n"] == 1:
                route.fetch()  # the server receives and saves it ...
            route.abort()  # ... and no answer comes back
        else:
            route.continue_()

    page.route("**/problems/new/", lose)
    _fill(page, desk, "sewage", "لوله آب خیابان شکسته")
    key = page.input_value("[name=idempotency_key]")
    page.click("[data-testid=intake-save]")
    _wait_waiting(page, 1)
    assert lost["n"] == 2 and Problem.objects.count() == 1
    assert page.input_value("#id_description") == "" and page.input_value("[name=idempotency_key]") != key
    page.unroute("**/problems/new/")
    page.click("[data-offline-sync]")  # «ارسال اکنون»
    _wait_waiting(page, 0)
    assert Problem.objects.count() == 1  # the queue's send was answered with the problem the first made


def test_a_rotated_token_is_renewed_and_a_lost_session_waits_for_sign_in(phone, desk, login):
    context, page = phone
    login(page, desk["manager"].username)
    page.goto("/problems/new/")
    _wait_for_worker(page)
    # Signing out and in again in another tab rotates the CSRF secret: this page's token is now stale.
    other = context.new_page()
    other.goto("/")
    with other.expect_navigation():
        other.evaluate("document.querySelector(\"form[action$='/accounts/logout/']\").submit()")
    login(other, desk["manager"].username)
    context.set_offline(True)
    _fill(page, desk, "sewage", "فاضلاب روباز پشت مدرسه")
    page.click("[data-testid=intake-save]")
    _wait_waiting(page, 1)
    context.set_offline(False)  # refused 403 with the old token; the page fetches a fresh one and resends
    _wait_waiting(page, 0)
    assert Problem.objects.count() == 1

    context.set_offline(True)
    _fill(page, desk, "sewage", "درب منهول کوچه دوم نیست")
    page.click("[data-testid=intake-save]")
    _wait_waiting(page, 1)
    context.clear_cookies()  # the session ends while the network is down
    context.set_offline(False)
    page.wait_for_selector("[data-offline-item][data-state=signin]")
    assert "دوباره وارد شوید" in page.inner_text("[data-testid=offline-queue]")
    assert Problem.objects.count() == 1 and _waiting(page) == 1  # kept, not dropped
    login(other, desk["manager"].username)
    page.reload()  # the fresh page sends it on load
    _wait_waiting(page, 0)
    assert Problem.objects.count() == 2
