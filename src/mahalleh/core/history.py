"""The display side of ``core.audit``: an object's change history as a person reads it.

Audit rows keep raw values (attnames, ids, ISO dates, stored file paths): the log stays a faithful record
and a label renamed later is shown renamed everywhere. They are turned into Persian here, when shown:

- a field by its ``verbose_name``; a field that has none (a hash, a cached derived value) is bookkeeping
  and not shown, nor are ``id``, ``version``, ``created_at``/``updated_at`` and JSON blobs;
- a value as the forms show it: a choice by its label, a foreign key by the related object's name (read
  through the reader's scope, one query per related model; what the reader may not see is said so, never
  an id), dates and times Jalali with Persian digits, booleans «بله»/«خیر», numbers with «٬» and «٫», a
  stored file by its own name only (in ``<bdi>``), many-to-many changes as the names added or removed;
- a named event's details by the labels its app registered; a detail nobody labelled is not shown.

An app tells what the defaults cannot in ``history_formats`` (a ``core.registry.Registry``, filled in its
``AppConfig.ready()``), one ``HistoryFormat`` per model keyed ``"app_label.model"``::

    history_formats.register(HistoryFormat(key="meetings.meeting", labels={"count": "تعداد دستگاه‌ها"}))
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.html import format_html

from mahalleh.core.jalali import format_jalali, format_jalali_datetime
from mahalleh.core.registry import Registry
from mahalleh.core.templatetags.persian import format_number
from mahalleh.core.text import to_persian_digits
from mahalleh.core.times import format_time_fa

EMPTY = "—"
UNSEEN = "(خارج از دسترس شما)"  # a related object the reader may not see, or one deleted since
MAX_CHARS = 120
# Bookkeeping columns that say nothing to a reader.
HIDDEN_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})
M2M_VERBS = {"added": "افزوده شد", "removed": "برداشته شد", "cleared": "همه برداشته شد"}


@dataclass(frozen=True)
class HistoryFormat:
    """What a model's history needs beyond the defaults.

    ``labels``: Persian labels of fields or event details (they override ``verbose_name``); a detail of a
    named event is shown only when labelled here or when it names a field of the model.
    ``values``: a formatter per field or detail, from the stored value to the text shown.
    ``hidden``: fields or details never shown.
    ``title``: the field whose value names one of these objects in another object's history (an
    assignment on its resolution's page is «تکلیف: <agency>»); ``noun`` what one is called there, when
    the model's ``verbose_name`` is not Persian.
    """

    key: str
    labels: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    title: str = ""
    noun: str = ""
    order: int = 100


history_formats: Registry[HistoryFormat] = Registry("history_formats")
_NO_FORMAT = HistoryFormat(key="")


def format_of(model: type[models.Model] | None) -> HistoryFormat:
    if model is None:
        return _NO_FORMAT
    key = model._meta.label_lower
    return next((f for f in history_formats if f.key == key), _NO_FORMAT)


@dataclass(frozen=True)
class Change:
    """One shown line of an entry: ``before`` is None when there is nothing to strike out (a create, an
    event, a many-to-many change), ``after`` is None for a delete."""

    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class HistoryRow:
    entry: Any  # core.models.AuditEntry
    subject: str  # what the entry is about when it is not the page's own object («تکلیف: شهرداری کرج»)
    changes: list[Change]


def _model_field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    """The field an audit key names; snapshots use attnames (``county_id``)."""
    if model is None:
        return None
    for f in model._meta.concrete_fields:
        if name in (f.attname, f.name):
            return f
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _has_label(f: models.Field[Any, Any]) -> bool:
    """Django fills a missing verbose_name from the name («source sha256»): such a field was never meant
    to be read by a person."""
    return str(f.verbose_name) != f.name.replace("_", " ")


def _short(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def file_display(value: Any) -> str:
    """A stored file as its own name, isolated so a Latin name does not garble the Persian line."""
    name = str(value or "").replace("\\", "/").rsplit("/", 1)[-1]
    if not name:
        return EMPTY
    return format_html('<bdi class="file-name">{}</bdi>', _short(name))


def value_display(value: Any, f: models.Field[Any, Any] | None = None) -> str:
    """A stored snapshot value as the forms show it (without foreign keys, which need a query)."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if f is not None and f.choices:
        labels = {str(k): str(v) for k, v in f.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(f, models.FileField):
        return file_display(value)
    if isinstance(value, str):
        parsed = _temporal(value, f)
        if parsed:
            return parsed
    if isinstance(value, int | float | decimal.Decimal):  # (bool is handled above)
        return format_number(value, group=abs(decimal.Decimal(value)) >= 10000)
    if isinstance(value, list):
        return _short("، ".join(value_display(v) for v in value))
    return _short(to_persian_digits(str(value)))


def _temporal(value: str, f: models.Field[Any, Any] | None) -> str:
    """An ISO date, datetime or time (a field of that type, or an event detail that looks like one)."""
    try:
        if isinstance(f, models.DateTimeField) or (f is None and "T" in value and len(value) >= 19):
            return format_jalali_datetime(datetime.datetime.fromisoformat(value))
        if isinstance(f, models.DateField) or (f is None and len(value) == 10 and value[4:5] == "-"):
            return format_jalali(datetime.date.fromisoformat(value))
        if isinstance(f, models.TimeField):
            return format_time_fa(datetime.time.fromisoformat(value))
    except ValueError:
        return ""
    return ""


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The Persian label of a field (or of a field named in an event detail), or "" when it has none."""
    fmt = format_of(model)
    if name in fmt.labels:
        return fmt.labels[name]
    f = _model_field(model, name)
    if f is None and model is not None:
        try:
            rel = model._meta.get_field(name)
        except FieldDoesNotExist:
            return ""
        return str(getattr(rel, "verbose_name", "")) if isinstance(rel, models.ManyToManyField) else ""
    return str(f.verbose_name) if f is not None and _has_label(f) else ""


def _target(f: models.Field[Any, Any]) -> type[models.Model]:
    return cast("type[models.Model]", f.related_model)  # resolved once apps are loaded, never "self"


def _m2m(model: type[models.Model] | None, key: str) -> tuple[models.ManyToManyField[Any, Any], str] | None:
    """``axes.added`` → (the ``axes`` field, "added")."""
    name, _, verb = key.rpartition(".")
    if model is None or verb not in M2M_VERBS:
        return None
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return (f, verb) if isinstance(f, models.ManyToManyField) else None


@dataclass
class _Pending:
    """A line waiting for the names of the related objects it mentions."""

    label: str
    kind: str  # "field", "fk", "m2m", "fields"
    before: Any
    after: Any
    field: Any = None
    target: type[models.Model] | None = None
    formatter: Callable[[Any], str] | None = None


def _pending_lines(entry: Any, model: type[models.Model] | None) -> list[_Pending]:
    fmt = format_of(model)
    lines: list[_Pending] = []
    if entry.action == "event":
        for name, value in sorted((entry.after or {}).items()):
            label = field_label(model, name)
            if not label or name in fmt.hidden or value in (None, "", []):
                continue  # a detail nobody labelled (an id, a count of something unnamed) says nothing
            lines.append(_line(model, fmt, name, label, None, value))
        return lines
    for name, before, after in entry.changed_fields():
        if name in HIDDEN_FIELDS or name in fmt.hidden:
            continue
        m2m = _m2m(model, name)
        if m2m is not None:
            rel, verb = m2m
            label = f"{fmt.labels.get(rel.name, str(rel.verbose_name))}: {M2M_VERBS[verb]}"
            lines.append(_Pending(label=label, kind="m2m", before=None, after=after, target=_target(rel)))
            continue
        f = _model_field(model, name)
        if f is None or isinstance(f, models.JSONField) or not (name in fmt.labels or _has_label(f)):
            continue
        if entry.action == "create" and after in (None, "", [], False) and name not in fmt.labels:
            continue  # an empty field of a new object: nothing happened to it
        label = field_label(model, name)
        lines.append(_line(model, fmt, name, label, before if entry.action == "update" else None,
                           before if entry.action == "delete" else after, deleted=entry.action == "delete"))
    return lines


def _line(model: type[models.Model] | None, fmt: HistoryFormat, name: str, label: str, before: Any, after: Any,
          deleted: bool = False) -> _Pending:
    f = _model_field(model, name)
    formatter = fmt.values.get(name)
    if formatter is None and isinstance(f, models.ForeignKey):
        line = _Pending(label=label, kind="fk", before=before, after=after, field=f, target=_target(f))
    else:
        line = _Pending(label=label, kind="field", before=before, after=after, field=f, formatter=formatter)
    if deleted:
        line.before, line.after = line.after, _DELETED
    return line


_DELETED = object()


def history_rows(entries: Iterable[Any], user: Any, *, subject_of: Any = None) -> list[HistoryRow]:
    """Each AuditEntry as a ``HistoryRow`` of Persian lines. Related names are read in one query per
    related model, through its scope where it has one (nobody without a request reaches anything).
    Entries about another object than ``subject_of`` get a subject naming it."""
    entries = list(entries)
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    pending: list[tuple[Any, type[models.Model] | None, list[_Pending]]] = []
    own_ct = ContentType.objects.get_for_model(subject_of) if isinstance(subject_of, models.Model) else None
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        lines = _pending_lines(entry, model)
        title = format_of(model).title
        if own_ct is not None and entry.content_type_id != own_ct.pk and title:
            values = entry.after or entry.before or {}
            lines.insert(0, _line(model, format_of(model), title, "", None, values.get(title)
                                  if title in values else values.get(f"{title}_id")))
        for line in lines:
            if line.target is not None:
                for v in (line.before, line.after):
                    for pk in v if isinstance(v, list) else [v]:
                        if pk not in (None, "", _DELETED):
                            wanted[line.target].add(str(pk))
        pending.append((entry, model, lines))
    names = {related: _names(related, ids, user) for related, ids in wanted.items()}

    def shown(line: _Pending, value: Any) -> str | None:
        if value is _DELETED:
            return None
        if line.kind in ("fk", "m2m") and line.target is not None:
            if value in (None, "", []):
                return EMPTY
            found = names[line.target]
            return _short("، ".join(found.get(str(pk), UNSEEN) for pk in (value if isinstance(value, list) else [value])))
        if line.formatter is not None:
            return line.formatter(value)
        return value_display(value, line.field)

    rows = []
    for entry, model, lines in pending:
        subject = ""
        if own_ct is not None and entry.content_type_id != own_ct.pk and model is not None:
            subject = format_of(model).noun or str(model._meta.verbose_name)
            if lines and lines[0].label == "":
                title_line = lines.pop(0)
                subject = format_html("{}: {}", subject, shown(title_line, title_line.after) or EMPTY)
        changes = [Change(label=line.label, before=None if line.before is None else shown(line, line.before),
                          after=shown(line, line.after)) for line in lines]
        rows.append(HistoryRow(entry=entry, subject=subject, changes=changes))
    return rows


def _names(model: type[models.Model], ids: set[str], user: Any) -> dict[str, str]:
    queryset: Any = model._default_manager.all()
    if hasattr(queryset, "restrict"):
        queryset = queryset.restrict(user)  # nobody (no request) reaches nothing
    return {str(obj.pk): _name(obj) for obj in queryset.filter(pk__in=ids)}


def _name(obj: models.Model) -> str:
    """A person by their name (a user name is theirs as typed); anything else by its name, digits Persian."""
    if hasattr(obj, "get_full_name") and hasattr(obj, "get_username"):
        return str(obj.get_full_name() or obj.get_username())
    return to_persian_digits(str(obj))


def history_of(instance: models.Model, related: Sequence[models.Model] = (), limit: int = 50) -> list[Any]:
    """The newest ``limit`` entries of ``instance`` and of the ``related`` objects shown on its page (a
    resolution's assignments, reports and attachments), which the caller has read through the scope."""
    from mahalleh.core.models import AuditEntry

    by_type: dict[int, set[str]] = defaultdict(set)
    for obj in (instance, *related):
        by_type[ContentType.objects.get_for_model(obj, for_concrete_model=True).pk].add(str(obj.pk))
    q = Q()
    for ct, ids in by_type.items():
        q |= Q(content_type_id=ct, object_id__in=ids)
    return list(AuditEntry.objects.filter(q).select_related("actor", "content_type")[:limit])

