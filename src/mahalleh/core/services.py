"""Generic writes used by the registries' edit pages."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Model

from mahalleh.core.context import acting_as, current


class DomainError(Exception):
    """A rule of the domain was broken; the message is Persian and shown to the user."""


class ConcurrentEditError(DomainError):
    def __init__(self, message: str = "این رکورد در این فاصله توسط کاربر دیگری ویرایش شده است؛ "
                 "صفحه را دوباره بارگذاری کنید و تغییرات خود را دوباره اعمال کنید.") -> None:
        super().__init__(message)


def _acting(actor: Any) -> Any:
    acting = current()
    if acting is not None and acting.user == actor:
        return transaction.atomic()  # the request already names the actor
    return _Both(actor)


class _Both:
    def __init__(self, actor: Any) -> None:
        self.ctx = acting_as(actor)
        self.tx = transaction.atomic()

    def __enter__(self) -> None:
        self.ctx.__enter__()
        self.tx.__enter__()

    def __exit__(self, *exc: Any) -> None:
        try:
            self.tx.__exit__(*exc)
        finally:
            self.ctx.__exit__(*exc)


def save_form(*, form: Any, actor: Any) -> Model:
    """Save a validated ModelForm atomically, refusing a stale ``version`` instead of overwriting."""
    with _acting(actor):
        instance = form.instance
        expected = form.cleaned_data.get("version") if "version" in form.fields else None
        if expected is not None and instance.pk is not None:
            model = type(instance)
            bumped = model._base_manager.filter(pk=instance.pk, version=expected).update(version=F("version") + 1)
            if not bumped:
                raise ConcurrentEditError()
            instance.version = expected + 1
        return form.save()
