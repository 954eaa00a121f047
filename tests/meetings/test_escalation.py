"""Where a problem meets a body: put on a meeting's agenda (status «referred»), answered by a resolution
whose status the problem's page shows; only the meetings the user records and that cover the problem."""

import ast
import datetime
import pathlib

import pytest
from django.urls import reverse

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.core.services import NotAllowed
from mahalleh.meetings import services
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import AgendaItem, Body, Meeting, Resolution, ResolutionStatus
from mahalleh.problems import codes
from mahalleh.problems import services as problem_services
from mahalleh.problems.models import Category, Problem, ProblemUpdate, Status
from tests.factories import AgencyFactory, BodyFactory, MeetingFactory, NeighborhoodFactory, user_with_role

SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "mahalleh"


@pytest.fixture
def sewage(db):
    axis = ServiceAxis.objects.create(code="construction_housing", name="عمران و مسکن", order=3)
    return Category.objects.create(axis=axis, code="sewage", name="فاضلاب", service_days=5)


@pytest.fixture
def lighting(sewage):
    return Category.objects.create(axis=sewage.axis, code="lighting", name="روشنایی", service_days=10)


@pytest.fixture
def hood(county):
    return NeighborhoodFactory(county=county, name="حصار")


@pytest.fixture
def water(province):
    return AgencyFactory(province=province, name="آبفای استان")


@pytest.fixture
def county_hq(province, county):
    return BodyFactory(province=province, county=county, name="قرارگاه شهرستان کرج", kind=Body.Kind.COUNTY_HQ)


@pytest.fixture
def meeting(county_hq):
    return MeetingFactory(body=county_hq, number=3, date=datetime.date(2022, 7, 20), status=Meeting.Status.PLANNED)


def intake(actor, hood, category, text="فاضلاب کوچه سوم"):
    return problem_services.problem_intake(actor=actor, neighborhood=hood, category=category, description=text)


@pytest.fixture
def problem(county_user, hood, sewage):
    return intake(county_user, hood, sewage)


def test_escalating_puts_the_problem_on_the_agenda_and_refers_it(county_user, problem, meeting):
    item = services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)

    assert list(item.problems.all()) == [problem]
    assert item.meeting == meeting
    assert "فاضلاب" in item.text and codes.display(problem.tracking_code) in item.text and "حصار" in item.text
    problem.refresh_from_db()
    assert problem.status == Status.REFERRED
    status = problem.updates.get(kind=ProblemUpdate.Kind.STATUS)
    assert status.is_public and status.to_status == Status.REFERRED
    assert status.text == f"در دستور {meeting} قرار گرفت."
    escalated = problem.updates.get(kind=ProblemUpdate.Kind.ESCALATED)
    assert not escalated.is_public and escalated.author == county_user
    assert f"بند {item.order}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in escalated.text
    event = AuditEntry.objects.get(event="problems escalated")
    assert event.object_id == str(meeting.pk) and event.actor == county_user


def test_problems_of_one_neighborhood_share_an_item_and_another_neighborhood_gets_its_own(
        county_user, county, problem, meeting, lighting, sewage):
    first = services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    second_problem = intake(county_user, problem.neighborhood, lighting, "روشنایی بلوار")
    second = services.problems_escalate(actor=county_user, problems=[second_problem], meeting=meeting)
    assert second.pk == first.pk
    second.refresh_from_db()
    assert set(second.problems.all()) == {problem, second_problem}
    assert "فاضلاب" in second.text and "روشنایی" in second.text

    elsewhere = intake(county_user, NeighborhoodFactory(county=county, name="قائمیه"), sewage)
    third = services.problems_escalate(actor=county_user, problems=[elsewhere], meeting=meeting)
    assert third.pk != first.pk and third.order == first.order + 1 and "قائمیه" in third.text
    assert meeting.agenda_items.count() == 2


def test_the_same_problem_twice_on_one_meeting_is_refused(county_user, problem, meeting):
    services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    with pytest.raises(MeetingsError, match="پیش‌تر در دستور همین جلسه"):
        services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    assert AgendaItem.objects.count() == 1


def test_out_of_scope_meetings_are_refused_and_write_nothing(province, county, other_county, county_user, problem,
                                                             secretariat):
    other_hq = BodyFactory(province=province, county=other_county, name="قرارگاه شهرستان نظرآباد",
                           kind=Body.Kind.COUNTY_HQ)
    other_meeting = MeetingFactory(body=other_hq, status=Meeting.Status.PLANNED)
    provincial = MeetingFactory(body=BodyFactory(province=province, name="قرارگاه استان"),
                                status=Meeting.Status.PLANNED)
    # the county's staff record neither another county's HQ nor the province's
    for meeting in (other_meeting, provincial):
        with pytest.raises(NotAllowed):
            services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    # the secretariat records the other county's HQ, but the problem is not of its county
    with pytest.raises(MeetingsError, match="در حوزه «قرارگاه شهرستان نظرآباد» نیست"):
        services.problems_escalate(actor=secretariat, problems=[problem], meeting=other_meeting)
    problem.refresh_from_db()
    assert problem.status == Status.NEW
    assert not AgendaItem.objects.exists()
    assert not problem.updates.filter(kind=ProblemUpdate.Kind.ESCALATED).exists()
    # ... and the province's HQ covers every county: the secretariat puts it there
    services.problems_escalate(actor=secretariat, problems=[problem], meeting=provincial)
    assert provincial.agenda_items.get().problems.get() == problem


def test_approved_minutes_and_closed_problems_are_refused(county_user, problem, meeting, sewage, hood):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.APPROVED)
    with pytest.raises(MeetingsError, match="تأیید شده"):
        services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    Problem.objects.filter(pk=problem.pk).update(status=Status.CLOSED)
    with pytest.raises(MeetingsError, match="بسته شده"):
        services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    with pytest.raises(MeetingsError, match="انتخاب نشده"):
        services.problems_escalate(actor=county_user, problems=[], meeting=meeting)


def test_an_agency_may_not_escalate_its_problem(problem, meeting, water, county_user):
    Problem.objects.filter(pk=problem.pk).update(agency=water)
    focal = user_with_role(Role.AGENCY, agency=water)
    with pytest.raises(NotAllowed):
        services.problems_escalate(actor=focal, problems=[problem], meeting=meeting)


def test_the_escalation_page_moves_the_status_and_refuses_a_stale_form(client, county_user, problem, meeting):
    client.force_login(county_user)
    page = reverse("meetings:problem_escalate", args=[problem.pk])
    response = client.get(page)
    assert response.status_code == 200
    assert str(meeting) in response.content.decode()

    stale = client.post(page, {"meeting": meeting.pk, "version": problem.version + 5})
    assert stale.status_code == 409
    assert not AgendaItem.objects.exists()

    response = client.post(page, {"meeting": meeting.pk, "version": problem.version})
    assert response.status_code == 302 and response["Location"] == problem.get_absolute_url()
    problem.refresh_from_db()
    assert problem.status == Status.REFERRED
    assert meeting.agenda_items.get().problems.get() == problem


def test_the_escalation_page_offers_only_meetings_that_cover_the_problem(client, province, other_county, county_user,
                                                                         problem, meeting, secretariat):
    other_meeting = MeetingFactory(body=BodyFactory(province=province, county=other_county, kind=Body.Kind.COUNTY_HQ),
                                   status=Meeting.Status.PLANNED)
    client.force_login(secretariat)
    page = reverse("meetings:problem_escalate", args=[problem.pk])
    html = client.get(page).content.decode()
    assert f'value="{meeting.pk}"' in html and f'value="{other_meeting.pk}"' not in html
    response = client.post(page, {"meeting": other_meeting.pk, "version": problem.version})
    assert response.status_code == 400
    problem.refresh_from_db()
    assert problem.status == Status.NEW and not AgendaItem.objects.exists()
    # a county's staff do not reach another county's problem at all
    far = intake(secretariat, NeighborhoodFactory(county=other_county), problem.category)
    client.force_login(county_user)
    assert client.get(reverse("meetings:problem_escalate", args=[far.pk])).status_code == 404


def test_the_problem_page_offers_escalation_to_who_routes_it(client, county_user, problem, meeting, water):
    client.force_login(county_user)
    html = client.get(problem.get_absolute_url()).content.decode()
    assert 'data-testid="escalate"' in html
    assert reverse("meetings:problem_escalate", args=[problem.pk]) in html
    Problem.objects.filter(pk=problem.pk).update(agency=water)
    client.force_login(user_with_role(Role.AGENCY, agency=water))
    html = client.get(problem.get_absolute_url()).content.decode()
    assert 'data-testid="escalate"' not in html


def escalated_resolution(county_user, problem, meeting, water):
    services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    return services.resolution_create(meeting=meeting, text="مقرر گردید فاضلاب کوچه سوم رفع شود.", lead_agency=water,
                                      deadline_raw="یک ماه", problems=[problem], actor=county_user)


def test_a_resolution_links_back_and_the_problem_page_shows_its_status(client, county_user, problem, meeting, water):
    resolution = escalated_resolution(county_user, problem, meeting, water)
    assert list(problem.resolutions.all()) == [resolution]
    assert problem.updates.filter(kind=ProblemUpdate.Kind.ESCALATED, text__contains="مصوبه ردیف").exists()

    client.force_login(county_user)
    html = client.get(problem.get_absolute_url()).content.decode()
    assert 'data-testid="problem-meetings"' in html
    assert resolution.get_absolute_url() in html and meeting.get_absolute_url() in html
    assert 'data-testid="resolution-status">باز<' in html

    Resolution.objects.filter(pk=resolution.pk).update(status=ResolutionStatus.DONE)
    html = client.get(problem.get_absolute_url()).content.decode()
    assert 'data-testid="resolution-status">انجام‌شده<' in html


def test_the_panel_shows_only_what_the_reader_may_see(client, county_user, problem, meeting, water):
    escalated_resolution(county_user, problem, meeting, water)
    # an agency of another province collaborating on the problem reads it, not the other province's meetings
    far_agency = AgencyFactory(name="دستگاه استان دیگر")
    problem.collaborators.add(far_agency)
    client.force_login(user_with_role(Role.AGENCY, agency=far_agency))
    response = client.get(problem.get_absolute_url())
    assert response.status_code == 200
    assert 'data-testid="problem-meetings"' not in response.content.decode()


def test_a_resolution_links_only_problems_on_its_meetings_agenda(county_user, problem, meeting, water):
    with pytest.raises(MeetingsError, match="در دستور کار این جلسه نیست"):
        services.resolution_create(meeting=meeting, text="مقرر گردید رفع شود.", lead_agency=water,
                                   problems=[problem], actor=county_user)
    assert not Resolution.objects.exists()


def test_the_resolution_form_offers_the_agendas_problems(client, county_user, problem, meeting, water):
    client.force_login(county_user)
    page = reverse("meetings:resolution_create", args=[meeting.pk])
    assert 'name="problems"' not in client.get(page).content.decode()  # nothing on the agenda yet
    services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    html = client.get(page).content.decode()
    assert 'name="problems"' in html and codes.display(problem.tracking_code) in html
    response = client.post(page, {"text": "مقرر گردید فاضلاب رفع شود.", "lead_agency": water.pk,
                                  "problems": [problem.pk], "idempotency_key": "7b0c6a3e-5f0e-4d2c-9c55-0d1b8f6f4a11"})
    assert response.status_code == 302, response.content.decode()[:500]
    resolution = meeting.resolutions.get()
    assert list(resolution.problems.all()) == [problem]
    # editing it without the box unlinks it
    edit = reverse("meetings:resolution_edit", args=[resolution.pk])
    response = client.post(edit, {"text": resolution.text, "lead_agency": water.pk, "version": resolution.version})
    assert response.status_code == 302
    assert not resolution.problems.exists()


def test_editing_the_agenda_keeps_the_problems_on_it(county_user, problem, meeting):
    item = services.problems_escalate(actor=county_user, problems=[problem], meeting=meeting)
    meeting.refresh_from_db()
    services.meeting_update(meeting=meeting, version=meeting.version, actor=county_user,
                            agenda=["گزارش فرمانداری", item.text])
    kept = meeting.agenda_items.get(pk=item.pk)
    assert kept.order == 2 and kept.problems.get() == problem
    assert list(meeting.agenda_items.order_by("order").values_list("text", flat=True)) == ["گزارش فرمانداری", item.text]


def test_a_county_hqs_new_meeting_offers_the_problems_report(county_user, county_hq, problem, lighting, province):
    intake(county_user, problem.neighborhood, lighting, "روشنایی بلوار")
    meeting = services.meeting_schedule(body=county_hq, date=datetime.date(2022, 8, 1), actor=county_user)
    texts = list(meeting.agenda_items.values_list("text", flat=True))
    assert "گزارش مشکلات احصاشده محلات: ۲ مشکل باز در ۱ محله" in texts
    provincial = services.meeting_schedule(body=BodyFactory(province=province), date=datetime.date(2022, 8, 1),
                                           actor=user_with_role(Role.SECRETARIAT, province=province))
    assert not any("مشکلات احصاشده" in t for t in provincial.agenda_items.values_list("text", flat=True))


def test_problems_never_import_meetings():
    """The layer rule held by lint-imports, checked here on the source itself."""
    offenders = []
    for path in (SRC / "problems").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(("mahalleh.meetings", "mahalleh.minutes"))]
    assert not offenders


def test_the_layers_contract_is_kept():
    from importlinter.cli import lint_imports

    assert lint_imports(no_cache=True) == 0


def test_the_meeting_and_the_resolution_pages_name_their_problems(client, county_user, problem, meeting, water):
    resolution = escalated_resolution(county_user, problem, meeting, water)
    code = codes.display(problem.tracking_code)
    client.force_login(county_user)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="agenda-problems"' in html and problem.get_absolute_url() in html and code in html
    html = client.get(resolution.get_absolute_url()).content.decode()
    assert 'data-testid="resolution-problems"' in html and code in html and "ارجاع به قرارگاه" in html
