"""Adopting the suggested allocation (issue 12, item 5): the secretariat adopts what the page showed."""

from __future__ import annotations

import uuid

from django.db import transaction

from mahalleh.agencies.services import allocation_adopt
from mahalleh.core.actors import Actor
from mahalleh.core.scoping import scope_of
from mahalleh.core.services import DomainError, NotAllowed, acts
from mahalleh.places.models import Province
from mahalleh.reports.matching import PlanPeriod, suggest_for

CHANGED = ("نیازها یا ظرفیت‌ها از زمانی که این پیشنهاد نمایش داده شد تغییر کرده‌اند و پیشنهاد دیگری شده است؛ "
           "پیشنهاد تازه را ببینید و دوباره تصویب کنید.")


@acts
@transaction.atomic
def suggestion_adopt(*, province: Province, period: PlanPeriod, fingerprint: str, actor: Actor,
                     idempotency_key: uuid.UUID | None = None) -> uuid.UUID:
    """Solve again and adopt the result, when it is the one the secretariat was shown (``fingerprint``):
    replaces the province's allocation adopted before for the same period; the same form twice is once."""
    if not scope_of(actor).decides_for_province(province.pk):
        raise NotAllowed("تخصیص ظرفیت‌ها را دبیرخانه استان تصویب می‌کند؛ شما اجازه آن را ندارید.")
    suggestion = suggest_for(province, period)
    if suggestion.fingerprint != fingerprint:
        from mahalleh.agencies.models import Allocation

        if idempotency_key and Allocation.objects.filter(province=province, batch=idempotency_key).exists():
            return idempotency_key  # adopted by this very form already (the numbers now count it)
        raise DomainError(CHANGED)
    return allocation_adopt(province=province, year=period.year, horizon=period.horizon, part=period.part,
                            rows=suggestion.rows, actor=actor, batch=idempotency_key)
