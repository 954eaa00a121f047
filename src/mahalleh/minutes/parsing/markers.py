"""List markers and spelled-out clock times the shared ``core.doctext`` helpers do not read."""

from __future__ import annotations

import re

from mahalleh.core.doctext import NUMBER_WORDS, list_marker, norm, parse_time

# «الف)», «ب-», «ج)»: lettered items. A single letter needs «)» or «-» after it, then a space,
# so a word that happens to start a line («و ...», «ب ...») is never taken for a marker.
_LETTER_MARK = re.compile(r"^\s*\(?(الف|[بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])\s*[)\-–]\s+")

_HOURS = {word: n for word, n in NUMBER_WORDS.items() if n <= 12}
_WORD_TIME = re.compile(
    r"(?<!\S)(" + "|".join(sorted(_HOURS, key=len, reverse=True)) + r")(\s+و\s+نیم)?"
    r"\s+(صبح|ظهر|بعد\s*از\s*ظهر|بعدازظهر|عصر|شب)(?!\S)"
)


def item_marker(line: str) -> tuple[int | None, str] | None:
    """Like ``list_marker`` but also reads lettered items («الف)», «ب)»), which have no number."""
    found = list_marker(line)
    if found:
        return found
    m = _LETTER_MARK.match(norm(line))
    return (None, line[m.end() :]) if m else None


def read_time(text: str) -> str | None:
    """«۱۶:۳۰», «۹ صبح», and spelled-out hours: «ساعت ده صبح» → 10:00, «چهار و نیم عصر» → 16:30."""
    found = parse_time(text)
    if found:
        return found
    m = _WORD_TIME.search(norm(text))
    if not m:
        return None
    hour, minute = _HOURS[m.group(1)], 30 if m.group(2) else 0
    if m.group(3).replace(" ", "") in ("بعدازظهر", "عصر", "شب") and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"
