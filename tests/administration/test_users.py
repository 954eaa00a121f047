"""The province's user administration: who sees whom, creating, editing, deactivating accounts."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from mahalleh.accounts.models import ApiToken, User
from mahalleh.administration import selectors
from mahalleh.administration.models import AccountRecord
from mahalleh.administration.services import user_create
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.core.services import ConflictError, NotAllowed
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_province_users_only(client, secretariat, focal, far_focal, county_user):
    client.force_login(secretariat)
    page = client.get(reverse("administration:users")).content.decode()
    assert focal.username in page and county_user.username in page
    assert far_focal.username not in page
    # filters: role, agency, county, active
    by_role = client.get(reverse("administration:users"), {"role": Role.COUNTY}).content.decode()
    assert county_user.username in by_role and focal.username not in by_role
    by_agency = client.get(reverse("administration:users"), {"agency": focal.role_assignments.get().agency_id}).content.decode()
    assert focal.username in by_agency and county_user.username not in by_agency
    by_county = client.get(reverse("administration:users"), {"county": county_user.role_assignments.get().county_id}).content.decode()
    assert county_user.username in by_county and focal.username not in by_county
    focal.is_active = False
    focal.save()
    active = client.get(reverse("administration:users"), {"active": "true"}).content.decode()
    assert focal.username not in active and county_user.username in active


def test_the_pages_are_a_404_to_anyone_but_the_province_admin(client, focal, county_user):
    for user in (focal, county_user, UserFactory()):
        client.force_login(user)
        assert client.get(reverse("administration:users")).status_code == 404
        assert client.get(reverse("administration:onboarding")).status_code == 404


def test_the_menu_shows_the_administration_to_the_secretariat_only(client, secretariat, focal):
    client.force_login(secretariat)
    assert "/administration/users/" in client.get(reverse("home")).content.decode()
    client.force_login(focal)
    assert "/administration/users/" not in client.get(reverse("home")).content.decode()


def test_a_user_of_another_province_is_a_404(client, secretariat, far_focal):
    client.force_login(secretariat)
    for name in ("user", "user_edit", "user_deactivate", "role_grant"):
        assert client.get(reverse(f"administration:{name}", args=[far_focal.pk])).status_code == 404


def test_an_account_with_a_role_elsewhere_is_seen_but_not_managed(secretariat, focal, far_province):
    from mahalleh.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=focal, role=Role.SECRETARIAT, province=far_province)
    assert selectors.visible_users(secretariat).filter(pk=focal.pk).exists()
    assert not selectors.manageable_users(secretariat).filter(pk=focal.pk).exists()
    national = user_with_role(Role.NATIONAL)
    assert not selectors.manageable_users(secretariat).filter(pk=national.pk).exists()


def test_create_with_a_password_checks_the_validators(client, secretariat, province, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    ]
    client.force_login(secretariat)
    form = {"username": "rezaei", "first_name": "علی", "last_name": "رضایی", "phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
            "province": province.pk, "password": "short"}
    refused = client.post(reverse("administration:user_create"), form)
    assert refused.status_code == 400
    assert "۱۰" in refused.content.decode() or "10" in refused.content.decode()
    assert not User.objects.filter(username="rezaei").exists()
    form["password"] = "a-long-enough-pass"
    made = client.post(reverse("administration:user_create"), form)
    user = User.objects.get(username="rezaei")
    assert made.status_code == 302 and made["Location"] == reverse("administration:user", args=[user.pk])
    assert user.check_password("a-long-enough-pass") and user.phone == "09121234567"
    assert AccountRecord.objects.get(user=user).province == province
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="create").exists()
    # the new account, without a role yet, is the province's
    assert selectors.manageable_users(secretariat).filter(pk=user.pk).exists()


def test_create_without_a_password_gives_an_invite_link_that_sets_it(client, secretariat, province):
    client.force_login(secretariat)
    made = client.post(reverse("administration:user_create"), {"username": "karimi", "province": province.pk})
    user = User.objects.get(username="karimi")
    assert not user.has_usable_password()
    assert made["Location"] == reverse("administration:user_invite", args=[user.pk])
    page = client.post(made["Location"])
    link = page.context["link"]
    assert "/administration/invite/" in link
    invited = Client()
    form = invited.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = invited.post(form.redirect_chain[-1][0], {"new_password1": "Tehran-Karaj-1403", "new_password2": "Tehran-Karaj-1403"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Tehran-Karaj-1403")
    assert invited.get(link, follow=True).context["validlink"] is False  # used once


def test_create_is_idempotent_and_refuses_a_bad_mobile(client, secretariat, province):
    client.force_login(secretariat)
    form = {"username": "sadeghi", "province": province.pk, "password": "a-long-enough-pass",
            "idempotency_key": "8a6e0a62-4f4e-4a52-9d7b-4a6a1c1a0001"}
    assert client.post(reverse("administration:user_create"), form).status_code == 302
    assert client.post(reverse("administration:user_create"), form).status_code == 302
    assert User.objects.filter(username="sadeghi").count() == 1
    bad = client.post(reverse("administration:user_create"), {"username": "x", "province": province.pk, "phone": "12345",
                                                              "password": "a-long-enough-pass"})
    assert bad.status_code == 400 and "شماره همراه نادرست است" in bad.content.decode()


def test_a_province_admin_cannot_create_in_another_province(secretariat, far_province):
    with pytest.raises(NotAllowed):
        user_create(username="intruder", password=None, province=far_province, actor=secretariat)
    assert not User.objects.filter(username="intruder").exists()


def test_edit_is_versioned(client, secretariat, focal):
    client.force_login(secretariat)
    url = reverse("administration:user_edit", args=[focal.pk])
    version = client.get(url).context["form"]["version"].value()
    first = client.post(url, {"first_name": "مریم", "version": version})
    assert first.status_code == 302
    stale = client.post(url, {"first_name": "زهرا", "version": version})
    assert stale.status_code == 409
    focal.refresh_from_db()
    assert focal.first_name == "مریم"


def test_deactivation_ends_sessions_and_tokens_and_keeps_the_account(client, secretariat, focal):
    leaver = Client()
    leaver.force_login(focal)
    assert leaver.get(reverse("home")).status_code == 200
    _token, key = ApiToken.issue(focal, "cli")
    client.force_login(secretariat)
    url = reverse("administration:user_deactivate", args=[focal.pk])
    version = client.get(url).context["form"]["version"].value()
    assert client.post(url, {"reason": "بازنشستگی", "version": version}).status_code == 302
    focal.refresh_from_db()
    assert not focal.is_active and User.objects.filter(pk=focal.pk).exists()
    assert not ApiToken.objects.filter(user=focal).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(focal.pk)]
    assert leaver.get(reverse("home")).status_code == 302  # signed out
    assert Client().get("/api/agencies/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert AuditEntry.objects.filter(object_id=str(focal.pk), event="user deactivated").exists()
    assert focal.role_assignments.exists()  # kept, to be handed over
    record = AccountRecord.objects.get(user=focal)
    assert record.deactivated_by == secretariat and record.deactivation_reason == "بازنشستگی"


def test_deactivating_oneself_is_refused(client, secretariat):
    from mahalleh.administration.services import user_deactivate

    with pytest.raises(Exception, match="خودتان"):
        user_deactivate(user=secretariat, reason="", version=1, actor=secretariat)


def test_a_stale_deactivation_writes_nothing(secretariat, focal):
    from mahalleh.administration.services import user_deactivate, user_update

    user_update(user=focal, first_name="a", last_name="", phone="", email="", version=1, actor=secretariat)
    with pytest.raises(ConflictError):
        user_deactivate(user=focal, reason="", version=1, actor=secretariat)
    focal.refresh_from_db()
    assert focal.is_active
