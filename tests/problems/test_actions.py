"""The problem page's actions, end to end through the pages: the county accepts and routes, the agency
refuses (back to the county, who routes again) or moves it on and fixes it, notes and photos, and each
appears in the inbox of whoever has to act next."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from mahalleh.core.roles import Role
from mahalleh.problems import services
from mahalleh.problems.models import Problem, ProblemPhoto, ProblemUpdate, Status
from tests.factories import AgencyFactory, user_with_role


@pytest.fixture
def problem(routes, manager, neighborhood, sewage):
    return services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage,
                                   description="فاضلاب کوچه سوم")


def _post(client, name, problem, **data):
    problem.refresh_from_db()
    return client.post(reverse(f"problems:{name}", args=[problem.pk]), {"version": problem.version, **data})


def test_refused_by_the_agency_it_returns_to_the_county_who_routes_it_again(client, problem, county_user, focal,
                                                                            municipality, water):
    client.force_login(focal)
    assert problem.description in client.get(reverse("meetings:inbox")).content.decode()
    _post(client, "problem_not_responsible", problem, reason="شبکه فاضلاب با آبفاست")
    problem.refresh_from_db()
    assert (problem.status, problem.agency) == (Status.NEW, None)
    refusal = problem.updates.get(kind=ProblemUpdate.Kind.NOT_RESPONSIBLE)
    assert (refusal.author, refusal.from_agency, refusal.text) == (focal, municipality, "شبکه فاضلاب با آبفاست")
    assert problem.description not in client.get(reverse("meetings:inbox")).content.decode()

    client.force_login(county_user)
    assert problem.description in client.get(reverse("meetings:inbox")).content.decode()
    _post(client, "problem_accept", problem, agency=water.pk, priority_rank=2)
    problem.refresh_from_db()
    assert (problem.status, problem.agency, problem.priority_rank) == (Status.ACCEPTED, water, 2)
    assert problem.acknowledged_at is not None
    assert [u.to_agency for u in problem.updates.filter(kind=ProblemUpdate.Kind.ROUTED)] == [municipality, water]


def test_the_agency_moves_it_on_and_fixes_it(client, problem, county_user, focal):
    client.force_login(county_user)
    _post(client, "problem_accept", problem)
    client.force_login(focal)
    _post(client, "problem_status", problem, status="in_progress", text="اکیپ اعزام شد", is_public="on")
    _post(client, "problem_status", problem, status="fixed", text="لوله تعویض شد", is_public="on")
    problem.refresh_from_db()
    assert problem.status == Status.FIXED and problem.fixed_at is not None
    assert list(problem.updates.filter(kind=ProblemUpdate.Kind.STATUS).values_list("to_status", flat=True)) == [
        "accepted", "in_progress", "fixed"]


def test_a_stale_form_changes_nothing(client, problem, county_user):
    client.force_login(county_user)
    response = client.post(reverse("problems:problem_accept", args=[problem.pk]), {"version": problem.version + 5},
                           follow=True)
    problem.refresh_from_db()
    assert problem.status == Status.NEW and "تغییر" in response.content.decode()


def test_an_agency_not_assigned_cannot_refuse_or_fix(client, problem, province):
    other = user_with_role(Role.AGENCY, agency=AgencyFactory(province=province, name="بهزیستی استان"))
    client.force_login(other)
    assert _post(client, "problem_not_responsible", problem, reason="نه").status_code == 404
    problem.refresh_from_db()
    assert problem.status == Status.NEW and problem.agency is not None


def test_notes_internal_and_public(client, problem, county_user, focal):
    client.force_login(county_user)
    _post(client, "problem_note", problem, text="پیگیری تلفنی شد")
    _post(client, "problem_note", problem, text="کارشناس بازدید کرد", is_public="on")
    notes = problem.updates.filter(kind=ProblemUpdate.Kind.NOTE).order_by("id")
    assert [(n.text, n.is_public) for n in notes] == [("پیگیری تلفنی شد", False), ("کارشناس بازدید کرد", True)]
    _post(client, "problem_note", problem, text="  ")
    assert problem.updates.filter(kind=ProblemUpdate.Kind.NOTE).count() == 2


def test_before_and_after_photos(client, problem, county_user, focal):
    client.force_login(county_user)
    _post(client, "problem_accept", problem)
    client.force_login(focal)
    for kind in ("before", "after"):
        out = io.BytesIO()
        Image.new("RGB", (4, 4), "blue").save(out, format="PNG")
        out.seek(0)
        out.name = f"{kind}.png"
        _post(client, "problem_photo_add", problem, kind=kind, image=out, is_public="on")
    assert list(ProblemPhoto.objects.values_list("kind", "is_public")) == [("before", True), ("after", True)]
    photo = ProblemPhoto.objects.first()
    response = client.get(reverse("problems:photo", args=[photo.pk]))
    assert response.status_code == 200


def test_the_county_publishes_the_description(client, problem, county_user, focal):
    client.force_login(focal)
    _post(client, "problem_publish", problem, description_public="on")
    problem.refresh_from_db()
    assert not problem.description_public  # not the agency's call
    client.force_login(county_user)
    _post(client, "problem_publish", problem, description_public="on")
    problem.refresh_from_db()
    assert problem.description_public


def test_the_detail_page_offers_each_user_only_their_actions(client, problem, county_user, focal):
    client.force_login(county_user)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert reverse("problems:problem_accept", args=[problem.pk]) in page
    assert reverse("problems:problem_not_responsible", args=[problem.pk]) not in page
    client.force_login(focal)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert reverse("problems:problem_not_responsible", args=[problem.pk]) in page
    assert reverse("problems:problem_accept", args=[problem.pk]) not in page


def test_the_list_filters_by_state_and_search(client, problem, county_user, manager, neighborhood, lighting):
    other = services.problem_intake(actor=manager, neighborhood=neighborhood, category=lighting,
                                    description="روشنایی بلوار خاموش")
    Problem.objects.filter(pk=other.pk).update(status=Status.FIXED)
    client.force_login(county_user)
    url = reverse("problems:problems")
    codes_in = lambda params: [p for p in (problem, other)  # noqa: E731
                               if p.get_absolute_url() in client.get(url, params).content.decode()]
    assert codes_in({"status": "open"}) == [problem]
    assert codes_in({"status": "closed"}) == [other]
    assert codes_in({"q": "بلوار"}) == [other]
    assert codes_in({"category": lighting.pk}) == [other]
