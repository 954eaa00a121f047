"""A user's scope is built once per process and found again by (id, scope version) without a query;
every change to what the user reaches raises the version, so a cached scope is never served stale."""

import pytest

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.agencies.models import Agency
from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of
from tests.factories import (
    AgencyFactory,
    CountyFactory,
    NeighborhoodFactory,
    ProvinceFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def loaded(user: User) -> User:
    """The user as a request sees it: a fresh row, no scope on the object."""
    return User.objects.get(pk=user.pk)


def test_second_request_builds_no_scope(province, django_assert_num_queries):
    user = user_with_role(Role.SECRETARIAT, province=province)
    first = loaded(user)
    with django_assert_num_queries(1):
        assert scope_of(first).province_ids == {province.pk}
    again = loaded(user)
    with django_assert_num_queries(0):
        assert scope_of(again).province_ids == {province.pk}


def test_new_and_removed_roles_are_seen_at_once(province):
    other = ProvinceFactory(name="تهران", code="tehran")
    user = user_with_role(Role.SECRETARIAT, province=province)
    assert scope_of(loaded(user)).province_ids == {province.pk}

    extra = RoleAssignment.objects.create(user=loaded(user), role=Role.SECRETARIAT, province=other)
    assert scope_of(loaded(user)).province_ids == {province.pk, other.pk}

    extra.delete()
    assert scope_of(loaded(user)).province_ids == {province.pk}


def test_the_object_that_saved_the_role_follows(province):
    user = user_with_role(Role.GOVERNOR, province=province)
    assert scope_of(user).roles == {Role.GOVERNOR}
    agency = AgencyFactory(province=province)
    RoleAssignment.objects.create(user=user, role=Role.AGENCY, agency=agency)
    assert scope_of(user).agency_ids == {agency.pk}  # not the scope cached on the object before


def test_a_stale_user_object_cannot_bring_back_an_old_scope(province):
    user = user_with_role(Role.SECRETARIAT, province=province)
    stale = loaded(user)
    assert scope_of(stale).has_role(Role.SECRETARIAT)
    RoleAssignment.objects.filter(user=user).delete()  # a queryset delete: one post_delete per row
    stale.first_name = "رضا"
    stale.save()  # written with the version it read before the role went
    fresh = loaded(user)
    assert fresh.first_name == "رضا"
    assert fresh.scope_version > stale.scope_version
    assert scope_of(fresh).roles == frozenset()


@pytest.mark.parametrize("moved", ["agency", "county", "neighborhood"])
def test_moving_what_a_role_points_at_moves_the_scope(moved, province):
    elsewhere = ProvinceFactory(name="قزوین", code="qazvin")
    county = CountyFactory(province=province)
    targets = {
        "agency": (Role.AGENCY, AgencyFactory(province=province)),
        "county": (Role.COUNTY, county),
        "neighborhood": (Role.NEIGHBORHOOD, NeighborhoodFactory(county=county)),
    }
    role, target = targets[moved]
    user = user_with_role(role, **{moved: target})
    assert scope_of(loaded(user)).province_ids == {province.pk}

    if moved in ("agency", "county"):
        target.province = elsewhere
    else:
        target.county = CountyFactory(province=elsewhere)
    target.save()
    assert scope_of(loaded(user)).province_ids == {elsewhere.pk}


def test_moving_a_county_moves_its_neighborhood_managers(province):
    elsewhere = ProvinceFactory(name="قزوین", code="qazvin")
    county = CountyFactory(province=province)
    user = user_with_role(Role.NEIGHBORHOOD, neighborhood=NeighborhoodFactory(county=county))
    assert scope_of(loaded(user)).province_ids == {province.pk}
    county.province = elsewhere
    county.save()
    assert scope_of(loaded(user)).province_ids == {elsewhere.pk}


def test_a_role_handed_to_another_user_leaves_the_first(province):
    alice = user_with_role(Role.SECRETARIAT, province=province)
    bob = UserFactory()
    assert scope_of(loaded(alice)).has_role(Role.SECRETARIAT)
    role = RoleAssignment.objects.get(user=alice)
    role.user = bob
    role.save()
    assert scope_of(loaded(alice)).roles == frozenset()
    assert scope_of(loaded(bob)).has_role(Role.SECRETARIAT)


def test_bulk_writes_raise_the_version_too(province):
    other = ProvinceFactory(name="تهران", code="tehran")
    user = user_with_role(Role.SECRETARIAT, province=province)
    assert scope_of(loaded(user)).province_ids == {province.pk}
    RoleAssignment.objects.filter(user=user).update(province=other)
    assert scope_of(loaded(user)).province_ids == {other.pk}

    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=Role.SECRETARIAT, province=province)])
    assert scope_of(loaded(user)).province_ids == {province.pk, other.pk}

    agency = AgencyFactory(province=province)
    focal = user_with_role(Role.AGENCY, agency=agency)
    assert scope_of(loaded(focal)).province_ids == {province.pk}
    Agency.objects.filter(pk=agency.pk).update(province=other)
    assert scope_of(loaded(focal)).province_ids == {other.pk}
