"""Only the province announces targets and ranks them: a neighborhood's local roles (county staff, its
manager) edit only what is theirs (the neighborhood house), whatever they post; the form shows them
only those fields. The secretariat and the superuser edit everything."""

import pytest
from django.urls import reverse

from mahalleh.core.roles import Role
from mahalleh.core.services import NotAllowed
from mahalleh.places.forms import NeighborhoodForm
from mahalleh.places.models import Neighborhood
from mahalleh.places.services import LOCAL_FIELDS, PROVINCE_FIELDS, neighborhood_save
from tests.factories import NeighborhoodFactory, UserFactory, user_with_role

# What a local role tried in the field: un-mark its own neighborhood, rank it first, inflate its figures.
PROVINCE_POST = {"is_target": "", "priority_rank": "1", "population": "99999", "households": "9999",
                 "target_since": "", "facilitation_office": "دفتر دیگر", "latitude": "1", "longitude": "1",
                 "name": "نام دیگر"}
HOUSE_POST = {"house_name": "خانه محله حصار", "house_address": "کوچه شهید یک"}


@pytest.fixture
def hood(county):
    return NeighborhoodFactory(county=county, name="حصار", population=12000, households=3500, is_target=True,
                               priority_rank=7, facilitation_office="دفتر تسهیل‌گری حصار")


@pytest.fixture
def manager(hood):
    return user_with_role(Role.NEIGHBORHOOD, neighborhood=hood)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


PROVINCE_STATE = ("name", "population", "households", "is_target", "priority_rank", "facilitation_office",
                  "latitude", "longitude", "target_since")


def state(hood):
    hood.refresh_from_db()
    return {f: getattr(hood, f) for f in PROVINCE_STATE}


def post_edit(client, user, hood, data):
    client.force_login(user)
    url = reverse("places:neighborhood_edit", args=[hood.pk])
    page = client.get(url)
    assert page.status_code == 200
    return page, client.post(url, data | {"version": page.context["form"]["version"].value()})


@pytest.mark.parametrize("role", ["manager", "county_user"])
def test_a_local_role_changes_the_house_and_nothing_of_the_province(role, request, client, hood):
    before = state(hood)
    page, response = post_edit(client, request.getfixturevalue(role), hood, PROVINCE_POST | HOUSE_POST)
    shown = {f.name for f in page.context["form"].visible_fields()}
    assert shown == set(LOCAL_FIELDS)
    html = page.content.decode()
    assert 'name="is_target"' not in html and 'name="priority_rank"' not in html and 'name="population"' not in html
    assert response.status_code == 302
    assert state(hood) == before  # the target, its rank and its figures are the province's
    assert (hood.house_name, hood.house_address) == ("خانه محله حصار", "کوچه شهید یک")


@pytest.mark.parametrize("role", ["manager", "county_user"])
def test_the_service_refuses_a_local_role_that_changes_a_province_field(role, request, hood):
    actor = request.getfixturevalue(role)
    for name, value in (("is_target", False), ("priority_rank", 1), ("population", 99999), ("households", 1),
                        ("facilitation_office", "دیگر"), ("name", "نام دیگر")):
        fresh = Neighborhood.objects.get(pk=hood.pk)
        form = NeighborhoodForm({"version": fresh.version, **HOUSE_POST}, instance=fresh, user=actor)
        assert form.is_valid(), form.errors
        setattr(form.instance, name, value)  # past the form, as a direct call of the service would
        with pytest.raises(NotAllowed, match="دبیرخانه استان"):
            neighborhood_save(form=form, actor=actor)
    hood.refresh_from_db()
    assert (hood.is_target, hood.priority_rank, hood.population, hood.version) == (True, 7, 12000, 1)
    assert hood.house_name == ""


@pytest.mark.parametrize("role", ["secretariat", "superuser"])
def test_the_province_announces_and_ranks(role, request, client, hood):
    page, response = post_edit(client, request.getfixturevalue(role), hood,
                               PROVINCE_POST | HOUSE_POST | {"name": "حصار"})
    assert set(PROVINCE_FIELDS) - {"county"} <= {f.name for f in page.context["form"].visible_fields()}
    assert response.status_code == 302
    hood.refresh_from_db()
    assert (hood.is_target, hood.priority_rank, hood.population, hood.facilitation_office) == (
        False, 1, 99999, "دفتر دیگر")
    assert hood.house_name == "خانه محله حصار"


def test_the_refusal_is_persian_and_writes_nothing(client, county_user, hood):
    """A form built for the province but posted by a local role (e.g. a page kept open across a role
    change) is refused on the page, with nothing written."""
    client.force_login(county_user)
    form = NeighborhoodForm({"version": hood.version, "name": "حصار", "is_target": "", **HOUSE_POST},
                            instance=hood, user=UserFactory(is_superuser=True))
    assert form.is_valid(), form.errors
    with pytest.raises(NotAllowed) as exc:
        neighborhood_save(form=form, actor=county_user)
    assert "محله هدف" in exc.value.message_fa
    hood.refresh_from_db()
    assert hood.is_target and hood.house_name == ""


def test_only_the_province_creates_a_neighborhood(county_user, secretariat, county):
    for actor in (county_user, user_with_role(Role.NEIGHBORHOOD, neighborhood=NeighborhoodFactory(county=county))):
        form = NeighborhoodForm({"name": "محله تازه", "county": county.pk}, user=actor)
        assert form.is_valid(), form.errors
        with pytest.raises(NotAllowed):
            neighborhood_save(form=form, actor=actor)
    assert not Neighborhood.objects.filter(name="محله تازه").exists()
    form = NeighborhoodForm({"name": "محله تازه", "county": county.pk, "is_target": "on"}, user=secretariat)
    assert form.is_valid(), form.errors
    assert neighborhood_save(form=form, actor=secretariat).is_target


# ---- what is theirs: the people in the neighborhood's roles -----------------------------------------


@pytest.mark.parametrize("role", ["manager", "county_user", "secretariat"])
def test_local_roles_and_the_province_keep_the_neighborhoods_contacts(role, request, client, hood):
    from mahalleh.places.models import NeighborhoodContact

    client.force_login(request.getfixturevalue(role))
    page = client.get(hood.get_absolute_url()).content.decode()
    new = reverse("places:contact_create", args=[hood.pk])
    assert new in page
    form = client.get(new)
    key = form.context["form"]["idempotency_key"].value()
    data = {"kind": "alley_volunteer", "full_name": "زهرا احمدی", "phone": "09120000000", "idempotency_key": key}
    assert client.post(new, data).status_code == client.post(new, data).status_code == 302  # a double click
    contact = NeighborhoodContact.objects.get(neighborhood=hood)
    edit = reverse("places:contact_edit", args=[contact.pk])
    assert edit in client.get(hood.get_absolute_url()).content.decode()
    response = client.post(edit, {"kind": "alley_volunteer", "full_name": "زهرا احمدی‌نژاد", "version": contact.version})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.full_name == "زهرا احمدی‌نژاد"


def test_a_manager_keeps_only_its_own_neighborhoods_contacts(client, county, hood):
    from tests.factories import ContactFactory

    other = NeighborhoodFactory(county=county, name="اسلام‌آباد")
    contact = ContactFactory(neighborhood=other)
    client.force_login(user_with_role(Role.NEIGHBORHOOD, neighborhood=hood))
    assert client.get(reverse("places:contact_create", args=[other.pk])).status_code == 404
    assert client.post(reverse("places:contact_edit", args=[contact.pk]),
                       {"kind": "manager", "full_name": "دیگری", "version": 1}).status_code == 404
    governor = user_with_role(Role.GOVERNOR, province=county.province)  # reads contacts, keeps none
    client.force_login(governor)
    page = client.get(other.get_absolute_url()).content.decode()
    assert contact.full_name in page and reverse("places:contact_edit", args=[contact.pk]) not in page
