"""Official minutes as an A4 PDF (WeasyPrint) with the Vazirmatn font embedded."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from mahalleh.meetings.models import Meeting
from mahalleh.minutes.export.context import MinutesContext, build_minutes_context

TEMPLATE = "minutes/official.html"
_PACKAGE_DIR = Path(__file__).resolve().parents[2]
# The vendored web font first; a TTF shipped beside this module is the fallback.
_FONT_DIRS = (
    _PACKAGE_DIR / "static" / "vendor" / "vazirmatn" / "fonts",
    Path(__file__).resolve().parent / "fonts",
)


class FontMissing(RuntimeError):
    """No Vazirmatn file to embed: a PDF without it would print Persian as empty boxes."""


def font_files() -> dict[str, str]:
    """``file://`` URLs of the regular and bold Vazirmatn faces."""
    for folder in _FONT_DIRS:
        for ext in ("woff2", "ttf"):
            regular = folder / f"Vazirmatn-Regular.{ext}"
            if regular.exists():
                bold = folder / f"Vazirmatn-Bold.{ext}"
                return {"regular": regular.as_uri(), "bold": (bold if bold.exists() else regular).as_uri()}
    raise FontMissing("قلم وزیرمتن (Vazirmatn) پیدا نشد؛ ساخت PDF صورتجلسه ممکن نیست.")


def render_minutes_html(minutes: MinutesContext) -> str:
    """The HTML that WeasyPrint lays out (also handy for a print preview page)."""
    return render_to_string(TEMPLATE, {"m": minutes, "fonts": font_files()})


def render_minutes_pdf(meeting: Meeting | int) -> bytes:
    """The meeting's official minutes as PDF bytes (A4, RTL, page numbers in the footer)."""
    # WeasyPrint is heavy to import and only this path needs it.
    from weasyprint import HTML

    minutes = build_minutes_context(meeting)
    document = HTML(string=render_minutes_html(minutes), base_url=str(_PACKAGE_DIR))
    pdf: bytes | None = document.write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
