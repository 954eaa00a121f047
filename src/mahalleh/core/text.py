"""Persian text normalization for comparison and search (stub; the kernel helper replaces it)."""

import re

_ARABIC = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "ە": "ه", "ہ": "ه", "ۀ": "ه", "ة": "ه"})
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def to_latin_digits(text: str) -> str:
    return text.translate(_DIGITS)


def to_persian_digits(text: object) -> str:
    return str(text).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def normalize(text: str | None) -> str:
    if not text:
        return ""
    t = text.translate(_ARABIC).translate(_DIGITS).replace("\u200c", " ").replace("ـ", "")
    return re.sub(r"\s+", " ", t).strip()
