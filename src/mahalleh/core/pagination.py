"""The API's pages (``NINJA_PAGINATION_CLASS``): ``limit``/``offset`` as ninja's, both bounded.

Ninja leaves ``offset`` unbounded and ``limit`` bounded only by ``NINJA_PAGINATION_MAX_LIMIT``; a value
past what the database's LIMIT/OFFSET take (a signed 64-bit integer) failed there with a server error
(SQLite ``OverflowError``, PostgreSQL ``NumericValueOutOfRange``). Bounded here, it is a 422 like any
other invalid parameter.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema, pagination
from ninja.conf import settings

# The largest OFFSET either database accepts; any offset past the rows gives an empty page anyway.
MAX_OFFSET = 2**63 - 1


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.PAGINATION_PER_PAGE, ge=1, le=int(settings.PAGINATION_MAX_LIMIT))
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=int(settings.PAGINATION_MAX_LIMIT), **kwargs)
