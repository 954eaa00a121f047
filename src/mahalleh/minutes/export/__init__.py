"""Official minutes out: a meeting rendered as PDF or Word in the layout of the seeds."""

from mahalleh.minutes.export.context import MeetingNotFound, MinutesContext, build_minutes_context
from mahalleh.minutes.export.docx import render_minutes_docx
from mahalleh.minutes.export.pdf import render_minutes_pdf

__all__ = [
    "MeetingNotFound",
    "MinutesContext",
    "build_minutes_context",
    "render_minutes_docx",
    "render_minutes_pdf",
]
