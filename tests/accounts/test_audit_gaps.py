"""Audit gaps: denied reads of personal data, the request id, and the actor of command-line writes."""

import io

import pytest
from django.core.management import call_command

from mahalleh.accounts.models import ApiToken
from mahalleh.core.middleware import REQUEST_ID_PATTERN
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from tests.factories import AgencyFactory, ContactFactory, NeighborhoodFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def hood(county):
    hood = NeighborhoodFactory(county=county)
    ContactFactory(neighborhood=hood, full_name="زهرا رضایی")
    ContactFactory(neighborhood=hood)
    return hood


def denied(hood):
    return AuditEntry.objects.filter(event="personal_data_denied", object_id=str(hood.pk))


def test_a_page_read_without_the_role_for_personal_data_is_audited(client, hood, province):
    agency_user = user_with_role(Role.AGENCY, agency=AgencyFactory(province=province))
    client.force_login(agency_user)
    html = client.get(f"/places/neighborhoods/{hood.pk}/").content.decode()
    assert "زهرا رضایی" not in html
    entry = denied(hood).get()
    assert entry.actor == agency_user and entry.after == {"what": "contacts", "hidden": 2}

    client.force_login(user_with_role(Role.SECRETARIAT, province=province))  # may read them: nothing denied
    assert "زهرا رضایی" in client.get(f"/places/neighborhoods/{hood.pk}/").content.decode()
    assert denied(hood).count() == 1


def test_an_api_read_without_the_role_for_personal_data_is_audited(client, hood, province):
    national = user_with_role(Role.NATIONAL)
    _, key = ApiToken.issue(national, "t")
    answer = client.get(f"/api/places/neighborhoods/{hood.pk}/contacts/", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200 and answer.json() == []
    assert denied(hood).get().actor == national


@pytest.mark.parametrize(("offered", "kept"), [
    ("proxy-req-1234abcd", True),
    ("short", False),
    ("x" * 65, False),
    ("abc def ghi jkl", False),
    ("<script>alert(1)</script>", False),
    ("forged\r\nX-Evil: 1", False),
])
def test_the_request_id_is_the_servers_own_unless_the_clients_is_plain(client, offered, kept):
    user = UserFactory()
    client.force_login(user)
    answer = client.get("/accounts/profile/", headers={"X-Request-ID": offered})
    request_id = answer["X-Request-ID"]
    assert REQUEST_ID_PATTERN.fullmatch(request_id)
    assert (request_id == offered) is kept


def test_the_request_id_reaches_the_audit(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/password/", {"old_password": "pass-1234", "new_password1": "Tahrir-e-Kuche-42",
                                        "new_password2": "Tahrir-e-Kuche-42"}, headers={"X-Request-ID": "bad id!"})
    entry = AuditEntry.objects.filter(event="password_changed").latest("id")
    assert entry.actor == user and entry.request_id != "bad id!" and REQUEST_ID_PATTERN.fullmatch(entry.request_id)


def test_load_demo_writes_as_its_actor():
    boss = UserFactory(username="boss", is_superuser=True)
    call_command("load_demo", "--without-meetings", "--actor", "boss", stdout=io.StringIO())
    created = AuditEntry.objects.filter(action="create", request_id="demo-load")
    assert created.exists() and set(created.values_list("actor", flat=True)) == {boss.pk}
