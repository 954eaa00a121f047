"""The permission contract, for every registry page and its API twin: anonymous, no role,
permitted, and permitted-but-out-of-scope (a 404, never a 403)."""

import pytest
from django.urls import reverse

from mahalleh.accounts.models import ApiToken
from mahalleh.agencies.models import Agency
from mahalleh.core.roles import Role
from mahalleh.core.scoping import CHANGE
from mahalleh.meetings.models import Body, Meeting, ProgressReport, Resolution
from mahalleh.places.models import Neighborhood, NeighborhoodContact
from tests.factories import (
    AgencyFactory,
    BodyFactory,
    ContactFactory,
    CountyFactory,
    NeighborhoodFactory,
    ProvinceFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province, county, other_county):
    """Two provinces; in Alborz two counties, each with a neighborhood and its manager's contact."""
    elsewhere = ProvinceFactory(name="تهران", code="tehran")
    hood = NeighborhoodFactory(county=county, name="حصار")
    other_hood = NeighborhoodFactory(county=other_county, name="قائمیه")
    far_hood = NeighborhoodFactory(county=CountyFactory(province=elsewhere, name="شمیرانات"), name="دربند")
    return {
        "hood": hood,
        "other_hood": other_hood,
        "far_hood": far_hood,
        "contact": ContactFactory(neighborhood=hood, full_name="زهرا احمدی", phone="09120000001"),
        "other_contact": ContactFactory(neighborhood=other_hood, full_name="مریم کاظمی", phone="09120000002"),
        "agency": AgencyFactory(province=province, name="اداره کل ورزش و جوانان"),
        "far_agency": AgencyFactory(province=elsewhere, name="اداره کل ورزش و جوانان تهران"),
        "body": BodyFactory(province=province, name="قرارگاه اجتماعی استان البرز"),
        "far_body": BodyFactory(province=elsewhere, name="قرارگاه اجتماعی استان تهران"),
    }


PAGES = [
    ("places:neighborhood", "hood", "far_hood"),
    ("agencies:agency", "agency", "far_agency"),
    ("meetings:body", "body", "far_body"),
]


@pytest.mark.parametrize(("url_name", "inside", "outside"), PAGES)
def test_anonymous_is_sent_to_login(client, world, url_name, inside, outside):
    response = client.get(reverse(url_name, args=[world[inside].pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("url_name", "inside", "outside"), PAGES)
def test_user_without_role_sees_nothing(client, world, url_name, inside, outside):
    client.force_login(UserFactory())
    assert client.get(reverse(url_name, args=[world[inside].pk])).status_code == 404


@pytest.mark.parametrize(("url_name", "inside", "outside"), PAGES)
def test_secretariat_sees_own_province_and_404_elsewhere(client, world, secretariat, url_name, inside, outside):
    client.force_login(secretariat)
    ok = client.get(reverse(url_name, args=[world[inside].pk]))
    assert ok.status_code == 200
    assert str(world[inside]) in ok.content.decode()
    assert client.get(reverse(url_name, args=[world[outside].pk])).status_code == 404


def test_county_user_sees_contacts_of_own_county_only(client, world, county_user):
    client.force_login(county_user)
    own = client.get(reverse("places:neighborhood", args=[world["hood"].pk])).content.decode()
    assert "زهرا احمدی" in own
    other = client.get(reverse("places:neighborhood", args=[world["other_hood"].pk]))
    assert other.status_code == 200  # the neighborhood itself is not personal data
    assert "مریم کاظمی" not in other.content.decode()
    assert "۰۹۱۲۰۰۰۰۰۰۲" not in other.content.decode()


def test_county_user_api_contacts_are_scoped(client, world, county_user):
    _, key = ApiToken.issue(county_user, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    own = client.get(f"/api/places/neighborhoods/{world['hood'].pk}/contacts/", **auth)
    assert own.status_code == 200
    assert [c["full_name"] for c in own.json()] == ["زهرا احمدی"]
    other = client.get(f"/api/places/neighborhoods/{world['other_hood'].pk}/contacts/", **auth)
    assert other.status_code == 200  # the neighborhood is in scope, its people are not
    assert other.json() == []
    far = client.get(f"/api/places/neighborhoods/{world['far_hood'].pk}/", **auth)
    assert far.status_code == 404


def test_agency_focal_point_never_sees_contacts(client, world):
    user = user_with_role(Role.AGENCY, agency=world["agency"])
    client.force_login(user)
    page = client.get(reverse("places:neighborhood", args=[world["hood"].pk])).content.decode()
    assert "زهرا احمدی" not in page
    assert client.get(f"/api/places/neighborhoods/{world['hood'].pk}/contacts/").json() == []
    assert not NeighborhoodContact.objects.restrict(user).exists()


def test_national_hq_reads_every_province_but_no_ones_contacts(client, world):
    """National HQ reads the records of every province; residents' and neighborhood staff's personal data
    are for CONTACT_ROLES only, and ``restrict`` itself says so (no second rule a page must remember)."""
    national = user_with_role(Role.NATIONAL)
    assert not NeighborhoodContact.objects.restrict(national).exists()
    assert set(Neighborhood.objects.restrict(national)) == {world["hood"], world["other_hood"], world["far_hood"]}
    assert set(Agency.objects.restrict(national)) == {world["agency"], world["far_agency"]}
    assert set(Body.objects.restrict(national)) == {world["body"], world["far_body"]}
    client.force_login(national)
    for url_name, _inside, outside in PAGES:
        assert client.get(reverse(url_name, args=[world[outside].pk])).status_code == 200
    page = client.get(reverse("places:neighborhood", args=[world["hood"].pk])).content.decode()
    assert "زهرا احمدی" not in page
    assert "۰۹۱۲۰۰۰۰۰۰۱" not in page
    _, key = ApiToken.issue(national, "test")
    api = client.get(f"/api/places/neighborhoods/{world['hood'].pk}/contacts/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200
    assert api.json() == []


def test_national_hq_changes_nothing(world):
    national = user_with_role(Role.NATIONAL)
    for model in (Neighborhood, NeighborhoodContact, Agency, Body, Meeting, Resolution, ProgressReport):
        assert not model.objects.restrict(national, CHANGE).exists()


def test_county_user_reads_contacts_of_own_county_only(world, county_user):
    assert list(NeighborhoodContact.objects.restrict(county_user)) == [world["contact"]]
    assert list(NeighborhoodContact.objects.restrict(county_user, CHANGE)) == [world["contact"]]


def test_superuser_reads_and_changes_everything(world):
    admin = UserFactory(is_superuser=True)
    assert NeighborhoodContact.objects.restrict(admin, CHANGE).count() == 2
    assert Agency.objects.restrict(admin, CHANGE).count() == 2


def test_api_requires_authentication(client, world):
    assert client.get("/api/places/neighborhoods/").status_code == 401
    assert client.get("/api/places/neighborhoods/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_api_list_is_scoped_like_the_page(client, world, secretariat):
    _, key = ApiToken.issue(secretariat, "test")
    data = client.get("/api/places/neighborhoods/", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    names = {item["name"] for item in data["items"]}
    assert names == {"حصار", "قائمیه"}
    agencies = client.get("/api/agencies/", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert {a["name"] for a in agencies["items"]} == {"اداره کل ورزش و جوانان"}


def test_neighborhood_manager_sees_only_own_neighborhood(client, world):
    manager = user_with_role(Role.NEIGHBORHOOD, neighborhood=world["hood"])
    client.force_login(manager)
    listing = client.get(reverse("places:neighborhoods")).content.decode()
    assert "حصار" in listing
    assert "قائمیه" not in listing
    assert client.get(reverse("places:neighborhood", args=[world["other_hood"].pk])).status_code == 404


def test_only_secretariat_edits_the_agency_registry(client, world, county_user, secretariat):
    url = reverse("agencies:agency_edit", args=[world["agency"].pk])
    client.force_login(county_user)
    assert client.get(url).status_code == 404
    client.force_login(secretariat)
    assert client.get(url).status_code == 200
