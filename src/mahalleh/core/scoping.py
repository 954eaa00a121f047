"""The one way a read depends on who asks.

Every model a user can see has a manager built on ``ScopedQuerySet`` (``ScopedManager``, or a subclass's
``as_manager()``) and a classmethod ``scope_q(scope, action) -> Q`` that says which rows a scope reaches,
for every role, national HQ included: it alone decides. Pages and the API call
``Model.objects.restrict(user, action)``; an object outside it is a 404 (``get_scoped_or_404``).
A user's ``Scope`` is built from their role assignments (accounts app) once per request, with one small
query, and kept only on that request's user object: nothing outlives the request, so nothing can be stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, Self, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

from mahalleh.core.actors import AnyUser
from mahalleh.core.roles import Role

VIEW = "view"
CHANGE = "change"


@dataclass(frozen=True)
class Scope:
    """What a user reaches: the union of their role assignments."""

    is_global: bool = False  # superuser or national HQ: reads across provinces (what each scope_q allows)
    can_write_global: bool = False  # superuser only: every row, every action
    roles: frozenset[str] = frozenset()
    province_ids: frozenset[int] = frozenset()  # provinces reached through any role
    county_ids: frozenset[int] = frozenset()  # counties of county staff
    agency_ids: frozenset[int] = frozenset()  # agencies of focal points and partners
    neighborhood_ids: frozenset[int] = frozenset()  # neighborhoods of neighborhood managers
    # Roles per province, for rules like "only the secretariat edits the registry".
    province_roles: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def is_national(self) -> bool:
        """National HQ: reads the records of every province, but no one's personal data."""
        return Role.NATIONAL in self.roles

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def provinces_with(self, *roles: str) -> frozenset[int]:
        return frozenset(p for p, rs in self.province_roles.items() if rs.intersection(roles))

    def decides_for_province(self, province_id: int | None) -> bool:
        """Whether this scope speaks for the province: its secretariat, or the superuser."""
        return self.can_write_global or (province_id is not None and province_id in self.provinces_with(Role.SECRETARIAT))


NOBODY = Scope()
ALL_Q = Q()  # every row (national HQ reading a province-level record)
NONE_Q = Q(pk__in=[])


class Scoped(Protocol):
    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q: ...


def scope_of(user: AnyUser | None) -> Scope:
    """The user's scope, built on first use in a request and kept on that user object only (a request's
    user lives for one request; ``RoleAssignment`` and ``User`` writes drop it from the object they hold)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    scope = getattr(user, "_mahalleh_scope", None)
    if scope is None:
        owner: Any = user  # ``build_scope`` is accounts.User's, an app the kernel does not import
        scope = owner._mahalleh_scope = owner.build_scope()
    return cast(Scope, scope)


def forget_scope(user: AnyUser | None) -> None:
    """Drop the scope kept on this user object: what it reaches has just changed."""
    if user is not None:
        user.__dict__.pop("_mahalleh_scope", None)


M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M]):
    def restrict(self, user: AnyUser | None, action: str = VIEW) -> Self:
        return self.within(scope_of(user), action)

    def within(self, scope: Scope, action: str = VIEW) -> Self:
        """``restrict`` for a scope already in hand."""
        if scope == NOBODY:  # also a user with no roles
            return self.none()
        if scope.can_write_global:
            return self
        model = cast(Scoped, self.model)
        return self.filter(model.scope_q(scope, action))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_scoped_or_404(queryset: models.QuerySet[M], user: AnyUser, action: str = VIEW, **lookup: Any) -> M:
    scoped = cast(ScopedQuerySet[M], queryset)  # every scoped model's manager builds a ScopedQuerySet
    try:
        return scoped.restrict(user, action).get(**lookup)
    except ObjectDoesNotExist as exc:  # the model's DoesNotExist
        raise Http404 from exc


def can(user: AnyUser, action: str, obj: models.Model) -> bool:
    manager = cast(ScopedQuerySet[Any], type(obj)._default_manager)
    return manager.restrict(user, action).filter(pk=obj.pk).exists()
