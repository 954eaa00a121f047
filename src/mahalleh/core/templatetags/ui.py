"""Template filters for the shared page includes: ``bs`` (Bootstrap form widgets, includes/field.html) and
``history_rows`` (the readable before/after rows of AuditEntries, includes/history.html). ``{% load ui %}``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, cast

from django import forms, template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.safestring import SafeString

from mahalleh.core.jalali import format_jalali, format_jalali_datetime
from mahalleh.core.text import to_persian_digits

register = template.Library()

# Widgets rendered as a list of options; their inputs are styled by the template, not by one class.
_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)
# Bookkeeping columns that say nothing to a reader of the history.
_HIDDEN_FIELDS = {"id", "created_at", "updated_at", "version"}


def bootstrap_class(widget: forms.Widget) -> str:
    """The Bootstrap class a widget's element needs: form-check-input, form-select or form-control."""
    if isinstance(widget, _CHOICE_LISTS):
        return ""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def bs(field: forms.BoundField) -> SafeString:
    """The widget's HTML with its Bootstrap class added (and ``is-invalid`` when the field has errors)."""
    widget = field.field.widget
    classes = [widget.attrs.get("class", ""), bootstrap_class(widget)]
    attrs: dict[str, str | bool] = {}
    if field.errors:
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    attrs["class"] = " ".join(c for c in classes if c)
    return field.as_widget(attrs=attrs)


def _model_field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    """The field an audit key names; audit snapshots use attnames (``county_id``)."""
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


def display_value(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    """A snapshot value as a reader should see it: choice labels, بله/خیر, Jalali dates, Persian digits."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return format_jalali_datetime(datetime.datetime.fromisoformat(value))
        except ValueError:
            pass
    elif isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return format_jalali(datetime.date.fromisoformat(value))
        except ValueError:
            pass
    if isinstance(value, list):
        value = "، ".join(str(v) for v in value)
    return to_persian_digits(str(value))


@register.simple_tag(takes_context=True)
def history_rows(context: template.Context, entries: Iterable[Any]) -> list[tuple[Any, list[tuple[str, str, str]]]]:
    """Each AuditEntry with its readable changes: (field label, before, after) per changed field, bookkeeping
    fields left out, a foreign key shown by the name of what it points to. The names are read in one query
    per related model, through its scope where it has one (what the reader may not see stays «#id»)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    changed = []
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        fields = []
        for name, before, after in entry.changed_fields():
            if name in _HIDDEN_FIELDS or name.endswith("_normalized"):
                continue
            field = _model_field(model, name)
            if isinstance(field, models.ForeignKey):
                wanted[_target(field)].update(str(v) for v in (before, after) if v not in (None, ""))
            fields.append((field, name, before, after))
        changed.append((entry, fields))
    names = {related: _names(related, ids, user) for related, ids in wanted.items()}

    def shown(value: Any, field: models.Field[Any, Any] | None) -> str:
        if isinstance(field, models.ForeignKey) and value not in (None, ""):
            return names[_target(field)].get(str(value)) or to_persian_digits(f"#{value}")
        return display_value(value, field)

    return [
        (entry, [(str(field.verbose_name) if field is not None else name, shown(before, field), shown(after, field))
                 for field, name, before, after in fields])
        for entry, fields in changed
    ]


def _target(field: models.ForeignKey[Any, Any]) -> type[models.Model]:
    return cast("type[models.Model]", field.related_model)  # resolved once apps are loaded, never "self"


def _names(model: type[models.Model], ids: set[str], user: Any) -> dict[str, str]:
    queryset: Any = model._default_manager.all()
    if hasattr(queryset, "restrict"):
        queryset = queryset.restrict(user)  # nobody (no request) reaches nothing
    return {str(obj.pk): str(obj) for obj in queryset.filter(pk__in=ids)}
