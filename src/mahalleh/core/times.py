"""Times of day as written in Persian minutes and invitations: «۷/۳۰», «۷:۳۰», «۹ صبح», «۱۵»."""

from __future__ import annotations

import datetime
import re

from mahalleh.core.text import normalize, to_latin_digits, to_persian_digits


class TimeParseError(ValueError):
    """Text that is not a time of day."""


_TIME = re.compile(r"^(\d{1,2})(?:\s*[:/.٫]\s*(\d{1,2}))?(?:\s*و\s*(نیم|ربع))?\s*(.*)$")
# Part of day → how an hour written 1..12 maps to 0..23.
_MORNING = {"صبح", "بامداد", "قبل از ظهر", "قبلازظهر", "ق ظ", "am"}
_AFTERNOON = {"بعد از ظهر", "بعدازظهر", "ب ظ", "عصر", "pm"}
_NOON = {"ظهر"}
_NIGHT = {"شب"}


def _error(text: str) -> TimeParseError:
    return TimeParseError(f"ساعت نامعتبر است: «{text}». نمونه‌ی درست: ۹:۳۰ یا ۹ صبح یا ۱۵")


def parse_time_fa(text: str) -> datetime.time:
    """Read a time of day with any digits; «ساعت» before and «صبح/ظهر/عصر/شب» after are understood.

    «۷/۳۰» and «۷:۳۰» are 07:30, «۹ صبح» 09:00, «۳ عصر» 15:00, «۱۲ ظهر» 12:00, «۱۰ شب» 22:00,
    «۷ و نیم» 07:30. Raises ``TimeParseError`` with a Persian message.
    """
    raw = str(text or "")
    t = to_latin_digits(normalize(raw)).lower()
    t = re.sub(r"^ساعت\s*", "", t).strip()
    m = _TIME.match(t)
    if not m:
        raise _error(raw)
    hour = int(m.group(1))
    minute = int(m.group(2) or 0)
    if m.group(3) == "نیم":
        minute += 30
    elif m.group(3) == "ربع":
        minute += 15
    part = re.sub(r"\s+", " ", m.group(4).replace(".", " ")).strip()
    if part:
        if part in _MORNING:
            if hour > 12:
                raise _error(raw)
            hour = 0 if hour == 12 else hour
        elif part in _AFTERNOON:
            hour = hour + 12 if 1 <= hour < 12 else hour
        elif part in _NOON:
            hour = hour + 12 if 1 <= hour <= 4 else hour
        elif part in _NIGHT:
            # «۱۰ شب» is 22:00, «۱۲ شب» midnight, «۲ شب» is 02:00 (after midnight).
            hour = 0 if hour == 12 else hour + 12 if 6 <= hour < 12 else hour
        else:
            raise _error(raw)
        if hour > 23:
            raise _error(raw)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _error(raw)
    return datetime.time(hour, minute)


def format_time_fa(t: datetime.time | None) -> str:
    """«۰۷:۳۰»; empty for ``None``."""
    return "" if t is None else to_persian_digits(f"{t:%H:%M}")
