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
