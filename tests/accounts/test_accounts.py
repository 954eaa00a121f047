"""Passwords, the profile page, API tokens (expiry, revocation), the API docs behind sign-in, and the audit
of what accounts do."""

import datetime
import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from mahalleh.accounts.models import ApiToken, User
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def events(obj, prefix="", after=0):
    return list(
        AuditEntry.objects.filter(object_id=str(obj.pk), event__startswith=prefix, pk__gt=after)
        .order_by("id").values_list("event", flat=True)
    )


def last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


# ---- passwords -----------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["short-1", "1234567890123", "password1234", "alireza-karimi"])
def test_weak_passwords_are_refused(password):
    user = User(username="alireza", first_name="alireza", last_name="karimi", email="alireza-karimi@example.ir")
    with pytest.raises(ValidationError):
        validate_password(password, user)
    validate_password("Tahrir-e-Kuche-42", user)
    with pytest.raises(ValidationError) as short:
        validate_password("Kuche-42", user)
    assert "دست‌کم ۱۰ نویسه" in short.value.messages[0]


def test_password_change_page_is_persian_validates_revokes_tokens_and_is_audited(client):
    user = UserFactory(username="sara")
    ApiToken.issue(user, "laptop")
    ApiToken.issue(user, "script")
    start = last_audit_id()  # the factory's set_password is a change too
    client.force_login(user)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "گذرواژه تازه" in page.content.decode()

    weak = client.post("/accounts/password/", {"old_password": "pass-1234", "new_password1": "12345678",
                                                "new_password2": "12345678"})
    html = weak.content.decode()
    assert weak.status_code == 200 and "دست‌کم ۱۰ نویسه" in html and "This password" not in html
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()

    done = client.post("/accounts/password/", {"old_password": "pass-1234", "new_password1": "Tahrir-e-Kuche-42",
                                                "new_password2": "Tahrir-e-Kuche-42"})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/done/"
    assert "تغییر کرد" in client.get(done["Location"]).content.decode()
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 0
    assert events(user, "password", after=start) == ["password_changed"]
    revoked = AuditEntry.objects.filter(event="token_revoked")
    assert revoked.count() == 2 and {e.after["reason"] for e in revoked} == {"password_changed"}


def test_password_reset_by_email_in_persian(client):
    user = UserFactory(username="sara", email="sara@example.ir")
    start = last_audit_id()
    assert "بازیابی گذرواژه" in client.get("/accounts/reset/").content.decode()
    assert client.post("/accounts/reset/", {"email": "sara@example.ir"}).status_code == 302
    assert len(mail.outbox) == 1 and "گذرواژه" in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "گذرواژه تازه" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Tahrir-e-Kuche-42",
                                                    "new_password2": "Tahrir-e-Kuche-42"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Tahrir-e-Kuche-42")
    assert events(user, "password", after=start) == ["password_changed"]


def test_the_login_page_links_to_the_reset(client):
    assert 'href="/accounts/reset/"' in client.get("/accounts/login/").content.decode()


# ---- profile ---------------------------------------------------------------------------------------


def test_profile_shows_name_roles_scope_last_login_and_tokens(client, province):
    user = user_with_role(Role.SECRETARIAT, province=province)
    user.first_name, user.last_name = "مریم", "احمدی"
    user.last_login = timezone.now()
    user.save()
    ApiToken.issue(user, "laptop")
    client.force_login(user)
    html = client.get("/accounts/profile/").content.decode()
    assert "مریم احمدی" in html
    assert "دبیرخانه قرارگاه استان: البرز" in html
    assert "laptop" in html and "فعال" in html
    assert "آخرین ورود" in html
    assert 'href="/accounts/profile/"' in client.get("/").content.decode()  # the navbar's user menu


# ---- tokens ------------------------------------------------------------------------------------------


def api(client, key):
    return client.get("/api/meetings/bodies/", headers={"Authorization": f"Bearer {key}"})


def test_issue_token_prints_the_key_alone_on_its_last_line_and_it_expires(client):
    user = UserFactory(username="sara")
    out = io.StringIO()
    call_command("issue_token", "sara", "script", "--days", "7", stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(user=user, name="script")
    assert token.key_hash == ApiToken.hash(key)
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)
    assert api(client, key).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = api(client, key)
    assert expired.status_code == 401 and expired["Content-Type"].startswith("application/json")
    assert "detail" in expired.json()


def test_revoke_token_by_name_or_all(client):
    user = UserFactory(username="sara")
    _, laptop = ApiToken.issue(user, "laptop")
    _, script = ApiToken.issue(user, "script")
    _, other = ApiToken.issue(user, "other")
    call_command("revoke_token", "sara", "laptop", stdout=io.StringIO())
    assert api(client, laptop).status_code == 401
    assert api(client, script).status_code == 200
    call_command("revoke_token", "sara", "--all", stdout=io.StringIO())
    assert api(client, script).status_code == 401 and api(client, other).status_code == 401
    with pytest.raises(CommandError):
        call_command("revoke_token", "sara", "nonesuch", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("revoke_token", "sara", stdout=io.StringIO())


def test_token_commands_are_audited_with_their_actor():
    UserFactory(username="sara")
    admin = UserFactory(username="boss", is_superuser=True)
    call_command("issue_token", "sara", "script", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("revoke_token", "sara", "script", "--actor", "boss", stdout=io.StringIO())
    issued = AuditEntry.objects.get(event="token_issued")
    assert issued.actor is None and issued.request_id.startswith("cli-issue_token-")  # the command itself
    assert issued.after["name"] == "script" and issued.after["user"] == "sara"
    revoked = AuditEntry.objects.get(event="token_revoked")
    assert revoked.actor == admin and revoked.request_id.startswith("cli-revoke_token-")
    with pytest.raises(CommandError):
        call_command("issue_token", "sara", "x", "--actor", "ghost", stdout=io.StringIO(), stderr=io.StringIO())


def test_api_docs_need_a_sign_in_in_production(client, settings):
    settings.API_DOCS_LOGIN_REQUIRED = True  # what DEBUG=0 sets
    assert client.get("/api/docs")["Location"].startswith("/accounts/login/")
    assert client.get("/api/openapi.json")["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200


def test_api_docs_are_behind_sign_in_when_debug_is_off(monkeypatch):
    import subprocess
    import sys

    env = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "mahalleh.config.settings", "PATH": ""}
    code = "import django; django.setup(); from django.conf import settings; print(settings.API_DOCS_LOGIN_REQUIRED)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
