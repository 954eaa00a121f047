"""Writes to the bodies (headquarters and working groups) registry."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.forms import ModelForm

from mahalleh.accounts.models import User
from mahalleh.core.services import acts, idempotent, save_form
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import Body


@acts
@idempotent
@transaction.atomic
def body_save(*, form: ModelForm[Body], actor: User, idempotency_key: uuid.UUID | None = None) -> Body:
    """Create or edit a body from a validated ``BodyForm``: its county and parent are of its province;
    a stale version, or a body outside the actor's scope, writes nothing."""
    new = form.instance
    if new.county is not None and new.county.province_id != new.province_id:
        raise MeetingsError("شهرستان انتخاب‌شده از استان این نهاد نیست.")
    if new.parent is not None and new.parent.province_id != new.province_id:
        raise MeetingsError("نهاد بالادست باید از همین استان باشد.")
    return save_form(form=form, actor=actor)
