"""How an app plugs into the kernel: its audit declaration (checked), and the registries through which
a lower app shows a higher app's items (API routers, menu, inbox sections, agenda sources, page links)."""

import datetime
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.test import Client
from ninja import Router

from mahalleh.config.api import build_api
from mahalleh.core import registry
from mahalleh.core.audit import is_audited
from mahalleh.core.checks import audit_declared
from mahalleh.core.roles import Role
from mahalleh.meetings import services
from tests.factories import AgencyFactory, AssignmentFactory, BodyFactory, MeetingFactory, user_with_role

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 5, 10)


@contextmanager
def registered(reg, item):
    reg.register(item)
    try:
        yield item
    finally:
        reg.unregister(item.key)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---- audit ---------------------------------------------------------------------------------


def test_the_project_declares_the_audit_of_every_app():
    assert audit_declared() == []


def test_an_app_with_models_that_declares_nothing_fails_the_check(monkeypatch):
    config = apps.get_app_config("minutes")
    monkeypatch.delattr(type(config), "audited_models")
    [error] = audit_declared(app_configs=[config])
    assert error.id == "core.E001" and "minutes" in error.msg
    # ... and nothing of it is audited meanwhile, rather than guessed.
    assert not is_audited(apps.get_model("minutes", "MinutesImport"))


def test_a_misspelled_exclusion_fails_the_check(monkeypatch):
    config = apps.get_app_config("accounts")
    monkeypatch.setattr(type(config), "audit_exclude", ("apitokens",))
    [error] = audit_declared(app_configs=[config])
    assert error.id == "core.E002" and "apitokens" in error.msg


def test_every_project_model_is_audited_but_the_declared_few():
    left_out = {
        model._meta.label_lower
        for config in apps.get_app_configs() if config.name.startswith("mahalleh.")
        for model in config.get_models() if not is_audited(model)
    }
    assert left_out == {"core.auditentry", "core.idempotencykey", "core.ratecounter",  # counts, not records
                        "accounts.apitoken", "accounts.loginaddress",
                        "agencies.registrystamp",
                        "problems.personaldataread", "desks.signupread", "places.listread"}  # the read logs are their own record
    assert not is_audited(apps.get_model("auth", "Group"))  # not the project's: declares nothing


# ---- API routers ---------------------------------------------------------------------------


def test_the_api_mounts_every_registered_router():
    paths = {str(p.pattern) for p in build_api().urls[0]}
    assert {"places/neighborhoods/", "agencies/", "meetings/", "meetings/inbox/"} <= paths
    extra = Router()

    @extra.get("/ping", auth=None)
    def ping(request):
        return {"ok": True}

    with registered(registry.api_routers, registry.ApiRouter(key="problems", prefix="problems", router=extra)):
        api = build_api()
    assert any(str(p.pattern) == "problems/ping" for p in api.urls[0])


# ---- menu ----------------------------------------------------------------------------------


def test_the_menu_is_the_registered_entries_each_for_whom_it_names(province):
    user = user_with_role(Role.SECRETARIAT, province=province)
    BodyFactory(province=province)  # «ورود صورتجلسه» is for whoever runs a province's bodies
    page = signed_in(user).get("/meetings/resolutions/").content.decode()
    labels = ["محلات", "دستگاه‌ها", "نهادها", "جلسات", "مصوبات", "کارتابل", "کارنامه دستگاه‌ها", "ورود صورتجلسه"]
    positions = [page.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)
    assert 'nav-link active" href="/meetings/resolutions/"' in page
    assert 'nav-link active" href="/meetings/"' not in page  # «جلسات» lights on its own path only

    hidden = registry.NavEntry(key="desks", label="میزهای خدمت", path="/desks/", visible=lambda u: u.is_staff)
    with registered(registry.nav_entries, hidden):
        # a page whose own content never names the desks (the home page's dashboard does)
        assert "میزهای خدمت" not in signed_in(user).get("/meetings/resolutions/").content.decode()
    shown = registry.NavEntry(key="desks", label="میزهای خدمت", path="/desks/", order=65)
    with registered(registry.nav_entries, shown):
        page = signed_in(user).get("/meetings/resolutions/").content.decode()
    assert page.index(">کارتابل</a>") < page.index(">میزهای خدمت</a>") < page.index(">کارنامه دستگاه‌ها</a>")


# ---- inbox sections ------------------------------------------------------------------------


def test_the_inbox_shows_every_registered_section(province):
    agency = AgencyFactory(province=province)
    assignment = AssignmentFactory(agency=agency, resolution__meeting__body__province=province)
    focal = user_with_role(Role.AGENCY, agency=agency)
    page = signed_in(focal).get("/meetings/inbox/").content.decode()
    assert "مصوبات باز دستگاه" in page and assignment.resolution.text[:30] in page  # beside the problems assigned

    problems = registry.InboxSection(
        key="problems", title="مشکلات ارجاع‌شده", template="meetings/_inbox_resolutions.html",
        rows=lambda user: [], empty="مشکلی به دستگاه شما ارجاع نشده است.", order=20,
    )
    with registered(registry.inbox_sections, problems):
        page = signed_in(focal).get("/meetings/inbox/").content.decode()
    assert page.index("مصوبات باز دستگاه") < page.index("مشکلات ارجاع‌شده") < page.index("مشکلی به دستگاه شما ارجاع نشده است.")
    assert 'data-testid="inbox-section-problems"' in page and assignment.resolution.text[:30] in page


# ---- agenda sources ------------------------------------------------------------------------


def test_a_registered_source_puts_its_items_on_a_new_meeting_after_the_review(province):
    body = BodyFactory(province=province)
    MeetingFactory(body=body, number=1, date=DAY - datetime.timedelta(days=14))
    secretariat = user_with_role(Role.SECRETARIAT, province=province)
    asked = []

    def offer(*, body, date):
        asked.append((body.pk, date))
        return ["گزارش مشکلات محلات", "معرفی طرح"]

    with registered(registry.agenda_sources, registry.AgendaSource(key="problems", offer=offer)):
        meeting = services.meeting_schedule(body=body, date=DAY, agenda=["معرفی طرح", "سایر"], actor=secretariat)
    items = [(i.text, i.is_review) for i in meeting.agenda_items.order_by("order")]
    assert items == [
        ("بررسی مصوبات جلسه گذشته", True), ("گزارش مشکلات محلات", False), ("معرفی طرح", False), ("سایر", False),
    ]
    assert asked == [(body.pk, DAY)]


# ---- links on an object's page ----------------------------------------------------------


def test_the_meeting_page_offers_the_minutes_downloads_of_the_minutes_app(province):
    meeting = MeetingFactory(body__province=province)
    client = signed_in(user_with_role(Role.SECRETARIAT, province=province))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="/minutes/meetings/{meeting.pk}.pdf" data-testid="pdf"' in page
    assert f'href="/minutes/meetings/{meeting.pk}.docx" data-testid="docx"' in page
    response = client.get(f"/minutes/meetings/{meeting.pk}.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert response["Content-Disposition"] == f'attachment; filename="minutes-{meeting.pk}.docx"'

    elsewhere = user_with_role(Role.SECRETARIAT, province=BodyFactory().province)
    assert signed_in(elsewhere).get(f"/minutes/meetings/{meeting.pk}.docx").status_code == 404
    assert Client().get(f"/minutes/meetings/{meeting.pk}.docx").status_code == 302
