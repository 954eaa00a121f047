"""Tracking codes a resident reads aloud over the phone: 10 random digits and a Damm check digit.

10¹⁰ codes (more than the 10⁹ the issue asks), drawn with ``secrets`` so no code can be guessed from
another; the Damm check digit catches every single wrong digit and every swap of two adjacent digits.
Stored as 11 Latin digits; shown in Persian digits grouped 4-3-4 («۴۸۲۷-۱۹۳-۰۵۶۱»); ``parse`` accepts
Persian, Arabic or Latin digits with any spaces, dashes or dots between them.
"""

from __future__ import annotations

import re
import secrets

from mahalleh.core.text import to_latin_digits, to_persian_digits

RANDOM_DIGITS = 10
LENGTH = RANDOM_DIGITS + 1
INVALID = "این کد رهگیری معتبر نیست"

# The Damm quasigroup of order 10 (weakly totally anti-symmetric, zero diagonal).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
_SEPARATORS = re.compile(r"[\s\-_.\u2010-\u2015\u2212/]+")


class InvalidCode(ValueError):
    def __init__(self) -> None:
        super().__init__(INVALID)


def check_digit(digits: str) -> str:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return str(interim)


def is_valid(digits: str) -> bool:
    """Whether ``digits`` (Latin, no separators) ends in its right check digit."""
    return len(digits) == LENGTH and digits.isascii() and digits.isdigit() and check_digit(digits) == "0"


def generate() -> str:
    body = f"{secrets.randbelow(10**RANDOM_DIGITS):0{RANDOM_DIGITS}d}"
    return body + check_digit(body)


def parse(text: str) -> str:
    """The stored form (11 Latin digits) of a code as typed; ``InvalidCode`` when it is not one."""
    digits = _SEPARATORS.sub("", to_latin_digits(text or "").strip())
    if not is_valid(digits):
        raise InvalidCode()
    return digits


def display(code: str) -> str:
    """«۴۸۲۷-۱۹۳-۰۵۶۱»: Persian digits in groups of 4, 3 and 4, to read aloud."""
    return to_persian_digits(f"{code[:4]}-{code[4:7]}-{code[7:]}")
