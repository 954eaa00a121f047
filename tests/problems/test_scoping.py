"""Who reaches which problems, for every role; who reads the reporter, and the log every read writes."""

import pytest

from mahalleh.core.roles import Role
from mahalleh.core.scoping import CHANGE, VIEW
from mahalleh.problems import services
from mahalleh.problems.models import Category, PersonalDataRead, Problem, ProblemUpdate, RoutingRule
from mahalleh.problems.privacy import can_see_reporter, reporter_of
from tests.factories import AgencyFactory, CountyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role


@pytest.fixture
def problems(routes, manager, secretariat, neighborhood, other_neighborhood, sewage, lighting, water):
    """Karaj's sewage (to the municipality, water collaborating), the other county's lighting (to water)."""
    karaj = services.problem_intake(
        actor=manager, neighborhood=neighborhood, category=sewage, description="فاضلاب",
        reporter_name="زهرا احمدی", reporter_mobile="09123456789", may_call_back=True,
    )
    karaj.collaborators.add(water)
    other = services.problem_intake(actor=secretariat, neighborhood=other_neighborhood, category=lighting, description="تاریکی")
    # a problem of another province, that nobody here reaches
    far = NeighborhoodFactory(county=CountyFactory(province=ProvinceFactory(code="tehran")))
    far_problem = Problem.objects.create(neighborhood=far, category=sewage, description="دور", tracking_code="00000000000")
    return karaj, other, far_problem


def seen(user, action=VIEW, model=Problem):
    return set(model.objects.restrict(user, action).values_list("pk", flat=True))


def test_every_role_reaches_its_own(problems, province, county, neighborhood, municipality, water, manager, secretariat, county_user):
    karaj, other, far = problems
    governor = user_with_role(Role.GOVERNOR, province=province)
    national = user_with_role(Role.NATIONAL)
    water_focal = user_with_role(Role.AGENCY, agency=water)
    municipal_focal = user_with_role(Role.AGENCY, agency=municipality)
    partner = user_with_role(Role.PARTNER, agency=municipality)
    nobody = user_with_role(Role.NEIGHBORHOOD, neighborhood=NeighborhoodFactory(county=county))

    assert seen(secretariat) == seen(governor) == {karaj.pk, other.pk}
    assert seen(national) == {karaj.pk, other.pk, far.pk}
    assert seen(county_user) == {karaj.pk}
    assert seen(manager) == {karaj.pk}
    assert seen(municipal_focal) == {karaj.pk}  # assigned
    assert seen(water_focal) == {karaj.pk, other.pk}  # collaborating on one, assigned the other
    assert seen(partner) == set() and seen(nobody) == set()

    # who may change: never national HQ, the governor or a collaborator
    assert seen(national, CHANGE) == seen(governor, CHANGE) == set()
    assert seen(secretariat, CHANGE) == {karaj.pk, other.pk}
    assert seen(county_user, CHANGE) == seen(manager, CHANGE) == {karaj.pk}
    assert seen(water_focal, CHANGE) == {other.pk}
    # the timeline follows its problem, and is never edited
    assert seen(county_user, model=ProblemUpdate) == set(karaj.updates.values_list("pk", flat=True))
    assert seen(secretariat, CHANGE, ProblemUpdate) == set()


def test_routing_rules_and_categories(problems, province, county, secretariat, county_user, sewage):
    national = user_with_role(Role.NATIONAL)
    partner_nothing = user_with_role(Role.PARTNER, agency=AgencyFactory(province=province))
    assert seen(county_user, model=Category) == set(Category.objects.values_list("pk", flat=True))
    assert seen(secretariat, CHANGE, Category) == set()  # edited in the admin
    all_rules = set(RoutingRule.objects.values_list("pk", flat=True))
    karaj_rule = RoutingRule.objects.get(county=county).pk
    assert seen(county_user, model=RoutingRule) == seen(national, model=RoutingRule) == all_rules
    assert seen(secretariat, CHANGE, RoutingRule) == all_rules
    assert seen(county_user, CHANGE, RoutingRule) == {karaj_rule}
    assert seen(partner_nothing, CHANGE, RoutingRule) == set()


def test_who_reads_the_reporter(problems, province, county_user, manager, municipality, water, secretariat, other_county):
    karaj, _other, _ = problems
    municipal_focal = user_with_role(Role.AGENCY, agency=municipality)
    allowed = [manager, county_user, municipal_focal]  # who recorded it, its county, the agency (call back agreed)
    refused = [
        secretariat,
        user_with_role(Role.GOVERNOR, province=province),
        user_with_role(Role.NATIONAL),
        user_with_role(Role.AGENCY, agency=water),  # a collaborator
        user_with_role(Role.COUNTY, county=other_county),
        user_with_role(Role.PARTNER, agency=municipality),
    ]
    assert [can_see_reporter(u, karaj) for u in allowed] == [True] * 3
    assert [can_see_reporter(u, karaj) for u in refused] == [False] * len(refused)
    karaj.may_call_back = False
    assert not can_see_reporter(municipal_focal, karaj) and can_see_reporter(county_user, karaj)


def test_every_read_of_the_reporter_writes_its_log_row(problems, county_user, secretariat, manager):
    karaj, other, _ = problems
    assert reporter_of(county_user, karaj).mobile == "09123456789"
    row = PersonalDataRead.objects.get()
    assert (row.user, row.problem, row.purpose) == (county_user, karaj, "detail")
    assert reporter_of(manager, karaj, purpose="api").name == "زهرا احمدی"
    assert PersonalDataRead.objects.count() == 2
    # a refused read, or one with nothing personal to show, writes nothing
    assert reporter_of(secretariat, karaj) is None
    assert reporter_of(secretariat, other) is None
    assert PersonalDataRead.objects.count() == 2
    # the province admin reviews the log; the county that read it does not
    assert PersonalDataRead.objects.restrict(secretariat).count() == 2
    assert PersonalDataRead.objects.restrict(county_user).count() == 0


def test_a_neighborhood_one_may_record_for_holds_its_problems_in_change_scope(
        routes, province, county, neighborhood, other_neighborhood, municipality, sewage, manager, secretariat, county_user):
    """Why ``problem_intake`` asks the neighborhood's scope only: for every role, each neighborhood in its
    CHANGE scope puts a problem of it in the user's problem CHANGE scope."""
    from mahalleh.places.models import Neighborhood

    users = [manager, secretariat, county_user, user_with_role(Role.GOVERNOR, province=province),
             user_with_role(Role.NATIONAL), user_with_role(Role.AGENCY, agency=municipality),
             user_with_role(Role.PARTNER, agency=municipality), user_with_role(Role.NEIGHBORHOOD, neighborhood=other_neighborhood)]
    hoods = [neighborhood, other_neighborhood]
    made = {h.pk: Problem.objects.create(neighborhood=h, category=sewage, description="x", tracking_code=f"1000000000{i}")
            for i, h in enumerate(hoods)}
    checked = 0
    for user in users:
        mine = set(Neighborhood.objects.restrict(user, CHANGE).filter(pk__in=made).values_list("pk", flat=True))
        reached = seen(user, CHANGE)
        assert {made[h].pk for h in mine} <= reached, user
        checked += len(mine)
    assert checked >= 3  # the manager's, the county's and the secretariat's at least
