"""Optional two-factor sign-in (TOTP, django-otp) for the admin and the secretariat."""

import re
from base64 import b32encode
from binascii import unhexlify

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mahalleh.core.roles import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice) -> str:
    return f"{TOTP(unhexlify(device.key), device.step, device.t0, device.digits, device.drift).token():06d}"


def sign_in(username: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": "pass-1234"}).status_code == 302
    return client


def test_off_by_default_as_in_the_demo(secretariat):
    secretariat.username = "dabir"
    secretariat.save()
    assert sign_in("dabir").get("/meetings/inbox/").status_code == 200


def test_the_secretariat_pairs_an_authenticator_then_must_give_a_code_at_each_sign_in(settings, province):
    settings.TWO_FACTOR = True
    user = user_with_role(Role.SECRETARIAT, province=province)
    client = sign_in(user.username)

    page = client.get("/meetings/inbox/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/otp/?next=")
    setup = client.get(page["Location"], follow=True)
    html = setup.content.decode()
    assert setup.redirect_chain[-1][0].startswith("/accounts/otp/setup/")
    assert re.search(r'id="otp-qr">.*<svg.*<path', html, re.S)  # the QR code, inline SVG
    assert "برنامه احراز هویت" in html
    assert b32encode(unhexlify(TOTPDevice.objects.get(user=user).key)).decode() in html  # for typing it in
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.get("/api/meetings/bodies/").status_code == 401  # the API through the session, too

    wrong = client.post("/accounts/otp/setup/", {"token": "000000" if code(device) != "000000" else "111111"})
    assert "نادرست" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing; wait it out here
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post("/accounts/otp/setup/", {"token": code(device), "next": "/meetings/inbox/"})["Location"] == "/meetings/inbox/"
    assert client.get("/meetings/inbox/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # A new sign-in: the password alone is not enough.
    again = sign_in(user.username)
    assert again.get("/").status_code == 302
    assert "رمز یک‌بارمصرف" in again.get("/accounts/otp/").content.decode()
    assert again.post("/accounts/otp/", {"token": "12345"}).status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a code is good once; this one was used above
    device.refresh_from_db()
    assert again.post("/accounts/otp/", {"token": code(device)}).status_code == 302
    assert again.get("/").status_code == 200


def test_other_roles_are_not_asked(settings, county_user):
    settings.TWO_FACTOR = True
    assert sign_in(county_user.username).get("/meetings/inbox/").status_code == 200


def test_the_admin_is_asked_too(settings):
    settings.TWO_FACTOR = True
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    client = Client()
    assert client.post("/admin/login/", {"username": "boss", "password": "pass-1234", "next": "/admin/"}).status_code == 302
    assert client.get("/admin/")["Location"].startswith("/accounts/otp/")
