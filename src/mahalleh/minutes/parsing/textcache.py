"""Memoized forms of the ``core.doctext`` text helpers the parser calls on the same lines many times.

Each finder (header, agenda, table, list, prose, absentees) cleans the same lines again; these pure
str → str functions are cached so a line is stripped and normalized once per document.
"""

from __future__ import annotations

from functools import lru_cache

from mahalleh.core import doctext

_SIZE = 8192

key = lru_cache(maxsize=_SIZE)(doctext.key)
norm = lru_cache(maxsize=_SIZE)(doctext.norm)
squash = lru_cache(maxsize=_SIZE)(doctext.squash)
strip_markup = lru_cache(maxsize=_SIZE)(doctext.strip_markup)


def clear() -> None:
    """Forget the previous document's lines (called once per document: the cache is per document, so a
    benchmark repeating the same files measures real work, and memory stays bounded)."""
    for fn in (key, norm, squash, strip_markup):
        fn.cache_clear()
