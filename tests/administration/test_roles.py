"""Giving, taking back and handing over roles, within the province, with their history."""

import pytest
from django.urls import reverse

from mahalleh.accounts.models import RoleAssignment
from mahalleh.administration.models import RoleChange
from mahalleh.administration.services import role_grant, role_handover
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of
from mahalleh.core.services import DomainError, NotAllowed
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(secretariat, province):
    from mahalleh.administration.services import user_create

    return user_create(username="newcomer", password=None, province=province, actor=secretariat)


def test_handover_moves_the_role_in_one_step_and_keeps_history(client, secretariat, focal, newcomer, agency):
    client.force_login(secretariat)
    assignment = focal.role_assignments.get()
    url = reverse("administration:role_handover", args=[assignment.pk])
    form = client.get(url).context["form"]
    data = {"to_user": newcomer.pk, "note": "بازنشستگی", "idempotency_key": form["idempotency_key"].value()}
    done = client.post(url, data)
    assert done.status_code == 302
    assert not focal.role_assignments.exists()
    assert newcomer.role_assignments.get().agency == agency
    change = RoleChange.objects.get(kind=RoleChange.Kind.HANDOVER)
    assert (change.from_user, change.to_user, change.agency, change.actor) == (focal, newcomer, agency, secretariat)
    assert AuditEntry.objects.filter(event="role handed over", object_id=str(newcomer.pk)).exists()
    # the new holder reaches the agency's work at once; the old one does not
    assert agency.pk in scope_of(newcomer.__class__.objects.get(pk=newcomer.pk)).agency_ids
    assert agency.pk not in scope_of(focal.__class__.objects.get(pk=focal.pk)).agency_ids
    # a double submission answers with what the first made, and makes nothing more
    again = client.post(url, data)
    assert again.status_code == 302
    assert RoleAssignment.objects.filter(agency=agency).count() == 1
    assert RoleChange.objects.filter(kind=RoleChange.Kind.HANDOVER).count() == 1
    # both pages show the history
    assert "بازنشستگی" in client.get(reverse("administration:user", args=[focal.pk])).content.decode()


def test_a_failed_handover_writes_nothing(secretariat, focal, newcomer):
    assignment = focal.role_assignments.get()
    newcomer.is_active = False
    newcomer.save()
    with pytest.raises(DomainError):
        role_handover(assignment=assignment, to_user=newcomer, actor=secretariat)
    assert focal.role_assignments.filter(pk=assignment.pk).exists()
    assert not RoleChange.objects.exists()


def test_handover_to_another_province_is_refused(secretariat, focal, far_focal):
    with pytest.raises(NotAllowed):
        role_handover(assignment=focal.role_assignments.get(), to_user=far_focal, actor=secretariat)
    assert focal.role_assignments.exists()


def test_a_role_elsewhere_cannot_be_touched(client, secretariat, far_focal):
    client.force_login(secretariat)
    far = far_focal.role_assignments.get()
    assert client.get(reverse("administration:role_handover", args=[far.pk])).status_code == 404
    assert client.post(reverse("administration:role_revoke", args=[far.pk])).status_code == 404
    assert far_focal.role_assignments.exists()


def test_grant_within_the_province_only_and_never_national(secretariat, newcomer, county, far_county):
    change = role_grant(user=newcomer, role=Role.COUNTY, county=county, actor=secretariat)
    assert change.kind == RoleChange.Kind.GRANT and newcomer.role_assignments.get().county == county
    with pytest.raises(NotAllowed):
        role_grant(user=newcomer, role=Role.COUNTY, county=far_county, actor=secretariat)
    with pytest.raises(NotAllowed):
        role_grant(user=newcomer, role=Role.NATIONAL, actor=secretariat)
    with pytest.raises(DomainError, match="همین نقش"):
        role_grant(user=newcomer, role=Role.COUNTY, county=county, actor=secretariat)
    with pytest.raises(DomainError, match="شهرستان"):
        role_grant(user=newcomer, role=Role.COUNTY, actor=secretariat)
    assert newcomer.role_assignments.count() == 1


def test_the_grant_form_offers_no_national_role_nor_another_province(client, secretariat, newcomer, far_county):
    client.force_login(secretariat)
    form = client.get(reverse("administration:role_grant", args=[newcomer.pk])).context["form"]
    assert Role.NATIONAL not in dict(form.fields["role"].choices)
    assert far_county not in form.fields["county"].queryset
    refused = client.post(reverse("administration:role_grant", args=[newcomer.pk]),
                          {"role": Role.COUNTY, "county": far_county.pk})
    assert refused.status_code == 400 and not newcomer.role_assignments.exists()


def test_the_superuser_may_grant_national(newcomer):
    root = UserFactory(is_superuser=True)
    role_grant(user=newcomer, role=Role.NATIONAL, actor=root)
    assert newcomer.role_assignments.get().role == Role.NATIONAL


def test_revoke_keeps_the_history(client, secretariat, focal):
    client.force_login(secretariat)
    assignment = focal.role_assignments.get()
    assert client.post(reverse("administration:role_revoke", args=[assignment.pk]), {"note": "انتقال"}).status_code == 302
    assert not focal.role_assignments.exists()
    change = RoleChange.objects.get()
    assert change.kind == RoleChange.Kind.REVOKE and change.from_user == focal and change.note == "انتقال"
    # the account, now without a role, is still the province's to manage (its record says so)
    assert client.get(reverse("administration:user", args=[focal.pk])).status_code == 200


def test_a_secretariat_of_another_province_cannot_hand_over_here(focal, far_province, newcomer):
    other = user_with_role(Role.SECRETARIAT, province=far_province)
    with pytest.raises(DomainError):
        role_handover(assignment=focal.role_assignments.get(), to_user=newcomer, actor=other)
