"""No lost update, no double submission, on any form.

Every POST form a page renders carries the version of what it edits (``version``: a stale save is
refused with a Persian conflict message, 409 or a message on the page, and writes nothing) or the key of
what it creates (``idempotency_key``: the same form twice makes one object). The guard walks every
page of the permission contract, as the users who may act on it, and fails on a form with neither; the
tables below run each one as two sessions (edits) or as a double POST (creates).
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from mahalleh.agencies.models import Agency
from mahalleh.core.roles import Role
from mahalleh.core.views import ScopedEditView
from mahalleh.meetings.models import Attendance, BodyMembership, Meeting, ProgressReport, Resolution
from mahalleh.minutes.models import MinutesImport
from mahalleh.places.models import Neighborhood, NeighborhoodContact
from tests.contract import CASES, World
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    ContactFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ProgressReportFactory,
    ResolutionFactory,
    user_with_role,
)

CONFLICT = "کاربر دیگری"  # in every conflict message (core.services.CONFLICT, the meetings' own)

# Forms that need neither, each for a reason (and a test below that holds it).
EXEMPT = {
    "logout": "signs the user out; writes no record",
    "meetings:report_review": "a report is reviewed once: its status is its version (a second accept or "
                              "return is refused, test_a_report_is_reviewed_once)",
    "minutes:upload": "a document is known by its content: the same file again answers with its draft "
                      "(test_the_same_upload_twice_makes_one_draft)",
    "password_change": "the old password is its version: a second submission is refused by Django's own "
                       "check of it (tests/accounts)",
    "otp_setup": "a time code is accepted once (django-otp keeps the last step used), so a resent form is "
                 "refused; it writes one device, confirmed by that code",
    "desks:desk_send_summary": "a desk's summary goes to an agenda once: a second send is refused "
                               "(test_the_summary_goes_to_the_agenda_once)",
    "desks:campaign_plan": "a re-plan replaces the timetable not yet delivered: twice is as once "
                           "(test_delivery_is_checked_and_counts_towards_coverage)",
    "desks:feed": "revokes the user's live feed: twice is as once (test_a_revoked_feed_answers_404_and_a_new_one_is_made)",
    "administration:user_invite": "makes no record: it shows a signed one-time link (each as good as the "
                                  "last) and audits that it was shown",
}


class Forms(HTMLParser):
    """The POST forms of a page: their action and the names of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self._open: tuple[str, set[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._open = (a.get("action") or "", set())
            self.forms.append(self._open)
        elif tag in ("input", "select", "textarea", "button") and self._open is not None and a.get("name"):
            self._open[1].add(a["name"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def post_forms(html: str, page: str) -> list[tuple[str, set[str]]]:
    parser = Forms()
    parser.feed(html)
    return [(urlparse(action).path or page, names) for action, names in parser.forms]


def route_of(path: str) -> str:
    match = resolve(path)
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)


def pages(world: World) -> list[tuple[str, str]]:
    """(user, path) of every page of the contract, and of a meeting in each status."""
    from tests.test_contract import url

    out = []
    for case in CASES:
        if case.method != "get" or case.is_api:
            continue
        row = getattr(world, case.obj) if case.obj else None
        out.append((case.user, url(case, row)))
    for status in Meeting.Status.values:
        meeting = MeetingFactory(body=world.body, status=status, date=datetime.date(2022, 8, 1))
        out.append(("secretariat", meeting.get_absolute_url()))
    return out


def test_every_post_form_carries_a_version_or_a_key(client, db):
    world = World()
    seen: dict[str, str] = {}
    bare: list[str] = []
    for user, page in pages(world):
        client.force_login(getattr(world, user))
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for action, names in post_forms(response.content.decode(), page):
            try:
                route = route_of(action)
            except Resolver404:
                bare.append(f"{page}: a form posting to {action}, no route")
                continue
            seen[route] = page
            if route not in EXEMPT and not names & {"version", "idempotency_key"}:
                bare.append(f"{page}: the form of {route} carries neither version nor idempotency_key ({sorted(names)})")
    assert not bare, "\n".join(bare)
    # The walk reached the forms it guards (so the guard cannot pass by seeing nothing).
    assert {
        "places:neighborhood_edit", "places:contact_create", "places:contact_edit", "agencies:agency_edit", "meetings:body_edit", "meetings:meeting_create",
        "meetings:meeting_edit", "meetings:meeting_attendance", "meetings:meeting_transition",
        "meetings:meeting_reopen", "meetings:resolution_create", "meetings:resolution_edit",
        "meetings:resolution_cancel", "meetings:report_create", "meetings:report_review", "minutes:review",
        "reports:monthly_file", "reports:monthly_edit", "reports:monthly_review",  # issue 12 (monthly reports)
    } <= set(seen), sorted(seen)


def test_every_model_edit_view_uses_the_edit_form_mixin():
    from mahalleh.core.forms import ModelEditFormMixin

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    resolve("/")  # imports every URLconf, so every view class exists
    views = [v for v in subclasses(ScopedEditView) if v.__module__.startswith("mahalleh.")
             and hasattr(v, "form_class")]  # an abstract base (a list's row edit) names no form of its own
    assert len(views) >= 5
    for view in views:
        assert issubclass(view.form_class, ModelEditFormMixin), view


# ---- the fixtures of the tables ---------------------------------------------------------------------


@pytest.fixture
def setup(province, county, secretariat):
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان")
    agency = AgencyFactory(province=province, name="اداره کل ورزش")
    BodyMembership.objects.create(body=body, agency=agency)
    meeting = MeetingFactory(body=body, date=datetime.date(2022, 7, 14), status=Meeting.Status.PLANNED)
    Attendance.objects.create(meeting=meeting, agency=agency)
    resolution = ResolutionFactory(meeting=meeting, number=1, text="مقرر گردید زمین ورزش ساخته شود.")
    assignment = AssignmentFactory(resolution=resolution, agency=agency)
    hood = NeighborhoodFactory(county=county, name="حصار", population=1000)
    return {"body": body, "agency": agency, "meeting": meeting, "resolution": resolution, "assignment": assignment,
            "hood": hood, "contact": ContactFactory(neighborhood=hood),
            "focal": user_with_role(Role.AGENCY, agency=agency), "secretariat": secretariat}


def two_sessions(user) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    return first, second


def hidden(client: Client, path: str, name: str) -> str:
    """The value of the hidden field ``name`` of the page's form, as a browser would send it back."""
    html = client.get(path).content.decode()
    marker = f'name="{name}" value="'
    assert marker in html, f"{path} has no {name}"
    return html.split(marker, 1)[1].split('"', 1)[0]


# ---- edits: two sessions load the form, both submit; the second is refused -----------------------------

# (route, the row, the form's data as the first and the second session send it, what was saved)
EDITS = [
    ("places:neighborhood_edit", "hood", lambda s, v: {"name": "حصار", "population": v},
     lambda s: Neighborhood.objects.get(pk=s["hood"].pk).population),
    ("agencies:agency_edit", "agency",
     lambda s, v: {"name": "اداره کل ورزش", "kind": "government", "level": "province", "is_active": "on", "phone": v},
     lambda s: Agency.objects.get(pk=s["agency"].pk).phone),
    ("meetings:body_edit", "body", lambda s, v: {"name": s["body"].name, "kind": s["body"].kind, "cadence": "ad_hoc",
                                               "chair_title": v},
     lambda s: type(s["body"]).objects.get(pk=s["body"].pk).chair_title),
    ("places:contact_edit", "contact", lambda s, v: {"kind": "manager", "full_name": "مدیر محله", "phone": v},
     lambda s: NeighborhoodContact.objects.get(pk=s["contact"].pk).phone),
    ("meetings:meeting_edit", "meeting", lambda s, v: {"body": s["body"].pk, "date": "1401/04/23", "place": v},
     lambda s: Meeting.objects.get(pk=s["meeting"].pk).place),
    ("meetings:meeting_attendance", "meeting", lambda s, v: {f"s{s['agency'].pk}": "present", f"r{s['agency'].pk}": v},
     lambda s: Attendance.objects.get(meeting=s["meeting"]).representative),
    ("meetings:resolution_edit", "resolution", lambda s, v: {"text": v, "lead_agency": s["agency"].pk},
     lambda s: Resolution.objects.get(pk=s["resolution"].pk).text),
]


@pytest.mark.parametrize(("route", "row", "data", "saved"), EDITS, ids=[e[0] for e in EDITS])
def test_the_second_of_two_sessions_is_refused(setup, route, row, data, saved):
    path = reverse(route, args=[setup[row].pk])
    first, second = two_sessions(setup["secretariat"])
    v1, v2 = hidden(first, path, "version"), hidden(second, path, "version")
    assert v1 == v2
    done = first.post(path, data(setup, "۲۰۰۰") | {"version": v1})
    assert done.status_code == 302, done.content.decode()[:2000]
    stale = second.post(path, data(setup, "۳۰۰۰") | {"version": v2})
    assert stale.status_code == 409
    assert CONFLICT in stale.content.decode()
    assert str(saved(setup)) in ("2000", "۲۰۰۰")  # the first session's, not overwritten


# (route, its path arguments, the data, what must not have changed) — buttons that answer with a message
ACTIONS = [
    ("meetings:meeting_transition", lambda s: [s["meeting"].pk, "held"], {},
     lambda s: Meeting.objects.get(pk=s["meeting"].pk).status == Meeting.Status.PLANNED),
    ("meetings:resolution_cancel", lambda s: [s["resolution"].pk], {"reason": "تکراری"},
     lambda s: Resolution.objects.get(pk=s["resolution"].pk).status == "open"),
    ("meetings:meeting_reopen", lambda s: [s["meeting"].pk], {"reason": "اصلاح"},
     lambda s: Meeting.objects.get(pk=s["meeting"].pk).status == Meeting.Status.APPROVED),
]


@pytest.mark.parametrize(("route", "args", "data", "unchanged"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_a_button_of_a_stale_page_is_refused(setup, route, args, data, unchanged):
    """One session edits the record; the other's button, rendered at the old version, does nothing."""
    if route == "meetings:meeting_reopen":
        Meeting.objects.filter(pk=setup["meeting"].pk).update(status=Meeting.Status.APPROVED)
    first, second = two_sessions(setup["secretariat"])
    target = setup["resolution"] if route == "meetings:resolution_cancel" else setup["meeting"]
    old_version = type(target).objects.get(pk=target.pk).version
    if route == "meetings:resolution_cancel":  # the first session edits the resolution meanwhile
        edit = reverse("meetings:resolution_edit", args=[target.pk])
        assert first.post(edit, {"text": "متن اصلاح‌شده", "lead_agency": setup["agency"].pk,
                                 "version": hidden(first, edit, "version")}).status_code == 302
    elif route == "meetings:meeting_transition":  # ... or the meeting
        edit = reverse("meetings:meeting_edit", args=[target.pk])
        assert first.post(edit, {"body": setup["body"].pk, "date": "1401/04/23", "place": "سالن دیگر",
                                 "version": hidden(first, edit, "version")}).status_code == 302
    else:  # approved minutes have no edit form: the other session's save, as the database sees it
        type(target).objects.filter(pk=target.pk).update(version=old_version + 1)
    response = second.post(reverse(route, args=args(setup)), data | {"version": old_version}, follow=True)
    assert any(CONFLICT in str(m) for m in response.context["messages"])
    assert unchanged(setup)
    # and without any version at all (a form of before this rule), it is refused the same way
    response = second.post(reverse(route, args=args(setup)), data, follow=True)
    assert any(CONFLICT in str(m) for m in response.context["messages"])
    assert unchanged(setup)


# ---- creates: the same form posted twice makes one object ---------------------------------------------


def _draft(setup):
    return MinutesImport.objects.create(
        province=setup["body"].province, filename="minutes.txt", sha256="x", text="صورتجلسه",
        data={"header": {"body_id": setup["body"].pk, "date": "2022-08-01"}, "agenda": [], "absentees": [],
              "resolutions": []},
        file=SimpleUploadedFile("minutes.txt", "صورتجلسه".encode()),
    )


# (route, its path arguments, who, the data, how many objects it makes)
CREATES = [
    ("places:contact_create", lambda s: [s["hood"].pk], "secretariat",
     lambda s: {"kind": "facilitator", "full_name": "تسهیل‌گر تازه"},
     lambda s: NeighborhoodContact.objects.filter(full_name="تسهیل‌گر تازه").count()),
    ("meetings:meeting_create", lambda s: [], "secretariat",
     lambda s: {"body": s["body"].pk, "date": "1401/05/10", "subject": "جلسه تازه"},
     lambda s: Meeting.objects.filter(subject="جلسه تازه").count()),
    ("meetings:resolution_create", lambda s: [s["meeting"].pk], "secretariat",
     lambda s: {"text": "مقرر گردید مصوبه تازه", "lead_agency": s["agency"].pk},
     lambda s: Resolution.objects.filter(text="مقرر گردید مصوبه تازه").count()),
    ("meetings:report_create", lambda s: [s["assignment"].pk], "focal",
     lambda s: {"text": "انجام شد", "percent": "50"},
     lambda s: ProgressReport.objects.filter(assignment=s["assignment"]).count()),
    ("minutes:review", lambda s: [s.setdefault("draft", _draft(s)).pk], "secretariat",
     lambda s: {"body": s["body"].pk, "date": "1401/05/10", "r-TOTAL_FORMS": "0", "r-INITIAL_FORMS": "0"},
     lambda s: Meeting.objects.filter(date=datetime.date(2022, 8, 1)).count()),
]


@pytest.mark.parametrize(("route", "args", "user", "data", "count"), CREATES, ids=[c[0] for c in CREATES])
def test_a_create_form_posted_twice_makes_one_object(setup, route, args, user, data, count):
    client = Client()
    client.force_login(setup[user])
    path = reverse(route, args=args(setup))
    key = hidden(client, path, "idempotency_key")
    first = client.post(path, data(setup) | {"idempotency_key": key})
    second = client.post(path, data(setup) | {"idempotency_key": key})
    assert first.status_code == second.status_code == 302, (first.status_code, second.status_code)
    assert first["Location"] == second["Location"]  # the second answered with what the first made
    assert count(setup) == 1


def test_a_second_confirmation_of_a_draft_is_refused(setup):
    """Two reviewers confirm the same draft (two forms, two keys): one meeting, the second told why."""
    draft = _draft(setup)
    path = reverse("minutes:review", args=[draft.pk])
    first, second = two_sessions(setup["secretariat"])
    keys = hidden(first, path, "idempotency_key"), hidden(second, path, "idempotency_key")
    data = {"body": setup["body"].pk, "date": "1401/05/10", "r-TOTAL_FORMS": "0", "r-INITIAL_FORMS": "0"}
    assert first.post(path, data | {"idempotency_key": keys[0]}).status_code == 302
    refused = second.post(path, data | {"idempotency_key": keys[1]})
    assert refused.status_code == 409 and "قبلاً تأیید" in refused.content.decode()
    assert Meeting.objects.filter(date=datetime.date(2022, 8, 1)).count() == 1


def test_a_report_is_reviewed_once(setup, client):
    report = ProgressReportFactory(assignment=setup["assignment"], status=ProgressReport.Status.SUBMITTED)
    first, second = two_sessions(setup["secretariat"])
    first.post(reverse("meetings:report_review", args=[report.pk, "accept"]))
    response = second.post(reverse("meetings:report_review", args=[report.pk, "return"]), {"reason": "ناقص"},
                           follow=True)
    assert any("پیش‌تر بررسی شده" in str(m) for m in response.context["messages"])
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED and report.review_reason == ""


def test_the_same_upload_twice_makes_one_draft(setup, client):
    from pathlib import Path

    seed = (Path(__file__).resolve().parents[2] / "src/mahalleh/demo/seeds/003_provincial_hq_14th_1401_04_23.txt").read_bytes()
    client.force_login(setup["secretariat"])
    for _ in range(2):
        response = client.post(reverse("minutes:upload"), {"files": [SimpleUploadedFile("14.txt", seed)]})
        assert response.status_code == 200
    assert MinutesImport.objects.count() == 1
