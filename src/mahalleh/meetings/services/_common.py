"""What every meetings service shares: the acting user, permission checks and version bumps."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import models
from django.db.models import F

from mahalleh.core.context import acting_as, current
from mahalleh.core.scoping import CHANGE
from mahalleh.meetings.errors import ConflictError, NotAllowed

P = ParamSpec("P")
R = TypeVar("R")

CONFLICT_MEETING = "این جلسه در این فاصله توسط کاربر دیگری ویرایش شده است؛ صفحه را دوباره بارگذاری کنید."
CONFLICT_RESOLUTION = "این مصوبه در این فاصله توسط کاربر دیگری ویرایش شده است؛ صفحه را دوباره بارگذاری کنید."


def acts(func: Callable[P, R]) -> Callable[P, R]:
    """Run the service as its ``actor`` so the audit rows written by signals name who did it."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = kwargs.get("actor")
        acting = current()
        if acting is not None and acting.user == actor:
            return func(*args, **kwargs)
        with acting_as(actor, request_id=acting.request_id if acting else None):
            return func(*args, **kwargs)

    return wrapper


def require(obj: models.Model, actor: Any, message: str, action: str = CHANGE) -> None:
    """Refuse with ``NotAllowed(message)`` unless ``obj`` is within what ``actor`` may ``action``."""
    manager: Any = type(obj)._default_manager
    if not manager.restrict(actor, action).filter(pk=obj.pk).exists():
        raise NotAllowed(message)


def bump_version(obj: models.Model, version: int, message: str) -> None:
    """Claim version ``version`` of ``obj`` with one conditional UPDATE.

    ``UPDATE ... SET version = version + 1 WHERE id = %s AND version = %s`` holds the row lock until
    commit, so of two concurrent saves of the same version exactly one updates a row; the other
    gets ``ConflictError`` and writes nothing.
    """
    model: Any = type(obj)
    if version is None or not model._base_manager.filter(pk=obj.pk, version=version).update(version=F("version") + 1):
        raise ConflictError(message)
