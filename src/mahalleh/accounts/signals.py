"""Raise a user's scope version whenever what they reach may have changed (see ``core.scoping.scope_of``)."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from mahalleh.accounts.models import RoleAssignment, User


def invalidate_scopes(users: Any) -> None:
    """Raise the scope version of ``users`` (a queryset), in the database, so that every process builds
    their scope afresh on their next request."""
    users.update(scope_version=F("scope_version") + 1)


def _role_changed(sender: type, instance: RoleAssignment, **kwargs: Any) -> None:
    invalidate_scopes(User.objects.filter(pk=instance.user_id))
    # The object the caller holds (a form's, a test's) follows at once.
    user = instance._state.fields_cache.get("user")  # loaded or given, not fetched here
    if isinstance(user, User):
        user.scope_version = User.objects.filter(pk=user.pk).values_list("scope_version", flat=True).first() or 0
        user.__dict__.pop("_mahalleh_scope", None)


def _parent_changed(path: str) -> Any:
    """A receiver for a place or agency saved again: its users' scopes name its province."""

    def receiver(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
        if not created:
            invalidate_scopes(User.objects.filter(**{f"role_assignments__{path}": instance.pk}))

    return receiver


_on_agency = _parent_changed("agency")
_on_county = _parent_changed("county")
_on_neighborhood = _parent_changed("neighborhood")


def connect() -> None:
    from mahalleh.agencies.models import Agency
    from mahalleh.places.models import County, Neighborhood

    post_save.connect(_role_changed, sender=RoleAssignment, dispatch_uid="scope-role-saved")
    post_delete.connect(_role_changed, sender=RoleAssignment, dispatch_uid="scope-role-deleted")
    post_save.connect(_on_agency, sender=Agency, dispatch_uid="scope-agency-saved")
    post_save.connect(_on_county, sender=County, dispatch_uid="scope-county-saved")
    post_save.connect(_on_neighborhood, sender=Neighborhood, dispatch_uid="scope-neighborhood-saved")
