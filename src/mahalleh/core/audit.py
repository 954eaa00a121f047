"""Every create, update and delete of a domain model is written to AuditEntry in the same transaction.

Model signals catch every write that goes through ``save()``/``delete()`` (services, forms, the
admin); the actor and request come from ``core.context``. Services add named business events with
``record_event``. Bulk writes (the benchmark generator) bypass signals on purpose.

Which models are audited each app declares on its ``AppConfig``: ``audited_models = "__all__"``
(with ``audit_exclude`` naming the few left out, and why) or a tuple of model names. A project app
with models that declares nothing fails ``manage.py check`` (``core.checks``), so none is left out
silently. Apps outside the project (auth, tasks) declare nothing and are not audited.

Personal data an app keeps from the audit it declares too: ``audit_personal = {"problem":
("reporter_name", "reporter_mobile")}``. The audit row then says such a field was set, changed or
cleared (``PERSONAL_MARK`` or ``""``), never what it holds: the app's own read log is the one place
those values are read.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from mahalleh.core.context import current

if TYPE_CHECKING:
    from mahalleh.core.models import AuditEntry

ALL = "__all__"
BEFORE = "_audit_before"  # the row as pre_save read it, kept on the instance for post_save
SECRET_FIELDS = {"password", "key_hash"}
# Derived from other fields; logging them would only repeat the change.
DERIVED_FIELDS = {"name_normalized", "text_normalized", "search_text", "description_normalized"}
PERSONAL_MARK = "«داده شخصی»"


def is_audited(model: type[models.Model]) -> bool:
    meta = model._meta
    if meta.auto_created:
        return False
    declared = getattr(meta.app_config, "audited_models", None)
    if declared == ALL:
        return meta.model_name not in getattr(meta.app_config, "audit_exclude", ())
    return declared is not None and meta.model_name in declared


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def personal_fields(model: type[models.Model]) -> frozenset[str]:
    """The fields of ``model`` its app keeps out of the audit (``audit_personal``)."""
    meta = model._meta
    declared = getattr(meta.app_config, "audit_personal", None) or {}
    return frozenset(declared.get(meta.model_name, ()))


def snapshot(instance: models.Model) -> dict[str, Any]:
    data = {}
    personal = personal_fields(type(instance))
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name in DERIVED_FIELDS:
            continue
        value = getattr(instance, field.attname)
        if field.name in personal:
            # A change of the value still changes the mark's neighbour: keep a one-way digest, so
            # «changed» is seen without the value being readable.
            data[field.attname] = _personal_mark(value)
            continue
        data[field.attname] = _plain(value)
    return data


def _personal_mark(value: Any) -> str:
    if value in (None, ""):
        return ""
    import hashlib

    from django.conf import settings

    digest = hashlib.blake2s(str(value).encode(), key=settings.SECRET_KEY.encode()[:32], digest_size=4).hexdigest()
    return f"{PERSONAL_MARK} {digest}"


def _write(instance: models.Model, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None, event: str = "") -> None:
    from mahalleh.core.models import AuditEntry

    acting = current()
    actor = acting.user if acting else None
    AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        request_id=acting.request_id if acting else "",
        action=action,
        event=event,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        before=before,
        after=after,
    )


# Persian names of the business events services record; apps add theirs with ``register_event_labels``.
EVENT_LABELS: dict[str, str] = {"personal_data_denied": "خواندن داده شخصی بدون نقش لازم (رد شد)"}


def register_event_labels(labels: dict[str, str]) -> None:
    EVENT_LABELS.update(labels)


def event_label(event: str) -> str:
    return EVENT_LABELS.get(event, event)


def record_event(instance: models.Model, event: str, **details: Any) -> None:
    """A named business act ("resolution accepted") on an object, with its details."""
    _write(instance, "event", None, {k: _plain(v) for k, v in details.items()} or None, event=event)


def record_denied_read(instance: models.Model, *, what: str, hidden: int) -> None:
    """A read of personal data refused for lack of role (the page or API showed the object without it):
    a ``personal_data_denied`` event on the object whose data was withheld, naming what and how many."""
    record_event(instance, "personal_data_denied", what=what, hidden=hidden)


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not is_audited(sender):
        return
    setattr(instance, BEFORE, None)
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
        if old is not None:
            setattr(instance, BEFORE, snapshot(old))


def _post_save(sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not is_audited(sender):
        return
    before = getattr(instance, BEFORE, None)
    after = snapshot(instance)
    if created:
        _write(instance, "create", None, after)
    elif before != after:
        _write(instance, "update", before, after)


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if is_audited(sender):
        _write(instance, "delete", snapshot(instance), None)


def _m2m_changed(sender: Any, instance: models.Model, action: str, model: Any, pk_set: Any, **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"} or not is_audited(type(instance)):
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if getattr(instance, f.name).through is sender),
        sender._meta.model_name,
    )
    ids = sorted(pk_set or [])
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    _write(instance, "update", None, {f"{field}.{verb}": ids})


def connect_signals() -> None:
    pre_save.connect(_pre_save, dispatch_uid="audit_pre_save")
    post_save.connect(_post_save, dispatch_uid="audit_post_save")
    post_delete.connect(_post_delete, dispatch_uid="audit_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="audit_m2m")


def history(instance: models.Model) -> models.QuerySet[AuditEntry]:
    from mahalleh.core.models import AuditEntry

    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("actor")
