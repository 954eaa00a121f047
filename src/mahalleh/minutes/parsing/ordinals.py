"""Ordinal words («چهاردهمین», «بیست و یکمین») to numbers.

Prefers ``mahalleh.core.ordinals.ordinal_to_int`` (the kernel's); this small fallback keeps the parser
working while that module does not exist or does not know a form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mahalleh.core.doctext import key

_UNITS = {"یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9}
_TEENS = {
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "سیزده": 13,
    "چهارده": 14,
    "پانزده": 15,
    "پونزده": 15,
    "شانزده": 16,
    "هفده": 17,
    "هجده": 18,
    "هیجده": 18,
    "نوزده": 19,
}
_TENS = {"بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90}
_HUNDREDS = {"صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500}
_SPECIAL = {"اولین": 1, "نخستین": 1, "اول": 1, "نخست": 1, "یکم": 1, "دوم": 2, "سوم": 3, "سیوم": 3}
_ALL = {**_UNITS, **_TEENS, **_TENS, **_HUNDREDS}


def cardinal_to_int(text: str) -> int | None:
    """«بیست و پنج» → 25, «۱۴» → 14; None when not a number word."""
    t = key(text).replace("\u200c", " ")
    if re.fullmatch(r"\d{1,4}", t):
        return int(t)
    parts = [p for p in re.split(r"\s+و\s+|\s+", t) if p]
    if not parts:
        return None
    total = 0
    for p in parts:
        if p not in _ALL:
            return None
        total += _ALL[p]
    return total


def _fallback(text: str) -> int | None:
    t = key(text).replace("\u200c", " ").replace("|", " ")  # «|» is the marker below; a stray one is text
    t = re.sub(r"\s*(مین|امین|ام)$", lambda m: "|" + m.group(1), t)
    if "|" not in t:
        return _SPECIAL.get(t)
    stem, suffix = t.split("|")
    stem = stem.strip()
    if stem in _SPECIAL:
        return _SPECIAL[stem]
    # «سومین», «اولین», «یکمین» drop a letter or keep the ordinal stem.
    for special, value in _SPECIAL.items():
        if stem.endswith(" " + special):
            head = cardinal_to_int(stem[: -len(special)].rstrip(" و").strip())
            return head + value if head else None
    if suffix == "مین" and stem.endswith("سو"):
        stem = stem[:-2] + "سه"
    return cardinal_to_int(stem)


def ordinal_to_int(text: str) -> int | None:
    """The number an ordinal word means, or None."""
    core_ordinal: Callable[[str], int | None] | None
    try:
        from mahalleh.core.ordinals import ordinal_to_int as core_ordinal
    except ImportError:
        core_ordinal = None
    if core_ordinal is not None:
        try:
            value = core_ordinal(text)
        except Exception:  # the kernel's helper is preferred, but never fatal here
            value = None
        if isinstance(value, int) and value > 0:
            return value
    return _fallback(text)
