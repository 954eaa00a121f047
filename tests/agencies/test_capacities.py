"""An agency's declared services (issue 12, item 5): who declares what, and bad input refused whole."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mahalleh.agencies.models import AgencyService, Service, ServiceAxis
from mahalleh.core.roles import Role
from tests.factories import AgencyFactory, CountyFactory, ProvinceFactory, user_with_role


@pytest.fixture
def setup(province, county, other_county, secretariat):
    axis, _ = ServiceAxis.objects.get_or_create(code="sports_youth", defaults={"name": "ورزش و جوانان"})
    service = Service.objects.create(axis=axis, code="sports_classes", name="کلاس ورزشی", unit="person")
    agency = AgencyFactory(province=province, name="اداره کل ورزش")
    other = AgencyFactory(province=province, name="اداره کل بهزیستی")
    far_province = ProvinceFactory(name="قم", code="qom")
    far_county = CountyFactory(province=far_province, name="قم")
    return {"service": service, "agency": agency, "other": other, "county": county, "other_county": other_county,
            "far_county": far_county, "secretariat": secretariat, "focal": user_with_role(Role.AGENCY, agency=agency),
            "far_secretariat": user_with_role(Role.SECRETARIAT, province=far_province)}


def post(client, s, path=None, **data):
    path = path or reverse("agencies:service_create")
    html = client.get(path).content.decode()
    hidden = {}
    for name in ("idempotency_key", "version"):
        marker = f'name="{name}" value="'
        if marker in html:
            hidden[name] = html.split(marker, 1)[1].split('"', 1)[0]
    base = {"service": s["service"].pk, "capacity": "۱۲۰", "period": "season", "counties": [s["county"].pk],
            "is_active": "on"}
    return client.post(path, {**base, **hidden, **data})


def test_a_focal_point_declares_for_their_own_agency(client, setup):
    s = setup
    client.force_login(s["focal"])
    form = client.get(reverse("agencies:service_create")).content.decode()
    assert "اداره کل ورزش" in form and "اداره کل بهزیستی" not in form
    response = post(client, s, agency=s["agency"].pk, counties=[s["county"].pk, s["other_county"].pk])
    assert response.status_code == 302, response.content.decode()[:3000]
    cap = AgencyService.objects.get()
    assert (cap.agency, cap.capacity, cap.period) == (s["agency"], 120, "season")
    assert set(cap.counties.all()) == {s["county"], s["other_county"]}
    assert cap.in_months(12) == 480 and cap.in_months(1) == 40
    # another agency's: not on offer
    refused = post(client, s, agency=s["other"].pk, service=s["service"].pk, period="year")
    assert refused.status_code == 400 and "agency" in refused.context["form"].errors
    assert AgencyService.objects.count() == 1


def test_the_same_form_twice_declares_once(client, setup):
    s = setup
    client.force_login(s["focal"])
    path = reverse("agencies:service_create")
    html = client.get(path).content.decode()
    key = html.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    data = {"agency": s["agency"].pk, "service": s["service"].pk, "capacity": "10", "period": "month",
            "counties": [s["county"].pk], "idempotency_key": key}
    first, second = client.post(path, data), client.post(path, data)
    assert first.status_code == second.status_code == 302
    assert AgencyService.objects.count() == 1


def test_edits_are_scoped_and_versioned(client, setup):
    s = setup
    other_cap = AgencyService.objects.create(agency=s["other"], service=s["service"], capacity=5)
    own = AgencyService.objects.create(agency=s["agency"], service=s["service"], capacity=5)
    own.counties.add(s["county"])
    client.force_login(s["focal"])
    assert client.get(reverse("agencies:service_edit", args=[other_cap.pk])).status_code == 404
    path = reverse("agencies:service_edit", args=[own.pk])
    assert post(client, s, path, capacity="8", period="year").status_code == 302
    own.refresh_from_db()
    assert own.capacity == 8 and own.version == 2
    stale = client.post(path, {"service": s["service"].pk, "capacity": "9", "period": "year",
                               "counties": [s["county"].pk], "version": 1})
    assert stale.status_code == 409
    own.refresh_from_db()
    assert own.capacity == 8
    # the secretariat edits every agency's of its province; another province's secretariat none
    client.force_login(s["secretariat"])
    assert client.get(reverse("agencies:service_edit", args=[other_cap.pk])).status_code == 200
    client.force_login(s["far_secretariat"])
    assert client.get(reverse("agencies:service_edit", args=[own.pk])).status_code == 404
    # a neighborhood manager declares for no agency: no form
    client.force_login(user_with_role(Role.NEIGHBORHOOD))
    assert client.get(reverse("agencies:service_create")).status_code == 404


def test_the_list_links_only_the_rows_the_user_may_edit(client, setup):
    """The focal point reads the province's capacities but edits only its agency's: only those link to the
    edit form (an offered link that answers 404 is a broken page); the secretariat's list links both."""
    s = setup
    other_cap = AgencyService.objects.create(agency=s["other"], service=s["service"], capacity=5)
    own = AgencyService.objects.create(agency=s["agency"], service=s["service"], capacity=5)
    client.force_login(s["focal"])
    html = client.get(reverse("agencies:services")).content.decode()
    assert reverse("agencies:service_edit", args=[own.pk]) in html
    assert reverse("agencies:service_edit", args=[other_cap.pk]) not in html and s["other"].name in html
    client.force_login(s["secretariat"])
    html = client.get(reverse("agencies:services")).content.decode()
    assert all(reverse("agencies:service_edit", args=[c.pk]) in html for c in (own, other_cap))


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"capacity": "-5"}, "capacity", "ظرفیت نمی‌تواند منفی باشد"),
    ({"capacity": "۰"}, "capacity", "بیشتر از صفر"),
    ({"capacity": "99999999"}, "capacity", "نامعقول است"),
    ({"capacity": "دوازده"}, "capacity", ""),
    ({"unit": "litre"}, "unit", "واحد «litre» شناخته نیست"),
    ({"unit": "hour"}, "unit", "با واحد «نفر» شمرده می‌شود، نه «ساعت»"),
    ({"counties": []}, "counties", ""),
])
def test_bad_capacity_is_refused_with_its_field_and_nothing_saved(client, setup, data, field, message):
    s = setup
    client.force_login(s["secretariat"])
    response = post(client, s, agency=s["agency"].pk, **data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not AgencyService.objects.exists()


def test_a_county_of_another_province_is_named_and_refused(client, setup):
    """The form offers the counties the user reads; a county of another province (the national HQ reads
    every one, a crafted post names one) is refused by the rule, naming it, before anything is saved."""
    from mahalleh.agencies.capacities import capacity_errors

    s = setup
    errors = capacity_errors(agency=s["agency"], service=s["service"], capacity=3, unit="",
                             counties=[s["county"], s["far_county"]])
    assert errors == {"counties": "شهرستان قم در استان البرز نیست؛ دستگاه فقط در شهرستان‌های استان خود خدمت می‌دهد."}
    client.force_login(s["secretariat"])
    response = post(client, s, agency=s["agency"].pk, counties=[s["county"].pk, s["far_county"].pk])
    assert response.status_code == 400 and "counties" in response.context["form"].errors
    assert not AgencyService.objects.exists()


def test_the_service_refuses_what_a_form_let_through(setup):
    """The rule is the service's too: a form that skipped it saves nothing, counties included."""
    from django import forms

    from mahalleh.agencies.services import agency_service_save
    from mahalleh.core.services import DomainError

    s = setup

    class Loose(forms.ModelForm):
        unit = forms.CharField(required=False)

        class Meta:
            model = AgencyService
            fields = ["agency", "service", "capacity", "period", "counties"]

    form = Loose({"agency": s["agency"].pk, "service": s["service"].pk, "capacity": 3, "period": "year",
                  "counties": [s["far_county"].pk], "unit": "person"})
    assert form.is_valid(), form.errors
    with pytest.raises(DomainError, match="شهرستان‌های تحت پوشش: شهرستان قم"):
        agency_service_save(form=form, actor=s["secretariat"])
    assert not AgencyService.objects.exists()


def test_the_list_shows_the_province_services_to_the_agencies(client, setup):
    s = setup
    cap = AgencyService.objects.create(agency=s["other"], service=s["service"], capacity=7, note="ظرفیت بهزیستی")
    cap.counties.add(s["county"])
    client.force_login(s["focal"])  # another agency of the province reads it
    html = client.get(reverse("agencies:services")).content.decode()
    assert "اداره کل بهزیستی" in html and "۷" in html
    client.force_login(s["far_secretariat"])
    assert "اداره کل بهزیستی" not in client.get(reverse("agencies:services")).content.decode()
    export = client.get(reverse("agencies:services") + "?export=csv")
    assert export.status_code == 200


def test_a_second_declaration_of_the_same_is_refused(client, setup):
    s = setup
    AgencyService.objects.create(agency=s["agency"], service=s["service"], capacity=5, period="season")
    client.force_login(s["secretariat"])
    response = post(client, s, agency=s["agency"].pk)
    assert response.status_code == 400 and "پیش‌تر ظرفیت ثبت کرده است؛ همان را ویرایش کنید" in response.content.decode()
    assert AgencyService.objects.count() == 1
