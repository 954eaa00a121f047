"""Persian text helpers: digit conversion, markup stripping and normalization for comparison.

``normalize`` is for comparing and searching only (agency names, duplicate detection, search
keys); stored text is never rewritten with it. ``strip_markup`` removes HTML and Markdown but keeps
the letters exactly as written, so it may be used for display.
"""

from __future__ import annotations

import html
import re
import unicodedata

ZWNJ = "\u200c"

_LATIN_DIGITS = "0123456789"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

_TO_LATIN = str.maketrans(_PERSIAN_DIGITS + _ARABIC_DIGITS, _LATIN_DIGITS * 2)
_TO_PERSIAN = str.maketrans(_LATIN_DIGITS + _ARABIC_DIGITS, _PERSIAN_DIGITS * 2)

# Letters typed on Arabic keyboards or produced by PDF extraction that Persian writes differently.
_LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ە": "ه",
        "ہ": "ه",
        "ۀ": "ه",
        "ة": "ه",
        "ـ": None,  # tatweel (kashida) only stretches a word
        "٫": ".",  # Arabic decimal separator
        "٬": ",",  # Arabic thousands separator
    }
)
# Harakat, hamza above/below (so «هٔ» becomes «ه») and the superscript alef.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
# Marks that are invisible in rendered text: ZWSP, ZWJ, LRM/RLM, bidi embeddings/isolates, BOM.
_INVISIBLE = re.compile("[\u200b\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_WHITESPACE = re.compile(r"\s+")

_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_EMPHASIS = re.compile(r"\*{2,}|_{2,}|~~|`+")
_LINE_MARKER = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*|[-*+•][ \t]+|>[ \t]*)", re.MULTILINE)


def to_latin_digits(text: str) -> str:
    """Return ``text`` with Persian and Arabic-Indic digits replaced by ASCII digits."""
    return str(text).translate(_TO_LATIN)


def to_persian_digits(text: object) -> str:
    """Return ``str(text)`` with ASCII and Arabic-Indic digits replaced by Persian digits."""
    return str(text).translate(_TO_PERSIAN)


def strip_markup(text: str | None) -> str:
    """Remove HTML tags, HTML entities and Markdown markers; keep letters and line breaks as written."""
    if not text:
        return ""
    t = _BLOCK_TAG.sub("\n", text)
    # Tags first, entities second: «&lt;b&gt;» is the literal text "<b>", not a tag.
    t = _TAG.sub("", t)
    t = html.unescape(t).replace("\xa0", " ")
    t = _EMPHASIS.sub("", t)
    t = _LINE_MARKER.sub("", t)
    return "\n".join(line.rstrip() for line in t.strip().splitlines())


def _normalize_once(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)  # Arabic presentation forms from PDFs become letters
    t = _TAG.sub(" ", t)
    t = html.unescape(t)
    t = _EMPHASIS.sub("", t)
    t = _LINE_MARKER.sub("", t)
    t = t.translate(_LETTERS).translate(_TO_LATIN)
    t = _DIACRITICS.sub("", t)
    t = _INVISIBLE.sub("", t)
    # «خانه‌های», «خانه های» and «می‌شود»/«می شود» must compare equal: ZWNJ counts as a space.
    t = t.replace(ZWNJ, " ")
    t = _LINE_MARKER.sub("", t)
    return _WHITESPACE.sub(" ", t).strip()


def normalize(text: str | None) -> str:
    """Return a comparison key for Persian text (never store it in place of the original).

    Unifies Arabic/Persian letters and digits, treats ZWNJ as a space, drops tatweel, diacritics,
    invisible marks, HTML and Markdown, and collapses whitespace. Idempotent.
    """
    if not text:
        return ""
    t = str(text)
    # Unescaping or removing a marker can reveal another («&amp;lt;», «*__*»): repeat to a fixed point.
    for _ in range(20):
        nxt = _normalize_once(t)
        if nxt == t:
            break
        t = nxt
    return t
