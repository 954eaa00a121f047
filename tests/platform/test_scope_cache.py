"""A user's scope is built once per request from the database, never found again in a per-process cache:
whatever is committed about their roles is what the next request reaches."""

import pytest
from django.db import transaction

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


def test_a_rolled_back_role_is_never_served(province):
    """A scope read inside a transaction that is rolled back must not come back when a later commit
    lands on the same state number (the per-process cache keyed by (id, scope_version) did this)."""
    other = ProvinceFactory(name="تهران", code="tehran")
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        RoleAssignment.objects.create(user=loaded(user), role=Role.SECRETARIAT, province=province)
        assert scope_of(loaded(user)).has_role(Role.SECRETARIAT)
        raise RuntimeError("rolled back")
    RoleAssignment.objects.create(user=loaded(user), role=Role.GOVERNOR, province=other)
    scope = scope_of(loaded(user))
    assert scope.roles == {Role.GOVERNOR}
    assert scope.province_ids == {other.pk}


def test_each_request_builds_its_scope_once(province, django_assert_num_queries):
    user = user_with_role(Role.SECRETARIAT, province=province)
    request_user = loaded(user)
    with django_assert_num_queries(1):  # one small query for the role assignments
        assert scope_of(request_user).province_ids == {province.pk}
        assert scope_of(request_user).province_ids == {province.pk}
    next_request_user = loaded(user)
    with django_assert_num_queries(1):  # the next request reads it again
        assert scope_of(next_request_user).province_ids == {province.pk}


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
    role = RoleAssignment.objects.create(user=user, role=Role.AGENCY, agency=agency)
    assert scope_of(user).agency_ids == {agency.pk}  # not the scope kept on the object before
    role.delete()
    assert scope_of(user).agency_ids == frozenset()


def test_a_user_made_superuser_follows(province):
    user = user_with_role(Role.GOVERNOR, province=province)
    assert not scope_of(user).can_write_global
    user.is_superuser = True
    user.save()
    assert scope_of(user).can_write_global


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


def test_a_role_handed_to_another_user_leaves_the_first(province):
    alice = user_with_role(Role.SECRETARIAT, province=province)
    bob = UserFactory()
    assert scope_of(loaded(alice)).has_role(Role.SECRETARIAT)
    role = RoleAssignment.objects.get(user=alice)
    role.user = bob
    role.save()
    assert scope_of(loaded(alice)).roles == frozenset()
    assert scope_of(loaded(bob)).has_role(Role.SECRETARIAT)


def test_bulk_writes_are_seen_by_the_next_request(province):
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
