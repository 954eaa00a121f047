"""How the JSON API answers bad input: a Persian message, never a server error.

``install(api)`` adds the handlers to the one ``NinjaAPI`` (``config/api.py``):

- a parameter or body that does not validate (ninja's 422): the same list of errors, each ``msg`` in Persian;
- a broken domain rule (``core.services.DomainError``) that an endpoint did not turn into its own answer: 400;
- input the database or Python could not hold (``OverflowError``, ``DataError``, Django's
  ``ValidationError``): 400. Endpoints bound their input at the source (schemas, filter sets,
  ``core.pagination``); this is the net under them, logged so that a new hole is seen.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from mahalleh.core.services import DomainError
from mahalleh.core.templatetags.persian import fa_int

logger = logging.getLogger(__name__)

OUT_OF_RANGE = "مقدار واردشده پذیرفته نیست (خارج از بازهٔ مجاز یا نادرست)."


def persian_message(error: dict[str, Any]) -> str:
    """One pydantic error as a Persian sentence."""
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    limits = {
        "less_than_equal": ("حداکثر", "le"), "less_than": ("کمتر از", "lt"),
        "greater_than_equal": ("حداقل", "ge"), "greater_than": ("بیشتر از", "gt"),
    }
    if kind in limits and limits[kind][1] in ctx:
        word, key = limits[kind]
        return f"مقدار باید {word} {fa_int(ctx[key])} باشد."
    if kind == "string_too_long" and "max_length" in ctx:
        return f"متن حداکثر {fa_int(ctx['max_length'])} نویسه می‌پذیرد."
    if kind == "missing":
        return "این مقدار لازم است."
    if kind.startswith("int_"):
        return "باید یک عدد صحیح باشد."
    if kind.startswith("bool_"):
        return "باید true یا false باشد."
    if kind.startswith(("date_", "datetime_")):
        return "تاریخ نامعتبر است."
    if kind == "json_invalid":
        return "بدنهٔ درخواست JSON معتبر نیست."
    return "مقدار نامعتبر است."


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [{**e, "msg": persian_message(e)} for e in exc.errors]
        return api.create_response(request, {"detail": errors}, status=422)

    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=400)

    def out_of_range(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        logger.warning("API input not bounded at its source: %s %s", request.method, request.path,
                       exc_info=exc if isinstance(exc, BaseException) else True)
        return api.create_response(request, {"detail": OUT_OF_RANGE}, status=400)

    for kind in (OverflowError, DataError, DjangoValidationError):
        api.add_exception_handler(kind, out_of_range)
