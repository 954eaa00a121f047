"""Registry edits and creates: a stale form is refused (409) instead of undoing the other's save, a create
outside the user's scope writes nothing, and a resent create form makes one object."""

import uuid

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse

from mahalleh.agencies.forms import AgencyForm
from mahalleh.agencies.models import Agency
from mahalleh.agencies.services import agency_save, agency_set_aliases
from mahalleh.core.services import ConflictError, NotAllowed, save_form
from mahalleh.core.views import ScopedEditView
from mahalleh.meetings.models import Body
from mahalleh.places.forms import ContactForm, NeighborhoodForm
from mahalleh.places.models import Neighborhood
from mahalleh.places.services import neighborhood_save
from tests.factories import (
    AgencyAliasFactory,
    AgencyFactory,
    BodyFactory,
    ContactFactory,
    CountyFactory,
    NeighborhoodFactory,
    ProvinceFactory,
)


@pytest.fixture
def tehran(db):
    return ProvinceFactory(name="تهران", code="tehran")


# ---- optimistic locking: two forms loaded at the same version ---------------------------------------


def edit_twice(client, url, first, second):
    page = client.get(url)
    version = page.context["form"]["version"].value()
    assert version is not None
    saved = client.post(url, first | {"version": version})
    stale = client.post(url, second | {"version": version})
    return saved, stale


def test_second_neighborhood_edit_of_the_same_version_is_refused(client, secretariat, county):
    hood = NeighborhoodFactory(county=county, name="حصار", population=1000)
    client.force_login(secretariat)
    saved, stale = edit_twice(client, reverse("places:neighborhood_edit", args=[hood.pk]),
                              {"name": "حصار", "population": "۲۰۰۰"}, {"name": "حصار", "population": "۳۰۰۰"})
    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "کاربر دیگری" in stale.content.decode()
    hood.refresh_from_db()
    assert (hood.population, hood.version) == (2000, 2)


def test_second_agency_edit_of_the_same_version_is_refused_aliases_included(client, secretariat, province):
    agency = AgencyFactory(province=province, name="اداره کل آب و فاضلاب")
    AgencyAliasFactory(agency=agency, name="آبفا")
    client.force_login(secretariat)
    base = {"name": agency.name, "kind": agency.kind, "level": agency.level, "is_active": "on"}
    saved, stale = edit_twice(client, reverse("agencies:agency_edit", args=[agency.pk]),
                              base | {"phone": "021-1", "aliases_text": "آبفا\nآبفای استان"},
                              base | {"phone": "021-2", "aliases_text": "شرکت آب"})
    assert (saved.status_code, stale.status_code) == (302, 409)
    agency.refresh_from_db()
    assert agency.phone == "021-1"
    assert sorted(agency.aliases.values_list("name", flat=True)) == ["آبفا", "آبفای استان"]


def test_second_body_edit_of_the_same_version_is_refused(client, secretariat, province):
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان", kind=Body.Kind.PROVINCIAL_HQ)
    client.force_login(secretariat)
    base = {"name": body.name, "kind": body.kind, "cadence": body.cadence}
    saved, stale = edit_twice(client, reverse("meetings:body_edit", args=[body.pk]),
                              base | {"chair_title": "استاندار"}, base | {"chair_title": "معاون استاندار"})
    assert (saved.status_code, stale.status_code) == (302, 409)
    body.refresh_from_db()
    assert body.chair_title == "استاندار"


def test_stale_contact_form_is_refused(secretariat, county):
    contact = ContactFactory(neighborhood=NeighborhoodFactory(county=county), full_name="زهرا احمدی")
    data = {"kind": contact.kind, "full_name": "زهرا احمدی‌نژاد", "phone": contact.phone, "version": contact.version}
    first = ContactForm(data, instance=contact)
    second = ContactForm(data | {"full_name": "زهرا محمدی"}, instance=type(contact).objects.get(pk=contact.pk))
    assert first.is_valid() and second.is_valid()
    save_form(form=first, actor=secretariat)
    with pytest.raises(ConflictError):
        save_form(form=second, actor=secretariat)
    contact.refresh_from_db()
    assert (contact.full_name, contact.version) == ("زهرا احمدی‌نژاد", 2)


def test_edit_without_a_version_is_refused(client, secretariat, county):
    hood = NeighborhoodFactory(county=county, name="حصار", population=1000)
    client.force_login(secretariat)
    response = client.post(reverse("places:neighborhood_edit", args=[hood.pk]), {"name": "حصار", "population": "5"})
    assert response.status_code == 409
    hood.refresh_from_db()
    assert hood.population == 1000


# ---- creates through ScopedEditView ------------------------------------------------------------


class AgencyCreate(ScopedEditView):
    queryset = Agency.objects.all()
    form_class = AgencyForm
    service = staticmethod(agency_save)


class NeighborhoodCreate(ScopedEditView):
    queryset = Neighborhood.objects.all()
    form_class = NeighborhoodForm
    service = staticmethod(neighborhood_save)


def post(view, user, data):
    request = RequestFactory().post("/new/", data)
    request.user = user
    request._messages = CookieStorage(request)
    return view.as_view()(request)


def test_county_user_cannot_create_an_agency(county_user, province, tehran):
    for target in (province, tehran):
        response = post(AgencyCreate, county_user, {"name": "اداره تازه", "kind": "government", "level": "province",
                                                   "province": target.pk})
        assert response.status_code == 400
    assert not Agency.objects.filter(name="اداره تازه").exists()


def test_county_user_cannot_create_a_neighborhood(county_user, secretariat, county, other_county, tehran):
    """Placing a neighborhood in the registry is the province's (tests/places/test_province_fields.py)."""
    foreign = CountyFactory(province=tehran, name="ری")
    for target in (county, other_county, foreign):
        response = post(NeighborhoodCreate, county_user, {"name": "محله تازه", "county": target.pk})
        assert response.status_code in (400, 409)
    assert not Neighborhood.objects.filter(name="محله تازه").exists()
    made = post(NeighborhoodCreate, secretariat, {"name": "محله تازه", "county": county.pk})
    assert made.status_code == 302
    assert Neighborhood.objects.get(name="محله تازه").county == county


def test_secretariat_creates_an_agency_once_per_form(secretariat, province):
    key = str(uuid.uuid4())
    data = {"name": "اداره تازه", "kind": "government", "level": "province", "province": province.pk,
            "aliases_text": "تازه", "idempotency_key": key}
    first, second = post(AgencyCreate, secretariat, data), post(AgencyCreate, secretariat, data)
    agency = Agency.objects.get(name="اداره تازه")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == agency.get_absolute_url()
    assert list(agency.aliases.values_list("name", flat=True)) == ["تازه"]
    post(AgencyCreate, secretariat, data | {"name": "اداره دیگر", "idempotency_key": str(uuid.uuid4())})
    assert Agency.objects.filter(province=province).count() == 2


def test_agency_aliases_are_changed_only_within_scope(county_user, secretariat, province):
    agency = AgencyFactory(province=province)
    with pytest.raises(NotAllowed):
        agency_set_aliases(agency=agency, names=["نام دیگر"], actor=county_user)
    agency_set_aliases(agency=agency, names=["نام دیگر"], actor=secretariat)
    assert list(agency.aliases.values_list("name", flat=True)) == ["نام دیگر"]


def test_city_of_another_county_is_refused(client, secretariat, county, other_county):
    from mahalleh.places.models import City

    hood = NeighborhoodFactory(county=county)
    city = City.objects.create(county=other_county, name="نظرآباد")
    form = NeighborhoodForm({"name": hood.name, "version": hood.version}, instance=hood, user=secretariat)
    assert form.is_valid()
    form.instance.city = city  # the form offers only the county's cities; the service checks anyway
    with pytest.raises(Exception, match="شهر انتخاب‌شده"):
        neighborhood_save(form=form, actor=secretariat)
