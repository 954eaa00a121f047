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


@register.simple_tag
def object_links(obj: Any) -> list[dict[str, str]]:
    """The buttons other apps registered for this object's page (``core.registry.object_links``)."""
    from mahalleh.core.registry import links_for

    return [{"label": link.label, "url": link.url(obj), "testid": link.testid} for link in links_for(obj)]
