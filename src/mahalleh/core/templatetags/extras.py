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


@register.simple_tag(takes_context=True)
def object_links(context: template.Context, obj: Any) -> list[dict[str, str]]:
    """The buttons other apps registered for this object's page that its reader is offered
    (``core.registry.object_links``)."""
    from mahalleh.core.registry import links_for

    request = context.get("request")
    user = getattr(request, "user", None)
    return [{"label": link.label, "url": link.url(obj), "testid": link.testid} for link in links_for(obj, user)]


@register.simple_tag(takes_context=True)
def object_panels(context: template.Context, obj: Any) -> list[dict[str, Any]]:
    """The cards other apps registered for this object's page, each with what it shows its reader
    (``core.registry.object_panels``); ``includes/object_panels.html`` renders them."""
    from mahalleh.core.registry import panels_for

    request = context.get("request")
    if request is None:
        return []
    return [{"key": panel.key, "template": panel.template, "context": ctx} for panel, ctx in panels_for(obj, request.user)]
