"""Persian ordinal numbers both ways, 1..999: «چهاردهمین» ⇄ 14.

Minutes number meetings in words («بیست و یکمین جلسه»), so both the adjective form (…مین) and the
plain form (…م) are read, with any spacing, ZWNJ and Arabic letters.
"""

from __future__ import annotations

import functools
import re

from mahalleh.core.text import normalize, to_latin_digits

MAX_ORDINAL = 999

_UNITS = ["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]
_TENS = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
_HUNDREDS = ["", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]

# Other spellings met in letters, accepted when reading only.
_VARIANTS = {
    "هجده": ["هیجده"],
    "هفده": ["هیفده"],
    "پانزده": ["پونزده"],
    "صد": ["یکصد"],
    "شش": ["شیش"],
}


def _cardinal_parts(n: int) -> list[str]:
    """The words of a cardinal 1..999, to be joined by « و »."""
    parts = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(_HUNDREDS[hundreds])
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        if tens:
            parts.append(_TENS[tens])
        if units:
            parts.append(_UNITS[units])
    return parts


def _ordinal_word(word: str) -> str:
    """«سه» → «سوم», «سی» → «سی‌ام», otherwise add «م»."""
    if word == "سه":
        return "سوم"
    if word == "سی":
        return "سی\u200cام"
    return word + "م"


def int_to_ordinal(n: int, *, adjective: bool = True) -> str:
    """«چهاردهمین» (or «چهاردهم» with ``adjective=False``) for 1..999; 1 is «اولین» / «اول»."""
    if not isinstance(n, int) or not 1 <= n <= MAX_ORDINAL:
        raise ValueError(f"عدد ترتیبی فقط برای ۱ تا ۹۹۹ ساخته می‌شود، نه {n!r}.")
    if n == 1:
        return "اولین" if adjective else "اول"
    parts = _cardinal_parts(n)
    parts[-1] = _ordinal_word(parts[-1])
    text = " و ".join(parts)
    return text + "ین" if adjective else text


def _key(text: str) -> str:
    """Comparison key: normalized, every space and ZWNJ removed."""
    return re.sub(r"\s+", "", normalize(text))


@functools.cache
def _table() -> dict[str, int]:
    table: dict[str, int] = {}
    for n in range(1, MAX_ORDINAL + 1):
        parts = _cardinal_parts(n)
        spellings = [[p, *_VARIANTS.get(p, [])] for p in parts]
        combos: list[list[str]] = [[]]
        for options in spellings:
            combos = [[*c, o] for c in combos for o in options]
        for combo in combos:
            last = _ordinal_word(combo[-1])
            lasts = [last, "اول"] if combo[-1] == "یک" else [last]  # «بیست و اولین» occurs too
            for end in lasts:
                plain = _key("و".join([*combo[:-1], end]))
                table.setdefault(plain, n)
                table.setdefault(plain + "ین", n)
    table.update({"اول": 1, "اولین": 1, "نخست": 1, "نخستین": 1, "یکم": 1, "یکمین": 1})
    return table


_DIGITS = re.compile(r"^(\d{1,3})-?(امین|ام|مین|م)$")


def ordinal_to_int(word: str | None) -> int | None:
    """14 for «چهاردهمین», «چهاردهم», «چهارده‌مین» or «۱۴ام»; ``None`` when ``word`` is no ordinal."""
    if not word:
        return None
    key = _key(word)
    if key in _table():
        return _table()[key]
    if m := _DIGITS.match(to_latin_digits(key)):
        n = int(m.group(1))
        return n if 1 <= n <= MAX_ORDINAL else None
    return None
