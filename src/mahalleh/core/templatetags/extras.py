"""Small template helpers that are not about Persian display."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def event_label(event: str) -> str:
    from mahalleh.core.audit import event_label as label

    return label(event)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None
