"""The sign-in lock-out (accounts.lockout over django-axes), on both sign-in pages."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from mahalleh.accounts.models import LoginAddress
from mahalleh.core.models import AuditEntry
from mahalleh.core.ratelimit import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PATHS = [LOGIN, ADMIN_LOGIN]
LOCKED = "ورود با این حساب از این نشانی"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_IP_USERNAME_LIMIT = 4
    settings.LOGIN_LOCKOUT_MINUTES = 15


def client_at(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def post(client: Client, path: str, username: str, password: str):
    return client.post(path, {"username": username, "password": password, "next": "/"})


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.mark.parametrize("path", PATHS)
def test_a_pair_is_locked_even_for_the_right_password_and_only_that_pair(path):
    UserFactory(username="ali", is_staff=True)
    UserFactory(username="sara", is_staff=True)
    office = client_at("10.0.0.1")
    for _ in range(2):
        response = post(office, path, "ali", "wrong")
        assert response.status_code == 200 and "نادرست" in response.content.decode()
    third = post(office, path, "ali", "wrong")  # the limit: locked from here on
    assert third.status_code == 429 and LOCKED in third.content.decode()

    refused = post(office, path, "ali", "pass-1234")
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert "_auth_user_id" not in office.session

    # The same user from another address, and another user from the same address, are not locked out.
    assert signed_in(post(client_at("10.0.0.2"), path, "ali", "pass-1234"))
    assert signed_in(post(client_at("10.0.0.1"), path, "sara", "pass-1234"))


def test_the_two_sign_in_pages_count_together():
    UserFactory(username="ali", is_staff=True)
    office = client_at("10.0.0.1")
    post(office, ADMIN_LOGIN, "ali", "wrong")
    post(office, LOGIN, "ali", "wrong")
    post(office, ADMIN_LOGIN, "ali", "wrong")
    assert post(office, LOGIN, "ali", "pass-1234").status_code == 429


@pytest.mark.parametrize("path", PATHS)
def test_an_address_that_failed_for_many_user_names_is_refused_for_all(path):
    UserFactory(username="victim", is_staff=True)
    attacker = client_at("10.6.6.6")
    for name in ["a1", "a2", "a3", "a4"]:  # LOGIN_IP_USERNAME_LIMIT user names, one failure each
        post(attacker, path, name, "guess")
    response = post(attacker, path, "victim", "pass-1234")
    assert response.status_code == 429 and "_auth_user_id" not in attacker.session
    assert signed_in(post(client_at("10.0.0.9"), path, "victim", "pass-1234"))


def test_the_lock_ends_after_the_cool_off():
    UserFactory(username="ali")
    office = client_at("10.0.0.1")
    for _ in range(3):
        post(office, LOGIN, "ali", "wrong")
    assert post(office, LOGIN, "ali", "pass-1234").status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert signed_in(post(office, LOGIN, "ali", "pass-1234"))


def test_a_success_does_not_wipe_the_failures_before_it():
    user = UserFactory(username="ali")
    office = client_at("10.0.0.1")
    post(office, LOGIN, "ali", "wrong")
    post(office, LOGIN, "ali", "wrong")
    assert signed_in(post(office, LOGIN, "ali", "pass-1234"))
    office.logout()
    assert post(office, LOGIN, "ali", "wrong").status_code == 429  # the third failure since the cool-off began
    assert AccessFailureLog.objects.filter(username="ali").count() == 3
    assert AccessLog.objects.filter(username="ali").count() == 1
    assert list(
        AuditEntry.objects.filter(object_id=str(user.pk), event__startswith="login_").order_by("id").values_list("event", flat=True)
    ) == ["login_failed", "login_failed", "login_locked"]


def test_failures_locks_and_refusals_are_in_the_audit():
    user = UserFactory(username="ali")
    office = client_at("10.0.0.1")
    for _ in range(3):
        post(office, LOGIN, "ali", "wrong")
    post(office, LOGIN, "ali", "pass-1234")
    post(office, LOGIN, "nobody", "x")
    events = AuditEntry.objects.filter(event__startswith="login_").order_by("id")
    assert [(e.event, e.object_id) for e in events] == [
        ("login_failed", str(user.pk)), ("login_failed", str(user.pk)), ("login_locked", str(user.pk)),
        ("login_refused", str(user.pk)), ("login_failed", str(LoginAddress.objects.get(ip="10.0.0.1").pk)),
    ]
    assert events[0].after == {"username": "ali", "ip": "10.0.0.1", "path": LOGIN}
    assert "pass-1234" not in str(list(AccessFailureLog.objects.values()))


def test_no_sign_in_outside_the_gate():
    """A login path that forgot the gate (and so could be raced) signs nobody in."""
    UserFactory(username="ali")
    request = RequestFactory().post(LOGIN, {"username": "ali", "password": "pass-1234"})
    assert authenticate(request, username="ali", password="pass-1234") is None


def test_the_client_address_comes_from_a_trusted_proxy_only(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(spoofed) == "203.0.113.7"
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    proxied = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.2, 10.0.0.5")
    assert client_ip(proxied) == "198.51.100.2"  # the right-most address the proxy did not add itself
    garbled = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(garbled) == "10.0.0.5"


def test_behind_a_trusted_proxy_each_client_is_counted_apart(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    UserFactory(username="ali")
    proxy = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.2")
    for _ in range(3):
        post(proxy, LOGIN, "ali", "wrong")
    assert post(proxy, LOGIN, "ali", "pass-1234").status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert signed_in(post(other, LOGIN, "ali", "pass-1234"))
