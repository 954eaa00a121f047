"""The permission contract every route is held to (after NetBox's ``utilities/testing/views.py``).

A route is declared once, as a ``Case`` in ``CASES``; ``tests/test_contract.py`` then checks it four ways:

* **anonymous**: a page redirects to the login page, the API answers 401;
* **signed in without a role**: an object route answers 404 (never 403: the object's existence is not
  disclosed); a list, inbox or form shows none of the world's rows (``marker`` absent);
* **permitted**: the declared ``ok`` status (200, or 302/201 for an action), and the ``marker`` shown;
* **permitted but out of scope**: the same user asking for the same kind of object in another province
  gets a 404; on a list (or a page with no object in its URL) the other province's row is not shown.

And it walks the URL configuration (pages and the ninja API's routes): a route with neither a case nor a
place in ``ALLOW`` fails the suite. Adding a route's case is one line, e.g. for a download::

    Case("meetings:attachment", obj="attachment"),

where ``attachment`` (and its out-of-scope twin ``far_attachment``) are rows of ``World`` below.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from mahalleh.agencies.models import AgencyService, Allocation, Service, ServiceAxis, ServiceNeed
from mahalleh.core.roles import Role
from mahalleh.desks.models import Campaign, CampaignVisit, Desk, DeskAgency, DeskPlan, SignUp
from mahalleh.meetings.models import BodyMembership, ProgressReport, ReportAttachment
from mahalleh.minutes.models import MinutesImport
from mahalleh.places.models import NeighborhoodDocument, NeighborhoodNeed, NeighborhoodPerson
from mahalleh.problems.codes import display as display_code
from mahalleh.problems.codes import generate as generate_code
from mahalleh.problems.models import Category, PersonalDataRead, Problem, ProblemPhoto
from mahalleh.reports.models import Indicator, IndicatorValue
from mahalleh.reports.monthly_models import MonthlyAttachment, MonthlyReport  # issue 12 (monthly reports)
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    ContactFactory,
    CountyFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ProgressReportFactory,
    ProvinceFactory,
    ResolutionFactory,
    UserFactory,
    user_with_role,
)

# A 1×1 PNG: a photo row for the contract's photo route.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

# Routes outside the contract, each for a reason a reviewer has read. Names (``namespace:name``), or the
# route's pattern for unnamed ones. Public pages of later issues (the problem tracker) go here.
ALLOW: dict[str, str] = {
    "login": "the login page is for the anonymous",
    "logout": "POST only; signs out whoever asks",
    "api:openapi-json": "the API's schema: no data",
    "api:openapi-view": "the API's documentation page: no data",
    "api:api-root": "ninja's index of the API: no data",
    "service_worker": "/sw.js, the offline intake's service worker: static file and page paths, no data (tests/problems/test_offline.py)",
    "administration:invite_accept": "for the invited person, signed out: a one-time token names the account",
    # accounts (tests/accounts/): for the signed-out, or the signed-in user's own steps
    "password_reset": "asking for a reset link is for the signed-out; says the same for any address",
    "password_reset_done": "a fixed notice for the signed-out",
    "password_reset_confirm": "for the holder of the e-mailed link (its token is the permission)",
    "password_reset_complete": "a fixed notice for the signed-out",
    "otp_verify": "the signed-in user's own two-factor step (redirects to the setup without a device)",
    # problems' public pages (tests/problems/test_public.py): no login by design; rate-limited per address
    "public:track": "the resident's tracker: a code in, public fields out (never a name, mobile or internal note)",
    "public:track_problem": "the tracking code is the permission; public fields only",
    "public:track_feedback": "the code holder's «fixed?» answer, within the window",
    "public:track_photo": "photos staff marked public, of the problem the code names",
    "public:report": "the resident's online report: arrives as «new» for the county",
    "public:report_done": "shows the code just given, nothing else",
    "public:sms_inbound": "the SMS gateway's callback: a shared secret, 403 without it",
    "desks:feed": "the signed-in user's own calendar feed URL (and revoking it): nobody else's",
    "calendar_feed": "a phone's calendar: the secret token is the permission, a revoked one is a 404 (tests/desks/test_ics.py)",
    # Open311 (tests/problems/test_open311.py)
    **{
        f"open311:{name}": "Open311 GeoReport v2: public by the spec; POST needs api_key (403)"
        for name in ("discovery", "services", "service", "requests", "request", "token")
    },
}
ALLOW_NAMESPACES = {"admin": "Django admin: staff only, its own permissions", "djdt": "debug toolbar"}

OBJECT = "object"  # the route shows or changes one row: 404 without the role or out of scope
ROWS = "rows"  # a list or a page of the user's rows: shown empty without the role


@dataclass(frozen=True)
class Case:
    route: str
    obj: str | None = None  # key of the row in World, its out-of-scope twin being "far_" + obj
    kind: str = OBJECT
    user: str = "secretariat"  # who is permitted (a World user)
    kwarg: str = "pk"  # the URL argument that takes the row's pk
    kwargs: dict[str, Any] = field(default_factory=dict)  # the route's other path arguments
    row_kwargs: Callable[[Any], dict[str, Any]] | None = None  # path arguments taken from the row (its parent's pk)
    query: dict[str, Any] = field(default_factory=dict)  # and its query string
    method: str = "get"
    data: dict[str, Any] | None = None
    row_data: Callable[[Any], dict[str, Any]] | None = None  # the body taken from the row (an id it names)
    ok: int = 200
    # Text that only a reader of the row sees (list pages); called with the row (or the world for ROWS
    # without obj). ``None``: the status alone is checked.
    marker: Callable[[Any], str] | None = None

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api:")


def _name(row: Any) -> str:
    return row.name


CASES: list[Case] = [
    Case("home", kind=ROWS, marker=None),
    # accounts: the signed-in user's own pages
    Case("profile", kind=ROWS, marker=lambda w: f"دبیرخانه قرارگاه استان: {w.province.name}"),
    Case("password_change", kind=ROWS, marker=None),
    Case("password_change_done", kind=ROWS, marker=None),
    Case("otp_setup", kind=ROWS, marker=None),
    # places
    Case("places:neighborhoods", obj="hood", kind=ROWS, marker=_name),
    Case("places:neighborhood", obj="hood"),
    Case("places:neighborhood_edit", obj="hood"),
    # k9-forms: the people in a neighborhood's roles, kept by its local roles and the province
    Case("places:contact_create", obj="hood", kwarg="neighborhood_pk"),
    Case("places:contact_edit", obj="contact"),
    Case("api:list_neighborhoods", obj="hood", kind=ROWS, marker=_name),
    Case("api:get_neighborhood", obj="hood"),
    Case("api:neighborhood_contacts", obj="hood", marker=lambda hood: hood.contacts.get().full_name),
    # agencies
    Case("agencies:agencies", obj="agency", kind=ROWS, marker=_name),
    Case("agencies:agency", obj="agency"),
    Case("agencies:agency_edit", obj="agency"),
    Case("api:list_agencies", obj="agency", kind=ROWS, marker=_name),
    Case("api:get_agency", obj="agency"),
    Case("api:match", obj="province", kwarg="province", query={"written": "ورزش"}),
    # meetings: bodies
    Case("meetings:bodies", obj="body", kind=ROWS, marker=_name),
    Case("meetings:body", obj="body"),
    Case("meetings:body_edit", obj="body"),
    Case("api:list_bodies", obj="body", kind=ROWS, marker=_name),
    Case("api:get_body", obj="body"),
    # meetings
    Case("meetings:meetings", obj="meeting", kind=ROWS, marker=lambda m: m.get_absolute_url()),
    Case("meetings:meeting_create", marker=lambda w: w.body.name),  # 404 to whoever has no body to schedule for
    Case("meetings:meeting", obj="meeting"),
    Case("meetings:meeting_edit", obj="meeting"),
    Case("meetings:meeting_attendance", obj="meeting"),
    Case("meetings:meeting_transition", obj="meeting", kwargs={"step": "approve"}, method="post", ok=302),
    Case("meetings:meeting_review", obj="meeting"),
    # k9-forms: reopening approved minutes (the secretariat's)
    Case("meetings:meeting_reopen", obj="meeting", method="post", data={"reason": "اصلاح"}, ok=302),
    Case("minutes:meeting_pdf", obj="meeting"),
    Case("minutes:meeting_docx", obj="meeting"),
    Case("minutes:meeting_original", obj="meeting"),
    Case("api:list_meetings", obj="meeting", kind=ROWS, marker=lambda m: f'"id": {m.pk},'),
    Case("api:get_meeting", obj="meeting"),
    Case("api:meeting_attendance", obj="meeting"),
    # resolutions
    Case("meetings:resolutions", obj="resolution", kind=ROWS, marker=lambda r: r.get_absolute_url()),
    Case("meetings:resolution_create", obj="meeting", kwarg="meeting_pk"),
    Case("meetings:resolution", obj="resolution"),
    Case("meetings:resolution_edit", obj="resolution"),
    Case("meetings:resolution_cancel", obj="resolution", method="post", data={"reason": "تکراری"}, ok=302),
    Case("api:list_resolutions", obj="resolution", kind=ROWS, marker=lambda r: f'"id": {r.pk},'),
    Case("api:get_resolution", obj="resolution"),
    Case("api:resolution_reports", obj="resolution"),
    # follow-up
    Case("meetings:inbox", obj="assignment", kind=ROWS, user="focal", marker=lambda a: a.resolution.text),
    Case("api:api_inbox", obj="assignment", kind=ROWS, user="focal", marker=lambda a: f'"assignment_id": {a.pk},'),
    Case("meetings:report_create", obj="assignment", kwarg="assignment_pk", user="focal"),
    Case("api:api_report", obj="assignment", user="focal", method="post", data={"text": "انجام شد", "percent": 100},
         ok=201),
    Case("meetings:report_attachment", obj="attachment", row_kwargs=lambda a: {"report_pk": a.report_id}),
    Case("meetings:report_review", obj="report", kwargs={"decision": "accept"}, method="post", ok=302),
    Case("meetings:scorecards", kind=ROWS, query={"year": 1401}, marker=lambda w: w.agency.name),
    Case("api:api_scorecards", obj="province", kwarg="province_id", query={"year": 1401}),
    # minutes
    Case("minutes:upload", marker=lambda w: w.draft.filename),  # 404 to all but the secretariat
    Case("minutes:review", obj="draft"),
    Case("minutes:import_original", obj="draft"),
    # administration (issue 9): the province's users and onboarding; a 404 to all but the secretariat
    Case("administration:users", marker=lambda w: f"<bdi>{w.focal.username}</bdi>"),
    Case("administration:user_create"),
    Case("administration:user", obj="focal"),
    Case("administration:user_edit", obj="focal"),
    Case("administration:user_deactivate", obj="focal"),
    Case("administration:user_reactivate", obj="focal"),
    Case("administration:user_invite", obj="focal"),
    Case("administration:role_grant", obj="focal"),
    Case("administration:role_revoke", obj="focal_role"),
    Case("administration:role_handover", obj="focal_role"),
    Case("administration:onboarding"),
    Case("administration:onboarding_template", kwargs={"kind": "all"}),
    # problems (issue 10)
    Case("problems:problems", obj="problem", kind=ROWS, marker=lambda p: display_code(p.tracking_code)),
    Case("problems:problem", obj="problem"),
    Case("problems:problem", obj="problem", user="focal"),  # the agency it is assigned to
    Case("problems:problem_create", marker=lambda w: w.hood.name),  # 404 to whoever records for no neighborhood
    Case("problems:problem_similar", kind=ROWS, marker=None),  # suggestions: tests/problems/test_intake.py
    Case("problems:problem_received", obj="problem", marker=lambda p: display_code(p.tracking_code)),
    Case("problems:problem_slip", obj="problem"),
    Case("problems:photo", obj="problem_photo"),
    Case("problems:problem_accept", obj="problem", method="post", data={"version": 1}, ok=302),
    Case("problems:problem_reassign", obj="problem", method="post", data={"version": 1}, ok=302),
    Case("problems:problem_not_responsible", obj="problem", user="focal", method="post",
         data={"version": 1, "reason": "در حیطه ما نیست"}, ok=302),
    Case("problems:problem_status", obj="problem", user="focal", method="post",
         data={"version": 1, "status": "in_progress"}, ok=302),
    Case("problems:problem_note", obj="problem", method="post", data={"version": 1, "text": "پیگیری شد"}, ok=302),
    Case("problems:problem_publish", obj="problem", method="post", data={"version": 1, "description_public": "on"},
         ok=302),
    Case("problems:problem_photo_add", obj="problem", method="post", data={"version": 1, "kind": "before"}, ok=302),
    Case("api:create_problem", obj="hood", method="post", ok=201,
         row_data=lambda hood: {"neighborhood": hood.pk, "category": "sewage", "description": "چاله سر کوچه"}),
    Case("problems:personal_reads", kind=ROWS, marker=lambda w: display_code(w.problem_read.problem.tracking_code)),
    Case("problems:problem_sms_opt_out", obj="problem", method="post", data={"version": 1}, ok=302),
    Case("api:list_problems", obj="problem", kind=ROWS, marker=lambda p: f'"tracking_code": "{p.tracking_code}"'),
    Case("api:get_problem", obj="problem"),
    Case("api:get_problem", obj="problem", user="focal"),
    Case("api:list_problem_updates", obj="problem"),
    Case("api:set_problem_status", obj="problem", user="focal", method="post",
         data={"version": 1, "status": "in_progress"}),
    Case("api:list_problem_categories", kind=ROWS, marker=None),  # one taxonomy for every province
    Case("api:list_problem_routes", kind=ROWS, marker=None),
    # escalation: a problem on a meeting's agenda; the county HQ's priorities (a 404 to whoever ranks none)
    Case("meetings:problem_escalate", obj="problem"),
    Case("problems:priorities", marker=lambda w: display_code(w.problem.tracking_code)),
    Case("problems:priority_set", obj="problem", method="post", data={"rank": 1, "version": 1}, ok=302),
    # desks (issue 11): a desk of each province on 1401/04/22, its agency invited, one sign-up
    Case("desks:calendar", kind=ROWS, query={"year": 1401, "month": 4}, marker=lambda w: w.hood.name),
    Case("desks:desk_create"),  # 404 to whoever schedules no desk
    Case("desks:plan", marker=lambda w: w.province.name),  # 404 to whoever has no province
    Case("desks:plan", method="post", data={"year": "x"}, ok=302),  # refused with a message: no solve here
    Case("desks:coverage", kind=ROWS, query={"year": 1401}, marker=lambda w: w.agency.name),
    Case("desks:desk", obj="desk", marker=lambda d: d.neighborhood.name),
    Case("desks:desk", obj="desk", user="focal"),  # the invited agency
    Case("desks:desk_status", obj="desk", method="post", data={"version": 1, "status": "cancelled"}, ok=302),
    Case("desks:desk_attendance", obj="desk", method="post", data={"version": 1}, ok=302),
    Case("desks:desk_intake", obj="desk", marker=lambda d: d.neighborhood.name),
    Case("desks:signups", obj="desk", marker=lambda d: d.signups.get().name),
    Case("desks:signup_create", obj="desk"),
    Case("desks:desk_summary", obj="desk"),
    Case("desks:desk_summary", obj="desk", query={"format": "pdf"}),
    Case("desks:desk_sheet", obj="desk", marker=lambda d: d.agencies.get().agency.name),
    Case("desks:desk_send_summary", obj="desk", method="post", row_data=lambda d: {"meeting": d.county.province.bodies.get().meetings.get().pk}, ok=302),
    Case("api:list_campaigns", kind=ROWS, marker=lambda w: w.campaign.name),
    Case("api:get_campaign", obj="campaign"),
    Case("api:deliver_campaign_visit", obj="campaign_visit", method="post",
         data={"version": 1, "delivered_on": "2022-07-10", "service": "ویزیت", "people_served": 5}),
    Case("desks:mine", kind=ROWS, user="focal", marker=lambda w: w.hood.name),
    Case("desks:campaigns", kind=ROWS, marker=lambda w: w.campaign.name),
    Case("desks:campaign_create"),  # 404 to whoever is no province's secretariat
    Case("desks:campaign", obj="campaign", marker=lambda c: c.name),
    Case("desks:campaign_plan", obj="campaign", method="post", data={}, ok=302),  # no partner: refused, a message
    Case("desks:campaign_deliver", obj="campaign_visit", method="post", data={"version": 1}, ok=302),
    Case("desks:invitation_answer", obj="desk_agency", user="focal", method="post",
         data={"version": 1, "answer": "confirmed"}, ok=302),
    # the desks API: scoped as the pages (a Wednesday that works for the new desk; a plan per province)
    Case("api:list_desks", obj="desk", kind=ROWS, query={"date_from": "2022-07-01"}, marker=lambda d: d.neighborhood.name),
    Case("api:get_desk", obj="desk", marker=lambda d: d.agencies.get().agency.name),
    Case("api:get_desk", obj="desk", user="focal"),  # the invited agency
    Case("api:schedule_desk", obj="hood", method="post", ok=201,
         row_data=lambda hood: {"kind": "directors", "neighborhood": hood.pk, "date": "2026-12-09", "end": "17:00"}),
    Case("api:set_desk_status", obj="desk", method="post", data={"version": 1, "status": "cancelled"}),
    Case("api:answer_desk_invitation", obj="desk_agency", user="focal", method="post",
         data={"version": 1, "answer": "deputy", "deputy_name": "علی کریمی"}),
    Case("api:list_desk_signups", obj="desk", marker=lambda d: d.signups.get().name),
    Case("api:add_desk_signup", obj="desk", method="post", ok=201,
         data={"program": "ورزش بانوان", "name": "سارا احمدی", "mobile": "09121112244", "age_group": "adult"}),
    Case("api:list_desk_plans", obj="plan", kind=ROWS, marker=lambda p: p.unplanned[0]["reason"]),
    Case("api:get_desk_plan", obj="plan", marker=lambda p: p.unplanned[0]["reason"]),
    # issue 12 (monthly reports): each province's agency filed 1401/04, awaiting review, with an attachment
    Case("reports:monthly_reports", obj="monthly_report", kind=ROWS, marker=lambda r: r.get_absolute_url()),
    Case("reports:monthly_reports", obj="monthly_report", kind=ROWS, user="focal", marker=lambda r: r.get_absolute_url()),
    Case("reports:monthly_file", user="focal", marker=lambda w: w.agency.name),  # 404 to whoever files for no agency
    Case("reports:monthly_report", obj="monthly_report"),
    Case("reports:monthly_report", obj="monthly_report", user="focal"),
    Case("reports:monthly_edit", obj="monthly_report", user="focal"),
    Case("reports:monthly_review", obj="monthly_report", kwargs={"decision": "accept"}, method="post",
         row_data=lambda r: {"version": r.version}, ok=302),
    Case("reports:monthly_attachment", obj="monthly_attachment", row_kwargs=lambda a: {"report_pk": a.report_id}),
    Case("reports:monthly_month", obj="province", kwarg="province", query={"month": "1401/04"},
         marker=lambda p: p.monthly_reports.get().agency.name),
    Case("reports:monthly_late", kind=ROWS, query={"month": "1401/04", "state": "due"}, marker=lambda w: w.agency.name),
    Case("reports:monthly_compiled", obj="province", kwarg="province", query={"month": "1401/04"},
         marker=lambda p: p.monthly_reports.get().agency.name),
    Case("reports:monthly_compiled", obj="province", kwarg="province", query={"month": "1401/04", "format": "xlsx"}),
    # issue 12 (capacities and matching): an agency's declared service, a need and an adopted allocation a province
    Case("agencies:services", obj="capacity", kind=ROWS, marker=lambda c: c.agency.name),
    Case("agencies:service_create", marker=lambda w: w.agency.name),  # 404 to whoever declares for no agency
    Case("agencies:service_edit", obj="capacity"),
    Case("agencies:service_edit", obj="capacity", user="focal"),  # the agency's own focal point
    Case("reports:needs", obj="need", kind=ROWS, marker=lambda n: n.note),
    Case("reports:need_create", marker=lambda w: w.hood.name),  # 404 to whoever records for no neighborhood
    Case("reports:need_edit", obj="need"),
    Case("reports:allocations", obj="allocation", kind=ROWS, marker=lambda a: a.neighborhood.name),
    Case("reports:gaps", query={"year": 1405}, marker=lambda w: w.hood.name),  # 404 to whoever reads no province
    Case("reports:allocation", query={"year": 1405}, marker=lambda w: w.hood.name),
    Case("reports:allocation", method="post", data={"year": 1405, "fingerprint": "stale"}, ok=302),  # refused, a message
    # issue 12 (lists, indicators, profile): the neighborhood's lists, its indicator values and its profile
    Case("places:lists", kind=ROWS, marker=lambda w: w.hood.name),
    Case("places:people", obj="person", kind=ROWS, kwargs={"kind": "elite"}, marker=lambda p: p.full_name),
    Case("places:needs", obj="list_need", kind=ROWS, kwargs={"kind": "sports_space"}, marker=lambda n: n.title),
    Case("places:documents", obj="document", kind=ROWS, marker=lambda d: d.title),
    Case("places:list_template", kwargs={"kind": "elite"}),  # 404 to whoever has no role
    Case("places:person_create", obj="hood", kwarg="neighborhood_pk", kwargs={"kind": "elite"}),
    Case("places:need_create", obj="hood", kwarg="neighborhood_pk", kwargs={"kind": "school_space"}),
    Case("places:document_create", obj="hood", kwarg="neighborhood_pk"),
    Case("places:list_import", obj="hood", kwargs={"kind": "elite"}),
    Case("places:person_edit", obj="person"),
    Case("places:need_edit", obj="list_need"),
    Case("places:document_edit", obj="document"),
    Case("places:document_file", obj="document"),
    Case("reports:neighborhood_profile", obj="hood", marker=lambda h: f"شناسنامه محله {h.name}"),
    Case("reports:neighborhood_indicators", obj="hood", marker=lambda h: h.indicator_values.get().indicator.name),
    Case("reports:indicator_value_create", obj="hood", kwarg="neighborhood_pk"),
    Case("reports:indicator_values", obj="indicator_value", kind=ROWS, marker=lambda v: v.note),
    Case("reports:indicator_value_edit", obj="indicator_value"),
    # issue 12 (dashboards and the map): the home page's dashboard names the agency's figures; the lists the
    # desk and campaign figures count; the map of the target neighborhoods (the World's have a point)
    Case("home", kind=ROWS, marker=lambda w: w.agency.name),
    Case("desks:desk_list", obj="desk", kind=ROWS, marker=lambda d: d.neighborhood.name),
    Case("desks:campaign_visits", obj="campaign_visit", kind=ROWS, marker=lambda v: v.campaign.name),
    Case("reports:map", obj="hood", kind=ROWS, marker=_name),
]


class World:
    """Two provinces with one of everything each: the permitted users' own, and its out-of-scope twin."""

    def __init__(self) -> None:
        for prefix, name in (("", "البرز"), ("far_", "قم")):
            self._build(prefix, ProvinceFactory(name=name, code=f"c-{prefix or 'own'}"))
        self.secretariat = user_with_role(Role.SECRETARIAT, province=self.province)
        self.focal = user_with_role(Role.AGENCY, agency=self.agency)
        self.nobody = UserFactory()  # signed in, no role
        # administration (issue 9): an account and a role in each province
        self.far_focal = user_with_role(Role.AGENCY, agency=self.far_agency)
        self.focal_role = self.focal.role_assignments.get()
        self.far_focal_role = self.far_focal.role_assignments.get()
        # issue 12 (dashboards and the map): the neighborhoods on the map
        for hood in (self.hood, self.far_hood):
            hood.latitude, hood.longitude = 35.83, 50.99
            hood.save(update_fields=["latitude", "longitude"])

    def _build(self, prefix: str, province: Any) -> None:
        county = CountyFactory(province=province)
        hood = NeighborhoodFactory(county=county, name=f"محله {prefix}حصار")
        contact = ContactFactory(neighborhood=hood)
        agency = AgencyFactory(province=province, name=f"اداره کل ورزش {prefix}استان")
        body = BodyFactory(province=province, name=f"قرارگاه {prefix}استان")
        BodyMembership.objects.create(body=body, agency=agency)
        meeting = MeetingFactory(body=body, date=datetime.date(2022, 7, 14))
        resolution = ResolutionFactory(meeting=meeting, text=f"مقرر گردید {prefix}زمین ورزش ساخته شود.",
                                       due_date=datetime.date(2022, 9, 1))
        assignment = AssignmentFactory(resolution=resolution, agency=agency)
        report = ProgressReportFactory(assignment=assignment, status=ProgressReport.Status.SUBMITTED)
        attachment = ReportAttachment.objects.create(report=report, name="گزارش.pdf",
                                                     file=ContentFile(b"%PDF-1.4", name="report.pdf"))
        meeting.source_document.save("minutes.txt", ContentFile("صورتجلسه".encode()))
        draft = MinutesImport.objects.create(
            province=province, filename=f"minutes-{prefix or 'own'}.txt", sha256=prefix or "own", text="صورتجلسه",
            data={"header": {}, "agenda": [], "absentees": [], "resolutions": []},
            file=ContentFile("صورتجلسه".encode(), name=f"minutes-{prefix or 'own'}.txt"),
        )
        # problems (issue 10): one problem per province, routed to its agency
        axis, _ = ServiceAxis.objects.get_or_create(code="construction_housing", defaults={"name": "عمران و مسکن"})
        category, _ = Category.objects.get_or_create(code="sewage", defaults={"axis": axis, "name": "فاضلاب"})
        problem = Problem.objects.create(neighborhood=hood, category=category, agency=agency,
                                         description=f"فاضلاب {prefix}کوچه سوم", tracking_code=generate_code())
        problem_photo = ProblemPhoto.objects.create(problem=problem, image=ContentFile(PNG, name="photo.png"))
        problem_read = PersonalDataRead.objects.create(problem=problem, purpose="detail")
        # desks (issue 11)
        desk = Desk.objects.create(kind=Desk.Kind.DIRECTORS, county=county, neighborhood=hood, date=datetime.date(2022, 7, 13),
                                   end_time=datetime.time(20, 30), status=Desk.Status.ANNOUNCED)
        desk_agency = DeskAgency.objects.create(desk=desk, agency=agency)
        campaign = Campaign.objects.create(province=province, name=f"پویش لبخند {prefix}استان", lead=agency,
                                           services="ویزیت", start=datetime.date(2022, 7, 1), end=datetime.date(2022, 9, 1))
        campaign_visit = CampaignVisit.objects.create(campaign=campaign, neighborhood=hood, date=datetime.date(2022, 7, 10))
        SignUp.objects.create(desk=desk, program="ورزش بانوان", name=f"مریم {prefix}رضایی", mobile="09121112233",
                              age_group=SignUp.AgeGroup.ADULT)
        plan = DeskPlan.objects.create(
            province=province, year=1401, from_date=datetime.date(2022, 3, 21), status="feasible", objective=12, bound=10,
            unplanned=[{"kind": "directors", "neighborhood": str(hood.pk), "agency": str(agency.pk),
                        "reason": f"{agency.name} در ۸ محله بیش از چهارشنبه‌های کاری سال"}])
        # issue 12 (monthly reports)
        monthly_report = MonthlyReport.objects.create(agency=agency, province=province, year=1401, month=4,
                                                      status=MonthlyReport.Status.SUBMITTED, narrative="گزارش تیر",
                                                      filed_on=datetime.date(2022, 7, 25))
        monthly_attachment = MonthlyAttachment.objects.create(report=monthly_report, name="پیوست.pdf",
                                                              file=ContentFile(b"%PDF-1.4", name="monthly.pdf"))
        for key, row in (("monthly_report", monthly_report), ("monthly_attachment", monthly_attachment)):
            setattr(self, prefix + key, row)
        # issue 12 (capacities and matching): one catalog; each province's capacity, need and adopted allocation
        service, _ = Service.objects.get_or_create(code="sports_space", defaults={
            "axis": ServiceAxis.objects.get_or_create(code="sports_youth", defaults={"name": "ورزش و جوانان"})[0],
            "name": "سالن و فضای ورزشی", "unit": "space"})
        capacity = AgencyService.objects.create(agency=agency, service=service, capacity=2, period="year")
        capacity.counties.add(county)
        need = ServiceNeed.objects.create(neighborhood=hood, service=service, quantity=1, note=f"نیاز {prefix}نمونه")
        allocation = Allocation.objects.create(province=province, year=1405, horizon="year", capacity=capacity,
                                               neighborhood=hood, service=service, quantity=1, batch=uuid.uuid4(),
                                               adopted_at=timezone.now())
        for key, row in (("capacity", capacity), ("need", need), ("allocation", allocation)):
            setattr(self, prefix + key, row)
        for key, row in (("province", province), ("county", county), ("hood", hood), ("agency", agency),
                         ("body", body), ("meeting", meeting), ("resolution", resolution),
                         ("assignment", assignment), ("report", report), ("attachment", attachment), ("draft", draft),
                         ("contact", contact), ("problem", problem), ("problem_photo", problem_photo),
                         ("problem_read", problem_read), ("desk", desk), ("desk_agency", desk_agency), ("plan", plan),
                         ("campaign", campaign), ("campaign_visit", campaign_visit)):
            setattr(self, prefix + key, row)
        # issue 12 (lists, indicators, profile): one row of each list and one indicator value per province
        indicator, _ = Indicator.objects.get_or_create(code="sports-space", defaults={"axis": axis, "name": "سرانه فضای ورزشی"})
        for key, row in (
            ("person", NeighborhoodPerson.objects.create(neighborhood=hood, kind="elite", full_name=f"نخبه {prefix}حصار",
                                                         mobile="09121112233")),
            ("list_need", NeighborhoodNeed.objects.create(neighborhood=hood, kind="sports_space", title=f"زمین چمن {prefix}حصار")),
            ("document", NeighborhoodDocument.objects.create(
                neighborhood=hood, title=f"سند مسائل {prefix}حصار", date=datetime.date(2024, 8, 22),
                file=ContentFile(b"%PDF-1.4", name="document.pdf"))),
            ("indicator_value", IndicatorValue.objects.create(indicator=indicator, neighborhood=hood, kind="baseline",
                                                              date=datetime.date(2025, 4, 9), value=1, note=f"پایه {prefix}حصار")),
        ):
            setattr(self, prefix + key, row)


def routes() -> Iterator[str]:
    """Every route of the URL configuration, as ``namespace:name`` (or its pattern when unnamed)."""

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace])) or None
                if p.namespace in ALLOW_NAMESPACES:
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                if p.name is None:
                    yield prefix + str(p.pattern)
                else:
                    yield f"{namespace}:{p.name}" if namespace else p.name

    yield from walk(get_resolver().url_patterns, "", None)
