"""Persian lines stored in visual (left-to-right) order, as some PDF producers write them: how to
tell, and how to put them back in reading order. Used by the plain PDF reader (``extract``) and
the table reader (``pdf_layout``)."""

from __future__ import annotations

import re
import unicodedata

_PERSIAN = re.compile(r"[\u0600-\u06ff]")

_COMMON = {
    "و",
    "در",
    "به",
    "از",
    "که",
    "را",
    "با",
    "این",
    "برای",
    "جلسه",
    "استان",
    "مقرر",
    "گردید",
    "شد",
    "محترم",
    "اداره",
    "کل",
    "دبیرخانه",
    "نمایند",
    "است",
    "های",
    "ها",
    "تا",
    "مصوبات",
    "موضوع",
    "تاریخ",
    "ساعت",
    "تشکیل",
    "روز",
    "محل",
    "شماره",
    "دستور",
    "کار",
    "مسئول",
    "مهلت",
}
_LTR_RUN = re.compile(r"[0-9۰-۹٠-٩A-Za-z][0-9۰-۹٠-٩A-Za-z/.:,\-]*[0-9۰-۹٠-٩A-Za-z]|[0-9۰-۹٠-٩]")


_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+")


def _score(line: str) -> float:
    """How much a line reads as logical-order Persian: common words, and common word endings
    («ی», «ها», «ان») rather than the same letters at word starts (which is what reversal makes)."""
    words = _WORD.findall(line)
    common = sum(1 for w in words if w in _COMMON)
    endings = sum(1 for w in words if len(w) > 2 and w.endswith(("ی", "ها", "ان", "ه")))
    starts = sum(1 for w in words if len(w) > 2 and w.startswith(("ی", "اه", "نا", "ه")))
    return common + 0.5 * (endings - starts)


def visual_preference(line: str | list[str]) -> float:
    """How much better ``line`` reads reversed (positive) than as stored (negative); 0 when it cannot tell."""
    units = list(line) if isinstance(line, str) else line
    text = unicodedata.normalize("NFKC", "".join(units))
    if not _PERSIAN.search(text):
        return 0.0
    return _score(unicodedata.normalize("NFKC", "".join(reversed(units)))) - _score(text)


def fix_visual_line(line: str | list[str], *, visual: bool = False) -> str:
    """Undo visual (left-to-right stored) order of a Persian line if the reversed line reads better.

    ``line`` may be a list of glyph texts: a ligature glyph («لا») is one item and must not be split
    when the order is reversed. Digit and Latin runs keep their left-to-right order. A line that reads
    the same either way (one word: «ردیف» or «فیدر») follows ``visual``, what the rest of its page does.
    """
    units = list(line) if isinstance(line, str) else line
    text = unicodedata.normalize("NFKC", "".join(units))
    if not _PERSIAN.search(text):
        return text
    preference = visual_preference(units)
    if preference < 0 or (preference == 0 and not visual):
        return text
    rev = unicodedata.normalize("NFKC", "".join(reversed(units)))
    return _LTR_RUN.sub(lambda m: m.group(0)[::-1], rev)
