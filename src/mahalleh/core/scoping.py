"""The one way a read depends on who asks.

Every model a user can see has a manager built on ``ScopedQuerySet`` and a classmethod
``scope_q(scope, action) -> Q`` that says which rows a scope reaches. Pages and the API call
``Model.objects.restrict(user, action)``; an object outside it is a 404 (``get_scoped_or_404``).
A user's ``Scope`` is built once per request from their role assignments (accounts app).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.http import Http404

VIEW = "view"
CHANGE = "change"


@dataclass(frozen=True)
class Scope:
    """What a user reaches: the union of their role assignments."""

    is_global: bool = False  # superuser or national HQ reading across provinces
    can_write_global: bool = False  # superuser only
    roles: frozenset[str] = frozenset()
    province_ids: frozenset[int] = frozenset()  # provinces reached through any role
    county_ids: frozenset[int] = frozenset()  # counties of county staff
    agency_ids: frozenset[int] = frozenset()  # agencies of focal points and partners
    neighborhood_ids: frozenset[int] = frozenset()  # neighborhoods of neighborhood managers
    # Roles per province, for rules like "only the secretariat edits the registry".
    province_roles: dict[int, frozenset[str]] = field(default_factory=dict)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def provinces_with(self, *roles: str) -> frozenset[int]:
        return frozenset(p for p, rs in self.province_roles.items() if rs.intersection(roles))


NOBODY = Scope()


class Scoped(Protocol):
    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q: ...


# Scopes already built in this process, by the user's ``scope_key()`` (id, scope version, ...): a request
# finds its user's scope without a query. The version is raised in the database whenever the scope would
# change (accounts.signals), so an entry is never stale, only unused; the oldest go first when full.
_SCOPES: OrderedDict[tuple[Any, ...], Scope] = OrderedDict()
SCOPE_CACHE_SIZE = 4096


def scope_of(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_mahalleh_scope", None)
    if cached is None:
        key = user.scope_key()
        cached = _SCOPES.get(key)
        if cached is None:
            cached = _SCOPES[key] = user.build_scope()
            while len(_SCOPES) > SCOPE_CACHE_SIZE:
                _SCOPES.popitem(last=False)
        user._mahalleh_scope = cached
    return cached


def forget_scopes() -> None:
    """Empty this process's scope cache (tests, whose rolled-back databases reuse ids)."""
    _SCOPES.clear()


M = TypeVar("M", bound=models.Model)


# Sent after ``ScopedQuerySet.update`` with ``pks``, the rows it changed, when anyone listens for the model
# (accounts raises the scope versions of the users whose roles reach a moved agency or place).
rows_updated = Signal()


class ScopedQuerySet(models.QuerySet[M]):
    def update(self, **kwargs: Any) -> int:
        if not rows_updated.has_listeners(self.model):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            rows_updated.send(sender=self.model, pks=pks)
        return count

    def restrict(self, user: Any, action: str = VIEW) -> ScopedQuerySet[M]:
        return self.within(scope_of(user), action)

    def within(self, scope: Scope, action: str = VIEW) -> ScopedQuerySet[M]:
        """``restrict`` for a scope already in hand (a prepared query builds from a stand-in scope)."""
        if scope == NOBODY:  # also a user with no roles, or a stand-in for one
            return self.none()
        if scope.can_write_global or (scope.is_global and action == VIEW):
            return self
        q = self.model.scope_q(scope, action)  # type: ignore[attr-defined]
        return self.filter(q)


def get_scoped_or_404(queryset: Any, user: Any, action: str = VIEW, **lookup: Any) -> Any:
    try:
        return queryset.restrict(user, action).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def can(user: Any, action: str, obj: models.Model) -> bool:
    return type(obj)._default_manager.restrict(user, action).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]


NONE_Q = Q(pk__in=[])
