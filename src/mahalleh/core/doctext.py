"""Text helpers for reading documents: markup stripping, digit and letter keys, dates written in prose. Shared by the minutes parser and the deadline parser."""

from __future__ import annotations

import datetime
import html
import re

import jdatetime

from mahalleh.core.jalali import MONTHS, WEEKDAYS

# Same-length maps: a normalized copy keeps every offset of the original, so a match found on the
# normalized text can be cut out of the text as written.
_SAME_LEN = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ہ": "ه",
        "ە": "ه",
        "ۀ": "ه",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "\u200c": " ",
        "\u200f": " ",
        "\u200e": " ",
        "\xa0": " ",
        "\u202b": " ",
        "\u202c": " ",
        "٫": "/",
        **{p: str(i) for i, p in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{a: str(i) for i, a in enumerate("٠١٢٣٤٥٦٧٨٩")},
    }
)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

_WEEKDAY_KEYS = {w.replace("\u200c", ""): w for w in WEEKDAYS}
WEEKDAY_RE = r"(?:یک\s*شنبه|دو\s*شنبه|سه\s*شنبه|چهار\s*شنبه|پنج\s*شنبه|شنبه|جمعه)"

MONTH_RE = "(?:" + "|".join(MONTHS) + ")"


def norm(text: str) -> str:
    """Normalize letters, ZWNJ and digits without changing the length (offsets stay valid)."""
    return text.translate(_SAME_LEN)


def latin_digits(text: str) -> str:
    return text.translate(_DIGITS)


def squash(text: str) -> str:
    """Collapse whitespace (including ZWNJ-free runs of spaces) and trim."""
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def key(text: str) -> str:
    """A comparison key: normalized letters and digits, no ZWNJ, single spaces."""
    return squash(norm(text).replace("ـ", ""))


_TAG = re.compile(r"<[^<>]{0,400}>")


def strip_markup(text: str) -> str:
    """Remove HTML tags and entities and Markdown emphasis/heading marks; keep the words."""
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = re.sub(r"^\s*>\s+", "", text)
    return squash(text)


def weekday_canonical(text: str) -> str | None:
    """«پنج شنبه» / «پنجشنبه» / «سه‌شنبه» → the canonical name, or None."""
    k = key(text).replace(" ", "")
    return _WEEKDAY_KEYS.get(k)


_DATE = re.compile(r"(?<!\d)(\d{2,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})(?!\d)")
_TEXT_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:ام\s+)?(" + MONTH_RE + r")\s*(?:ماه\s*)?(?:سال\s*)?(\d{4})(?!\d)"
)


def _valid(y: int, m: int, d: int) -> datetime.date | None:
    if y < 100:
        y += 1400 if y < 50 else 1300
    if not (1300 <= y <= 1500 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    try:
        gregorian: datetime.date = jdatetime.date(y, m, d).togregorian()
        return gregorian
    except ValueError:
        return None


def find_date(text: str) -> tuple[datetime.date, int] | None:
    """The first Jalali date written in ``text`` (1401/04/23, 23/04/1401, «۲۳ تیر ۱۴۰۱») and its offset."""
    t = norm(text)
    found: list[tuple[int, datetime.date]] = []
    for m in _DATE.finditer(t):
        a, b, c = (int(g) for g in m.groups())
        la, lc = len(m.group(1)), len(m.group(3))
        g = None
        if la == 4 or (la == 2 and lc <= 2):
            g = _valid(a, b, c)
        elif lc == 4:
            g = _valid(c, b, a)
        if g:
            found.append((m.start(), g))
            break
    for m in _TEXT_DATE.finditer(t):
        g = _valid(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
        if g:
            found.append((m.start(), g))
            break
    if not found:
        return None
    pos, g = min(found)
    return g, pos


def jalali_str(d: datetime.date | None) -> str | None:
    if d is None:
        return None
    j = jdatetime.date.fromgregorian(date=d)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


_TIME = re.compile(
    r"(?<!\d)(\d{1,2})(?:\s*[:/.]\s*(\d{1,2}))?(?!\d)(?:\s*(صبح|ظهر|بعد\s*از\s*ظهر|بعدازظهر|عصر|شب))?"
)


def parse_time(text: str) -> str | None:
    """«۷/۳۰» → 07:30, «۹ صبح» → 09:00, «۴ عصر» → 16:00; None when no plausible time."""
    t = norm(text)
    m = _TIME.search(t)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    part = (m.group(3) or "").replace(" ", "")
    if part in ("بعدازظهر", "عصر", "شب") and h < 12:
        h += 12
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None
    return f"{h:02d}:{mi:02d}"


_INT = re.compile(r"^\s*[(\[]?\s*(\d{1,3})\s*[)\].\-ـ–:]?\s*$")


def as_int(cell: str) -> int | None:
    """The integer a table cell holds, if the cell is only a (small) number."""
    m = _INT.match(norm(strip_markup(cell)))
    return int(m.group(1)) if m else None


_LIST_MARK = re.compile(r"^\s*(?:[-–—•*▪●○]\s*)?(?:\(?(\d{1,3})\s*[-.)ـ–:]\s*|\(?(\d{1,3})\)\s*)")


def list_marker(line: str) -> tuple[int | None, str] | None:
    """Split a numbered or bulleted list line into (number, rest); None when not a list line."""
    t = norm(line)
    m = _LIST_MARK.match(t)
    if m and (m.group(1) or m.group(2)):
        num = int(m.group(1) or m.group(2))
        rest = line[m.end() :]
        # «- ۱- ...»: a bullet then a number; already consumed. A second number is text.
        return num, rest
    m2 = re.match(r"^\s*[-–—•*▪●○]\s+", t)
    if m2:
        return None if not line[m2.end() :].strip() else (None, line[m2.end() :])
    return None


# Cardinal number words as they appear in deadlines and times («ده روز», «ساعت ده صبح»).
NUMBER_WORDS = {
    "یک": 1,
    "دو": 2,
    "سه": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
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
    "بیست": 20,
    "سی": 30,
    "چهل": 40,
    "پنجاه": 50,
    "شصت": 60,
    "نود": 90,
}
