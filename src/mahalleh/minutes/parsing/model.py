"""What the parser returns: plain dataclasses, JSON-ready, each field with its source line."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from mahalleh.core.doctext import jalali_str


@dataclass
class Responsible:
    """One assignee as written in the responsible cell, with the agency the matcher found (if any)."""

    written: str
    agency_id: int | None = None
    agency_name: str | None = None
    confidence: float = 0.0

    def to_json_dict(self) -> dict[str, Any]:
        return {"written": self.written, "agency": self.agency_name, "confidence": self.confidence}


@dataclass
class Absentee:
    written: str
    agency_id: int | None = None
    agency_name: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {"written": self.written, "agency": self.agency_name}


@dataclass
class ParsedResolution:
    number: int | None
    text: str
    responsible_written: str | None = None
    responsible: list[Responsible] = field(default_factory=list)
    deadline_raw: str | None = None
    deadline_kind: str = "none"
    due_date: datetime.date | None = None
    line: int | None = None  # 1-based line of the extracted text the resolution starts on

    def to_json_dict(self, *, extended: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "number": self.number,
            "text": self.text,
            "responsible": [r.to_json_dict() for r in self.responsible],
            "deadline_raw": self.deadline_raw,
            "deadline_kind": self.deadline_kind,
            "due_jalali": jalali_str(self.due_date),
        }
        if extended:
            out["line"] = self.line
            out["responsible_written"] = self.responsible_written
        return out


@dataclass
class ParsedMinutes:
    """Everything read from one minutes document. Text fields are as written (markup removed)."""

    body: str | None = None
    number: int | None = None
    date: datetime.date | None = None
    weekday: str | None = None
    time: str | None = None
    place: str | None = None
    invitation_number: str | None = None
    invitation_date: datetime.date | None = None
    subject: str | None = None
    chair: str | None = None
    secretary: str | None = None
    agenda: list[str] = field(default_factory=list)
    narrative: str | None = None
    resolutions: list[ParsedResolution] = field(default_factory=list)
    absentees: list[Absentee] = field(default_factory=list)
    # field name → 1-based line number in the extracted text, for the review screen
    sources: dict[str, int] = field(default_factory=dict)
    text: str = ""  # the extracted text the line numbers refer to

    @property
    def date_jalali(self) -> str | None:
        return jalali_str(self.date)

    def to_json_dict(self, *, extended: bool = False) -> dict[str, Any]:
        """The shape of ``mahalleh import-minutes --json``; ``extended`` adds the review-screen fields."""
        out: dict[str, Any] = {
            "body": self.body,
            "number": self.number,
            "date_jalali": jalali_str(self.date),
            "weekday": self.weekday,
            "time": self.time,
            "place": self.place,
            "invitation_number": self.invitation_number,
            "invitation_date_jalali": jalali_str(self.invitation_date),
            "agenda": list(self.agenda),
            "resolutions": [r.to_json_dict(extended=extended) for r in self.resolutions],
            "absentees": [a.to_json_dict() for a in self.absentees],
        }
        if extended:
            out.update(
                subject=self.subject,
                chair=self.chair,
                secretary=self.secretary,
                narrative=self.narrative,
                sources=dict(self.sources),
            )
        return out
