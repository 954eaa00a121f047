"""Writes to the places registry: one service each, atomic, as its actor, within the actor's scope."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.forms import ModelForm

from mahalleh.core.actors import Actor
from mahalleh.core.services import DomainError, acts, idempotent, save_form
from mahalleh.places.models import Neighborhood


@acts
@idempotent
@transaction.atomic
def neighborhood_save(*, form: ModelForm[Neighborhood], actor: Actor, idempotency_key: uuid.UUID | None = None) -> Neighborhood:
    """Create or edit a neighborhood from a validated ``NeighborhoodForm``: its city must be of its
    county; a stale version, or a neighborhood outside the actor's scope, writes nothing."""
    new = form.instance
    if new.city is not None and new.city.county_id != new.county_id:
        raise DomainError("شهر انتخاب‌شده از شهرستان این محله نیست.")
    return save_form(form=form, actor=actor)
