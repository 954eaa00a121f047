import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from mahalleh.agencies.models import Agency
from mahalleh.core.audit import history, record_event
from mahalleh.core.context import acting_as
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.core.text import to_persian_digits
from tests.factories import AgencyFactory, NeighborhoodFactory, ProvinceFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_create_update_delete_each_leave_a_row_with_before_and_after(secretariat, province):
    with acting_as(secretariat, "req-1"):
        agency = Agency.objects.create(province=province, name="اداره کل بهزیستی")
        agency.short_name = "بهزیستی"
        agency.save()
        pk = agency.pk
        agency.delete()
    rows = list(AuditEntry.objects.filter(object_id=str(pk), content_type__model="agency").order_by("id"))
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert all(r.actor == secretariat and r.request_id == "req-1" for r in rows)
    assert rows[1].before["short_name"] == "" and rows[1].after["short_name"] == "بهزیستی"
    assert ("short_name", "", "بهزیستی") in rows[1].changed_fields()
    assert rows[2].before["name"] == "اداره کل بهزیستی" and rows[2].after is None


def test_a_save_that_changes_nothing_writes_no_row(province):
    agency = AgencyFactory(province=province)
    before = AuditEntry.objects.count()
    agency.save()
    assert AuditEntry.objects.count() == before


def test_audit_row_rolls_back_with_the_write(province):
    from django.db import transaction

    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        AgencyFactory(province=province)
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_edit_page_write_is_audited_with_request_and_user(client, secretariat, county):
    hood = NeighborhoodFactory(county=county, name="حصار", population=1000)
    client.force_login(secretariat)
    url = reverse("places:neighborhood_edit", args=[hood.pk])
    response = client.post(url, {"name": "حصار", "population": "۱۲۰۰۰", "households": "", "priority_rank": "",
                                 "version": hood.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = history(hood).first()
    assert entry.action == "update" and entry.actor == secretariat and entry.request_id
    assert entry.before["population"] == 1000 and entry.after["population"] == 12000
    page = client.get(reverse("places:neighborhood", args=[hood.pk]))
    assert page.context["history"][0].after["population"] == 12000


def test_named_business_event(secretariat, province):
    agency = AgencyFactory(province=province)
    with acting_as(secretariat):
        record_event(agency, "agency merged", into="اداره کل تعاون")
    entry = history(agency).filter(action="event").get()
    assert entry.event == "agency merged" and entry.after == {"into": "اداره کل تعاون"}


def test_passwords_never_reach_the_log(db):
    from tests.factories import UserFactory

    user = UserFactory()
    for entry in history(user):
        assert "password" not in (entry.after or {})


def test_history_names_what_a_foreign_key_pointed_to_as_far_as_the_reader_may_see(province, county, other_county):
    hood = NeighborhoodFactory(county=county, name="حصار")
    hood.county = other_county
    hood.save()

    def rendered(user):
        request = RequestFactory().get("/")
        request.user = user
        return render_to_string("includes/history.html", {"history": list(history(hood))}, request=request)

    html = rendered(user_with_role(Role.SECRETARIAT, province=province))
    county_label = str(hood._meta.get_field("county").verbose_name)
    row = re.search(rf"{county_label}</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    assert row is not None and re.search(r"<del[^>]*>کرج</del>.*←.*نظرآباد", row.group(1), re.S)

    outsider = rendered(user_with_role(Role.SECRETARIAT, province=ProvinceFactory(name="قزوین", code="qazvin")))
    assert "کرج" not in outsider and "نظرآباد" not in outsider
    assert to_persian_digits(f"#{county.pk}") not in outsider  # no raw id either (issue 9, point 16)
    assert "(خارج از دسترس شما)" in outsider
