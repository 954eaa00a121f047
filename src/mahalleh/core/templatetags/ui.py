"""Template filters for the shared page includes: ``bs`` (Bootstrap form widgets, includes/field.html) and
``history_rows`` (the readable before/after rows of AuditEntries, includes/history.html). ``{% load ui %}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from mahalleh.core.forms import CODE
from mahalleh.core.text import to_persian_digits

register = template.Library()

# Widgets rendered as a list of options; their inputs are styled by the template, not by one class.
_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def bootstrap_class(widget: forms.Widget) -> str:
    """The Bootstrap class a widget's element needs: form-check-input, form-select or form-control."""
    if isinstance(widget, _CHOICE_LISTS):
        return ""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


# Inputs whose value a person reads as typed by someone (never shown with other digits).
_OWN_WRITING = (forms.EmailInput, forms.URLInput, forms.PasswordInput, forms.HiddenInput)
_VALUE = re.compile(r'(\svalue=")([^"]*)(")')


@register.filter
def bs(field: forms.BoundField) -> SafeString:
    """The widget's HTML with its Bootstrap class added (and ``is-invalid`` when the field has errors).

    A number or a code made of digits («۲۱/۲۵/۵۱۲۷», a year, a population) is shown with Persian digits,
    in a text box (a browser's number box neither shows nor accepts them); forms read both digit sets
    (``core.forms``)."""
    widget = field.field.widget
    classes = [widget.attrs.get("class", ""), bootstrap_class(widget)]
    attrs: dict[str, str | bool] = {}
    if field.errors:
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    attrs["class"] = " ".join(c for c in classes if c)
    if isinstance(widget, forms.NumberInput):
        attrs["type"] = "text"
        attrs.setdefault("inputmode", "decimal")
    html = field.as_widget(attrs=attrs)
    if isinstance(widget, forms.widgets.Input) and not isinstance(widget, (*_OWN_WRITING, *_CHOICE_LISTS)):
        html = SafeString(_VALUE.sub(lambda m: m.group(1) + persian_code(m.group(2)) + m.group(3), html, count=1))
    return html


def persian_code(value: str) -> str:
    """A value made only of digits and separators with Persian digits; anything else as it is."""
    return to_persian_digits(value) if CODE.fullmatch(value) else value


@register.simple_tag(takes_context=True)
def history_rows(context: template.Context, entries: Iterable[Any], subject_of: Any = None) -> list[Any]:
    """The entries as ``core.history.HistoryRow``s: Persian labels and values, what each is about."""
    from mahalleh.core.history import history_rows as rows

    request = context.get("request")
    return rows(entries, getattr(request, "user", None), subject_of=subject_of)
