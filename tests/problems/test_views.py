"""The staff list and detail: the reporter is shown only to who may read it, and every showing is logged."""

import pytest
from django.urls import reverse

from mahalleh.core.roles import Role
from mahalleh.problems import codes, services
from mahalleh.problems.models import PersonalDataRead
from tests.factories import user_with_role


@pytest.fixture
def problem(routes, manager, neighborhood, sewage):
    return services.problem_intake(
        actor=manager, neighborhood=neighborhood, category=sewage, description="فاضلاب کوچه سوم",
        reporter_name="زهرا احمدی", reporter_mobile="09123456789",
    )


def test_the_county_sees_the_reporter_and_the_read_is_logged(client, problem, county_user):
    client.force_login(county_user)
    page = client.get(reverse("problems:problem", args=[problem.pk])).content.decode()
    assert "زهرا احمدی" in page and "۰۹۱۲۳۴۵۶۷۸۹" in page and codes.display(problem.tracking_code) in page
    row = PersonalDataRead.objects.get()
    assert (row.user, row.problem, row.purpose) == (county_user, problem, "detail")


@pytest.mark.parametrize("who", ["secretariat", "national", "agency"])
def test_others_see_the_problem_but_not_the_reporter(client, problem, secretariat, municipality, who):
    user = {"secretariat": secretariat, "national": user_with_role(Role.NATIONAL),
            "agency": user_with_role(Role.AGENCY, agency=municipality)}[who]  # no call back agreed
    client.force_login(user)
    response = client.get(reverse("problems:problem", args=[problem.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "فاضلاب کوچه سوم" in page
    assert "زهرا احمدی" not in page and "۰۹۱۲۳۴۵۶۷۸۹" not in page and "09123456789" not in page
    assert not PersonalDataRead.objects.exists()


def test_the_list_shows_the_scoped_problems_with_their_codes(client, problem, county_user, other_county):
    client.force_login(county_user)
    assert codes.display(problem.tracking_code) in client.get(reverse("problems:problems")).content.decode()
    client.force_login(user_with_role(Role.COUNTY, county=other_county))
    assert codes.display(problem.tracking_code) not in client.get(reverse("problems:problems")).content.decode()
