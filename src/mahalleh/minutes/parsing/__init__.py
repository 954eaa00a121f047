"""Reading minutes documents (txt, md, html, docx, pdf) into structured data, without writing anything.

Public API: ``parse_document(data, filename, *, province=None) -> ParsedMinutes``,
``ParsedMinutes.to_json_dict()``, and ``MinutesError`` (the only exception raised, Persian message).
Names are loaded lazily so ``meetings.deadlines`` can use ``parsing.text`` without an import cycle.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "parse_document": "document",
    "parse_text": "document",
    "MinutesError": "errors",
    "Absentee": "model",
    "ParsedMinutes": "model",
    "ParsedResolution": "model",
    "Responsible": "model",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(name)
