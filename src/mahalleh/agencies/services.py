"""Writes to the agency registry: each one service, atomic, as its actor, within the actor's scope."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.forms import ModelForm

from mahalleh.agencies.models import Agency, AgencyAlias
from mahalleh.core.actors import Actor
from mahalleh.core.services import DomainError, acts, idempotent, require, save_form

NOT_YOURS = "ویرایش دستگاه‌های این استان با دبیرخانه استان است؛ شما اجازه آن را ندارید."


@acts
@transaction.atomic
def agency_set_aliases(*, agency: Agency, names: list[str], actor: Actor) -> None:
    """Make the agency's aliases exactly ``names`` (as written), adding and removing rows so each change is audited."""
    require(agency, actor, NOT_YOURS)
    wanted = dict.fromkeys(n.strip() for n in names if n.strip())
    for alias in agency.aliases.all():
        if alias.name not in wanted:
            alias.delete()
        else:
            wanted.pop(alias.name)
    for name in wanted:
        AgencyAlias.objects.create(agency=agency, name=name)


@acts
@idempotent
@transaction.atomic
def agency_save(*, form: ModelForm[Agency], actor: Actor, idempotency_key: uuid.UUID | None = None) -> Agency:
    """Create or edit an agency from a validated ``AgencyForm`` with its aliases, in one transaction:
    a stale version or an agency outside the actor's scope writes nothing, aliases included."""
    new = form.instance
    if new.county is not None and new.county.province_id != new.province_id:
        raise DomainError("شهرستان انتخاب‌شده از استان این دستگاه نیست.")
    agency = save_form(form=form, actor=actor)
    agency_set_aliases(agency=agency, names=form.cleaned_data.get("aliases_text", "").splitlines(), actor=actor)
    return agency
