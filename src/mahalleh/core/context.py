"""Who is acting and in which request: set by the middleware, by commands and by tasks."""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Acting:
    user: Any | None
    request_id: str


_current: contextvars.ContextVar[Acting | None] = contextvars.ContextVar("mahalleh_acting", default=None)


def current() -> Acting | None:
    return _current.get()


@contextlib.contextmanager
def acting_as(user: Any | None, request_id: str | None = None) -> Iterator[Acting]:
    acting = Acting(user=user, request_id=request_id or f"cli-{uuid.uuid4().hex[:12]}")
    token = _current.set(acting)
    try:
        yield acting
    finally:
        _current.reset(token)


def identify(user: Any) -> None:
    """Name the actor of the rest of this request once it is known later than the middleware (the API's
    token auth). The middleware's ``acting_as`` resets the variable when the request ends."""
    acting = _current.get()
    _current.set(Acting(user=user, request_id=acting.request_id if acting else f"api-{uuid.uuid4().hex[:12]}"))
