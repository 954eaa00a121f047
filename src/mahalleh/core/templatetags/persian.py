"""Template filters for Persian display: ``jdate``, ``jdt``, ``fa``, ``fa_int``, ``fa_num``, ``fa_percent``,
``ordinal``; ``format_number`` is the one number formatter, for Python code too.

``{% load persian %}`` then ``{{ meeting.date|jdate }}`` → «۱۴۰۱/۰۴/۲۳», ``{{ d|jdate:"long" }}`` →
«پنجشنبه ۲۳ تیر ۱۴۰۱», ``{{ created_at|jdt }}`` → «۱۴۰۱/۰۴/۲۳ ساعت ۱۸:۳۰», ``{{ 12345|fa_int }}`` →
«۱۲٬۳۴۵», ``{{ 14|ordinal }}`` → «چهاردهمین».
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from mahalleh.core.jalali import format_jalali, format_jalali_datetime, format_jalali_long
from mahalleh.core.ordinals import int_to_ordinal
from mahalleh.core.text import to_latin_digits, to_persian_digits

register = template.Library()

THOUSANDS_SEPARATOR = "٬"  # U+066C, the Persian thousands separator
DECIMAL_SEPARATOR = "٫"  # U+066B


@register.filter
def jdate(value: Any, arg: str = "") -> str:
    """A date (or datetime, taken in Tehran time) as a Jalali date; ``"long"`` spells the month."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.date):
        return str(value)
    if arg == "long":
        return format_jalali_long(value)
    return format_jalali(value)


@register.filter
def jdt(value: Any) -> str:
    """A datetime as «۱۴۰۱/۰۴/۲۳ ساعت ۱۸:۳۰» in Tehran time; a plain date as ``jdate``."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return format_jalali_datetime(value)
    if isinstance(value, datetime.date):
        return format_jalali(value)
    return str(value)


@register.filter
def fa(value: Any) -> str:
    """Any value with Persian digits."""
    if value is None:
        return ""
    return to_persian_digits(value)


def format_number(value: Any, *, group: bool = True, places: int | None = None) -> str:
    """The one way a number is shown: Persian digits, «٬» between thousands (unless ``group`` is off,
    for years and serial numbers), «٫» before decimals (``places`` of them, else as many as it has).
    Text that is not a number comes back with its digits made Persian."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(to_latin_digits(str(value)).replace(",", "").replace(THOUSANDS_SEPARATOR, "")
                         .replace(DECIMAL_SEPARATOR, ".").strip())
    except InvalidOperation:
        return to_persian_digits(value)
    if not number.is_finite():
        return to_persian_digits(value)
    comma = "," if group else ""
    if places is not None:
        text = f"{number:{comma}.{places}f}"
    elif number == number.to_integral_value():
        text = f"{int(number):{comma}}"
    else:
        text = f"{number.normalize():{comma}f}"
    return to_persian_digits(text.replace(",", THOUSANDS_SEPARATOR).replace(".", DECIMAL_SEPARATOR))


@register.filter
def fa_int(value: Any) -> str:
    """A number with Persian digits and thousands separators: 12345 → «۱۲٬۳۴۵», 1234.5 → «۱٬۲۳۴٫۵»."""
    return format_number(value)


@register.filter
def fa_num(value: Any, arg: str = "") -> str:
    """``format_number`` in a template: ``{{ x|fa_num }}``, ``{{ x|fa_num:1 }}`` (one decimal),
    ``{{ year|fa_num:"plain" }}`` (no thousands separator: years, serial numbers)."""
    if arg == "plain":
        return format_number(value, group=False)
    return format_number(value, places=int(arg) if arg.isdigit() else None)


@register.filter
def fa_percent(value: Any, places: int | str = 0) -> str:
    """A percentage: 45 → «۴۵٪», 12.345 with ``fa_percent:1`` → «۱۲٫۳٪»."""
    if value is None or value == "":
        return ""
    text = format_number(value, places=int(places) or None if str(places).isdigit() else None)
    return f"{text}٪" if text else ""


@register.filter
def ordinal(value: Any, arg: str = "") -> str:
    """14 → «چهاردهمین»; ``ordinal:"plain"`` gives «چهاردهم»; a value with no Persian ordinal is shown as is."""
    try:
        n = int(to_latin_digits(str(value)))
        return int_to_ordinal(n, adjective=arg != "plain")
    except (TypeError, ValueError):
        return to_persian_digits(value) if value is not None else ""
