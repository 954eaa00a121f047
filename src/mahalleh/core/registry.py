"""Registries: how a higher app hands its items to a lower one without the lower one importing it.

Each registry is filled in the ``ready()`` of the app that owns the items and read by the page or
assembly that shows them. Registering the same key again replaces the item (``ready()`` may run
twice in tests), so a key names one item for good. Items come back in ``order``, then key.

- ``api_routers``: the JSON API's routers; ``config.api`` mounts each under ``/api/<prefix>``.
- ``nav_entries``: the main menu of ``base.html`` (and the home page's cards), each entry shown to the
  users its ``visible`` names: the same predicate the page itself enforces, so no one is offered a page
  that refuses them or a form with nothing to choose.
- ``inbox_sections``: the sections of the inbox (``/meetings/inbox/``), each for the users it names.
- ``agenda_sources``: items other apps put on a newly scheduled meeting's agenda.
- ``object_links``: buttons other apps add to an object's page (the meeting page's minutes
  downloads are the minutes app's), shown by ``{% object_links object as links %}``.
- ``object_panels``: cards other apps add to an object's page (a problem's agenda items and
  resolutions are the meetings app's), shown by ``{% include "includes/object_panels.html" %}``.

What an app audits is no registry but a declaration on its ``AppConfig`` (see ``core.audit``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from mahalleh.core.actors import AnyUser
from mahalleh.core.scoping import NOBODY, scope_of


class Keyed(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


T = TypeVar("T", bound=Keyed)


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        self._items[item.key] = item
        return item

    def unregister(self, key: str) -> None:
        self._items.pop(key, None)

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._items.values(), key=lambda item: (item.order, item.key)))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self._items)}>"


def everyone(user: AnyUser) -> bool:
    return True


def has_role(user: AnyUser) -> bool:
    """Signed in with a role (or the superuser): the lists a role reads are scoped, so anyone with one
    may open them; without one every list is empty and the menu offers none."""
    return scope_of(user) != NOBODY


@dataclass(frozen=True)
class ApiRouter:
    """A django-ninja ``Router`` mounted at ``/api/<prefix>/``; ``key`` is the app label."""

    key: str
    prefix: str
    router: Any
    order: int = 100


@dataclass(frozen=True)
class NavEntry:
    """One link of the main menu. ``active`` says which paths light it: a prefix, or ``exact`` the
    path itself. ``visible(user)`` says who sees it (whoever has a role, unless told): give it the
    predicate the page's view refuses with, not a copy of its rule. With a ``description`` the entry
    is also a card on the home page."""

    key: str
    label: str
    path: str
    order: int = 100
    exact: bool = False
    active: str = ""
    visible: Callable[[AnyUser], bool] = has_role
    description: str = ""

    def is_active(self, request_path: str) -> bool:
        if self.exact:
            return request_path == self.path
        return (self.active or self.path) in request_path


@dataclass(frozen=True)
class InboxSection:
    """A section of the inbox: ``rows(user)`` gives what the user has to act on, in the order shown,
    and ``template`` renders them (it gets ``rows`` and ``section``); ``empty`` is said when there are
    none. ``visible(user)`` says whose work the section is (an agency's focal point, the secretariat):
    the others are not shown it, not even empty."""

    key: str
    title: str
    template: str
    rows: Callable[[AnyUser], Sequence[Any]]
    empty: str = ""
    order: int = 100
    visible: Callable[[AnyUser], bool] = has_role


@dataclass(frozen=True)
class AgendaSource:
    """Offers items for a meeting that is being scheduled: ``offer(body=, date=)`` returns the texts,
    which go after the generated review and before the typed items."""

    key: str
    offer: Callable[..., Sequence[str]]
    order: int = 100
    label: str = field(default="")


@dataclass(frozen=True)
class ObjectLink:
    """A button on the page of every object of ``model`` (an app label and model name,
    ``"meetings.meeting"``): ``url(obj)`` is where it goes; ``testid`` names it for tests."""

    key: str
    model: str
    label: str
    url: Callable[[Any], str]
    order: int = 100
    testid: str = ""
    # Who is offered the button on this object: the predicate the linked page refuses with.
    visible: Callable[[AnyUser, Any], bool] = field(default=lambda user, obj: True)


@dataclass(frozen=True)
class ObjectPanel:
    """A card on the page of every object of ``model``: ``context(obj, user)`` reads what it shows
    (through the user's scope) and ``template`` renders it (it gets ``panel``, that dict, and ``object``);
    a context of ``None`` leaves the card out for this user."""

    key: str
    model: str
    template: str
    context: Callable[[Any, AnyUser], dict[str, Any] | None]
    order: int = 100


api_routers: Registry[ApiRouter] = Registry("api_routers")
nav_entries: Registry[NavEntry] = Registry("nav_entries")
inbox_sections: Registry[InboxSection] = Registry("inbox_sections")
agenda_sources: Registry[AgendaSource] = Registry("agenda_sources")
object_links: Registry[ObjectLink] = Registry("object_links")
object_panels: Registry[ObjectPanel] = Registry("object_panels")


def sections_for(user: AnyUser) -> list[InboxSection]:
    """The inbox sections that are this user's work, in order (none: the inbox is not theirs)."""
    return [section for section in inbox_sections if section.visible(user)]


def has_inbox(user: AnyUser) -> bool:
    """Whether any inbox section is this user's: the menu's «کارتابل» follows it."""
    return bool(sections_for(user))


def agenda_offers(*, body: Any, date: datetime.date) -> list[str]:
    """Every registered source's items for a meeting of ``body`` on ``date``, in the sources' order."""
    return [text for source in agenda_sources for text in source.offer(body=body, date=date)]


def links_for(obj: Any, user: AnyUser | None = None) -> list[ObjectLink]:
    """The registered buttons for ``obj``'s page, in order (those ``user`` is offered, when given)."""
    label = obj._meta.label_lower
    return [link for link in object_links if link.model == label and (user is None or link.visible(user, obj))]


def panels_for(obj: Any, user: AnyUser) -> list[tuple[ObjectPanel, dict[str, Any]]]:
    """The registered cards for ``obj``'s page that have something for ``user``, with what each shows."""
    label = obj._meta.label_lower
    shown = []
    for panel in object_panels:
        if panel.model == label and (ctx := panel.context(obj, user)) is not None:
            shown.append((panel, ctx))
    return shown
