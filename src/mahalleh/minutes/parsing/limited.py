"""Reading an uploaded document in a child process with memory and time limits (``core.sandbox``).

The child runs ``read_document`` (the file's bytes → what it says; no Django, no database) and answers in
JSON; the parent rebuilds the ``ParsedMinutes`` and adds what needs the database
(``resolve_references``: agencies, due dates). A file that exhausts the child's memory or time is
refused with a Persian message, and the server's own process never holds it.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import Any

from mahalleh.core.sandbox import (
    Limits,
    SandboxCrashed,
    SandboxMemoryExceeded,
    SandboxRaised,
    SandboxTimeout,
    run_limited,
)
from mahalleh.minutes.parsing.errors import MinutesError
from mahalleh.minutes.parsing.model import Absentee, ParsedMinutes, ParsedResolution, Responsible

log = logging.getLogger(__name__)

TOO_BIG = ("خواندن این پرونده بیش از حافظه مجاز ({mb} مگابایت) لازم داشت و متوقف شد؛ "
           "ممکن است پرونده خراب یا دست‌کاری شده باشد. نسخه دیگری از آن (مثلاً Word) را بفرستید.")
TOO_SLOW = ("خواندن این پرونده بیش از {seconds} ثانیه طول کشید و متوقف شد؛ "
            "ممکن است پرونده خراب یا بیش از حد پیچیده باشد. نسخه دیگری از آن (مثلاً Word) را بفرستید.")
FAILED = "خواندن این پرونده با خطای غیرمنتظره متوقف شد؛ لطفاً پرونده را بررسی کنید."


def parse_document_limited(data: bytes, filename: str, *, province: Any = None,
                           limits: Limits | None = None) -> ParsedMinutes:
    """``parse_document``, the file read in a limited child. Raises only ``MinutesError``."""
    from mahalleh.core.text import to_persian_digits
    from mahalleh.minutes.parsing.document import resolve_references

    limits = limits or Limits.from_settings()
    try:
        wire = run_limited("mahalleh.minutes.parsing.limited:read_in_child", data, filename, limits=limits)
    except SandboxRaised as exc:
        if exc.kind == "MinutesError":
            raise MinutesError(exc.message) from exc
        log.error("minutes reader raised %s in its sandbox on %s: %s", exc.kind, filename, exc.message)
        raise MinutesError(FAILED) from exc
    except SandboxMemoryExceeded as exc:
        log.warning("minutes reader passed %s MB on %s", limits.memory_mb, filename)
        raise MinutesError(TOO_BIG.format(mb=to_persian_digits(limits.memory_mb))) from exc
    except SandboxTimeout as exc:
        log.warning("minutes reader passed its time on %s", filename)
        seconds = min(limits.cpu_seconds, limits.timeout_seconds)
        raise MinutesError(TOO_SLOW.format(seconds=to_persian_digits(f"{seconds:g}"))) from exc
    except SandboxCrashed as exc:
        log.error("minutes reader died on %s: %s", filename, exc.detail)
        raise MinutesError(FAILED) from exc
    return resolve_references(from_wire(wire), province=province)


def read_in_child(data: bytes, filename: str) -> dict[str, Any]:
    """The child's half: ``read_document``, as JSON-ready data."""
    from mahalleh.minutes.parsing.document import read_document

    return to_wire(read_document(data, filename))


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def to_wire(parsed: ParsedMinutes) -> dict[str, Any]:
    out = {f.name: _json(getattr(parsed, f.name)) for f in dataclasses.fields(parsed)}
    out["resolutions"] = [
        {**{f.name: _json(getattr(r, f.name)) for f in dataclasses.fields(r)},
         "responsible": [dataclasses.asdict(x) for x in r.responsible]}
        for r in parsed.resolutions
    ]
    out["absentees"] = [dataclasses.asdict(a) for a in parsed.absentees]
    return out


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def from_wire(data: dict[str, Any]) -> ParsedMinutes:
    resolutions = [
        ParsedResolution(**{**r, "due_date": _date(r.get("due_date")),
                            "responsible": [Responsible(**x) for x in r.get("responsible", [])]})
        for r in data.get("resolutions", [])
    ]
    return ParsedMinutes(**{
        **data, "date": _date(data.get("date")), "invitation_date": _date(data.get("invitation_date")),
        "resolutions": resolutions, "absentees": [Absentee(**a) for a in data.get("absentees", [])],
        "sources": {str(k): int(v) for k, v in (data.get("sources") or {}).items()},
    })
