"""Model instances made from columns already read with ``values_list``, for the big read-only lists.

``QuerySet`` iteration runs ``Model.__init__`` over every field of every object (and of every object
reached through ``select_related``); for a few hundred rows of four models that costs more than the
query itself. Here the columns are read as bare tuples and each object is made by filling its
``__dict__``, as ``Model.from_db`` would leave it. The fields not read are deferred: reading one still
works, at one query per object (the lists read only what their templates and the API show).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models.base import ModelState

M = TypeVar("M", bound=models.Model)


class Columns(Generic[M]):
    """The fields of ``model`` a list reads (``"id"`` included), and how to make an instance from them."""

    def __init__(self, model: type[M], *names: str) -> None:
        self.model = model
        self.names = names
        # A foreign key is read as its id and kept under its attribute name (``meeting_id``).
        self.attnames = tuple(_concrete(model, n).attname for n in names)

    def __len__(self) -> int:
        return len(self.names)

    def lookups(self, prefix: str = "") -> list[str]:
        """The ``values_list`` lookups reading these fields through ``prefix`` (``"resolution__meeting__"``)."""
        return [prefix + n for n in self.names]

    def build(self, values: Sequence[Any], db: str, **related: models.Model | None) -> M:
        """An instance loaded from database ``db`` with ``values`` for these fields (the others deferred)
        and ``related`` objects cached on its foreign keys (``meeting=...``, as ``select_related`` leaves
        them). No ``pre_init``/``post_init`` signal is sent: the objects are for display."""
        obj = self.model.__new__(self.model)
        state = ModelState.__new__(ModelState)
        # What ModelState would hold once loaded; ``fields_cache`` is where Django keeps related objects.
        state.__dict__ = {"db": db, "adding": False, "fields_cache": related}
        fields = dict(zip(self.attnames, values, strict=True))
        fields["_state"] = state
        obj.__dict__ = fields
        return obj

    def shared(self, built: dict[Any, Any], values: Sequence[Any], db: str, **related: models.Model | None) -> M:
        """The instance already built for this row's id in ``built``, else a new one kept there: rows that
        come from the same meeting (agency, body) share one object, as they share one row."""
        obj = built.get(values[0])
        if obj is None:
            obj = built[values[0]] = self.build(values, db, **related)
        return obj


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field
