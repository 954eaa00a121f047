"""Writes of indicator values (issue 12, item 7): one service, atomic, audited, as its actor, within the
actor's scope (the neighborhood's local roles and the province's secretariat)."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.forms import ModelForm
from django.utils import timezone

from mahalleh.core.actors import Actor
from mahalleh.core.services import DomainError, acts, idempotent, save_form
from mahalleh.reports.models import IndicatorValue

FUTURE = "تاریخ اندازه‌گیری نمی‌تواند پس از امروز باشد؛ مقدار آینده را با نوع «هدف» ثبت کنید."
TWICE = "برای این شاخص در این محله، مقدار «{kind}» در همین تاریخ پیش‌تر ثبت شده است؛ همان را ویرایش کنید."
RETIRED = "این شاخص از فهرست شاخص‌های فعال خارج شده است."


@acts
@idempotent
@transaction.atomic
def indicator_value_save(*, form: ModelForm[IndicatorValue], actor: Actor,
                         idempotency_key: uuid.UUID | None = None) -> IndicatorValue:
    """Record or correct a value of an indicator in a neighborhood (``IndicatorValueForm``): a measurement
    is of a day that has come, one value of a kind per indicator, neighborhood and day, only of an active
    indicator when new; a stale version or a neighborhood outside the actor's scope writes nothing."""
    value = form.instance
    if value.pk is None and not value.indicator.is_active:
        raise DomainError(RETIRED)
    if value.kind == IndicatorValue.Kind.MEASURED and value.date > timezone.localdate():
        raise DomainError(FUTURE)
    twin = IndicatorValue.objects.filter(indicator=value.indicator, neighborhood=value.neighborhood,
                                         kind=value.kind, date=value.date).exclude(pk=value.pk)
    if twin.exists():
        raise DomainError(TWICE.format(kind=value.get_kind_display()))
    if value.pk is None:
        value.recorded_by = actor if getattr(actor, "pk", None) else None
    return save_form(form=form, actor=actor)
