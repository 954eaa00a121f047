"""Raise a user's scope version whenever what they reach may have changed (see ``core.scoping.scope_of``).

Every write path is covered: a role assignment saved, deleted or moved to another user (its ``save`` and
``delete`` run in a transaction with the raise, so no other process sees the new roles with the old
version); ``update``/``bulk_update``/``bulk_create`` of role assignments (``RoleAssignmentQuerySet``); and
an agency, county or neighborhood that a role reaches saved again or updated in bulk
(``core.scoping.rows_updated``), since it may have moved province.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Model, Q
from django.db.models.signals import post_delete, post_save, pre_save

from mahalleh.accounts.models import RoleAssignment, User, raise_scope_versions
from mahalleh.core.scoping import rows_updated


def _role_saving(sender: type, instance: RoleAssignment, **kwargs: Any) -> None:
    """A role handed from one user to another: the one who had it loses it."""
    if instance.pk is not None:
        before = RoleAssignment.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
        if before is not None and before != instance.user_id:
            raise_scope_versions([before])


def _role_changed(sender: type, instance: RoleAssignment, **kwargs: Any) -> None:
    raise_scope_versions([instance.user_id])
    # The object the caller holds (a form's, a test's) follows at once.
    user = instance._state.fields_cache.get("user")  # loaded or given, not fetched here
    if isinstance(user, User):
        user.scope_version = User.objects.filter(pk=user.pk).values_list("scope_version", flat=True).first() or 0
        user.__dict__.pop("_mahalleh_scope", None)


def _reaching(model_name: str, pks: Iterable[Any]) -> Q:
    """The users whose scope names one of these agencies, counties or neighborhoods, directly or (counties)
    through a neighborhood of theirs."""
    pks = list(pks)
    if model_name == "agency":
        return Q(role_assignments__agency__in=pks)
    if model_name == "county":
        return Q(role_assignments__county__in=pks) | Q(role_assignments__neighborhood__county__in=pks)
    return Q(role_assignments__neighborhood__in=pks)


def _users_reaching(model_name: str, pks: Iterable[Any]) -> None:
    reached = User.objects.filter(_reaching(model_name, pks)).values("pk")
    User.objects.filter(pk__in=reached).update(scope_version=F("scope_version") + 1)  # one statement


def _place_saved(sender: type[Model], instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:  # nobody's role can point at a row that did not exist
        _users_reaching(sender._meta.model_name or "", [instance.pk])


def _places_updated(sender: type[Model], pks: list[Any], **kwargs: Any) -> None:
    _users_reaching(sender._meta.model_name or "", pks)


def connect() -> None:
    from mahalleh.agencies.models import Agency
    from mahalleh.places.models import County, Neighborhood

    pre_save.connect(_role_saving, sender=RoleAssignment, dispatch_uid="scope-role-saving")
    post_save.connect(_role_changed, sender=RoleAssignment, dispatch_uid="scope-role-saved")
    post_delete.connect(_role_changed, sender=RoleAssignment, dispatch_uid="scope-role-deleted")
    for model in (Agency, County, Neighborhood):
        post_save.connect(_place_saved, sender=model, dispatch_uid=f"scope-{model._meta.model_name}-saved")
        rows_updated.connect(_places_updated, sender=model, dispatch_uid=f"scope-{model._meta.model_name}-updated")
