"""What every service shares: the domain errors, the acting user, permission checks and version claims.

A service is a function ``<entity>_<verb>(*, ..., actor)``: keyword-only, atomic, it checks
``restrict(actor, CHANGE)`` with ``require`` and raises a ``DomainError`` whose Persian message the view
shows on the form. ``acts`` runs it as ``actor`` so the audit rows written by the model signals name who
did it; ``bump_version`` claims the version an edit form was loaded at (optimistic locking);
``idempotent`` makes a create answer a replayed form with the object it already created.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.forms import BaseModelForm
from django.utils import timezone

from mahalleh.core.actors import Actor, AnyUser
from mahalleh.core.context import acting_as, current
from mahalleh.core.models import IdempotencyKey
from mahalleh.core.scoping import CHANGE

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)

CONFLICT = "این رکورد در این فاصله توسط کاربر دیگری ویرایش شده است؛ صفحه را دوباره بارگذاری کنید و تغییرات خود را دوباره اعمال کنید."
NOT_ALLOWED = "شما اجازه این کار را ندارید."
GONE = "این فرم پیش‌تر ارسال شده و آنچه ثبت کرد دیگر وجود ندارد؛ فرم را از نو باز کنید."


class DomainError(Exception):
    """A rule of the domain was broken; the message is Persian and shown to the user as is."""

    def __init__(self, message_fa: str) -> None:
        super().__init__(message_fa)
        self.message_fa = message_fa

    def __str__(self) -> str:
        return self.message_fa


class ConflictError(DomainError):
    """Someone else saved the same record since the form was loaded (optimistic locking)."""

    def __init__(self, message_fa: str = CONFLICT) -> None:
        super().__init__(message_fa)


class NotAllowed(DomainError):
    """The acting user may not do this to this object (outside their scope or role)."""

    def __init__(self, message_fa: str = NOT_ALLOWED) -> None:
        super().__init__(message_fa)


def acts(func: Callable[P, R]) -> Callable[P, R]:
    """Run the service as its ``actor`` (keyword argument) so the audit rows name who did it."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = kwargs.get("actor")
        acting = current()
        if acting is not None and acting.user == actor:
            return func(*args, **kwargs)
        with acting_as(actor, request_id=acting.request_id if acting else None):
            return func(*args, **kwargs)

    return wrapper


def require(obj: models.Model, actor: AnyUser | None, message: str = NOT_ALLOWED, action: str = CHANGE) -> None:
    """Refuse with ``NotAllowed(message)`` unless ``obj`` is within what ``actor`` may ``action``."""
    manager: Any = type(obj)._default_manager
    if not manager.restrict(actor, action).filter(pk=obj.pk).exists():
        raise NotAllowed(message)


def bump_version(obj: models.Model, version: int | None, message: str = CONFLICT) -> int:
    """Claim version ``version`` of ``obj`` with one conditional UPDATE; return the version written.

    ``UPDATE ... SET version = version + 1 WHERE id = %s AND version = %s`` holds the row lock until
    commit, so of two concurrent saves of the same version exactly one updates a row; the other gets
    ``ConflictError`` and writes nothing.
    """
    model: Any = type(obj)
    if version is None or not model._base_manager.filter(pk=obj.pk, version=version).update(version=F("version") + 1):
        raise ConflictError(message)
    return version + 1  # the version the row has now


def replayed(key: uuid.UUID, actor: AnyUser | None) -> models.Model | None:
    """The object created earlier under ``key`` by ``actor``, or None when the key is new."""
    row = IdempotencyKey.objects.select_related("content_type").filter(key=key).first()
    if row is None:
        return None
    if row.user_id != getattr(actor, "pk", None):
        raise NotAllowed()
    model = row.content_type.model_class() if row.content_type else None
    obj = model._default_manager.filter(pk=row.object_id).first() if model and row.object_id else None
    if obj is None:
        raise DomainError(GONE)
    return obj


def _claim(key: uuid.UUID, user_id: int | None) -> int | None:
    """Insert ``key`` unless it is there: the new row's id, or None when another request holds it.

    One ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, and SQLite since 3.35): no
    savepoint, no read before. On PostgreSQL an insert that meets another transaction's uncommitted
    row of the same key waits for it to end, so None means that request has committed (or this one
    inserts after it rolled back)."""
    field = IdempotencyKey._meta.get_field("key")
    created = IdempotencyKey._meta.get_field("created_at")
    connection = transaction.get_connection(IdempotencyKey.objects.db)
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(IdempotencyKey._meta.db_table)} ({quote('key')}, {quote('user_id')}, "
           f"{quote('object_id')}, {quote('created_at')}) VALUES (%s, %s, '', %s) "
           f"ON CONFLICT ({quote('key')}) DO NOTHING RETURNING {quote('id')}")
    params = [field.get_db_prep_value(key, connection), user_id,
              created.get_db_prep_value(timezone.now(), connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def idempotent(func: Callable[P, M]) -> Callable[P, M]:
    """Make a create service idempotent on its ``idempotency_key`` keyword (None: no key, always creates).

    The key is inserted first (unique; ``_claim``), then the create runs, then the key records what it
    created, in one transaction. A replay finds the key taken and returns that object; a concurrent
    second submit waits on the unique index until the first commits and is answered with the first's
    object. Goes outside ``@transaction.atomic`` so a failed create rolls its claim back too.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> M:
        key = kwargs.get("idempotency_key")
        if key is None:
            return func(*args, **kwargs)
        key = key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
        actor = cast("AnyUser | None", kwargs.get("actor"))  # every service takes its actor by keyword
        with transaction.atomic():
            claim = _claim(key, getattr(actor, "pk", None))
            if claim is None:
                done = replayed(key, actor)  # taken: by a replay, or by a request that has committed
                if done is None:
                    raise IntegrityError(f"idempotency key {key} is held but names nothing")
                return cast(M, done)  # claimed by this same service: an object of its type
            obj = func(*args, **kwargs)
            IdempotencyKey.objects.filter(pk=claim).update(
                content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk))
            return obj

    return wrapper


def parse_key(value: str | None) -> uuid.UUID | None:
    """An API client's ``Idempotency-Key`` header as a key; None when absent or not a UUID."""
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@acts
@idempotent
@transaction.atomic
def save_form(*, form: BaseModelForm[M], actor: Actor, idempotency_key: uuid.UUID | None = None) -> M:
    """Save a validated ModelForm as ``actor``, atomically: a stale ``version`` is refused instead of
    overwriting, and the saved object must lie within what ``actor`` may change (a create included),
    else nothing is written. A create with ``idempotency_key`` is made once (see ``idempotent``)."""
    instance: Any = form.instance  # Any: ``version`` is a field of most models, not of ``M``
    if instance.pk is not None:
        require(instance, actor)
        if "version" in form.fields:
            expected = form.cleaned_data.get("version")
            instance.version = bump_version(instance, expected)  # what the claim wrote; the save below keeps it
    obj = form.save()
    require(obj, actor)  # a create, or an edit that moved the object, out of the actor's scope
    return obj
