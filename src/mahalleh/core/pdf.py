"""Persian PDFs from templates: WeasyPrint with the vendored Vazirmatn embedded (the desk summary, the
intake slip, the monthly report). A template names the fonts as ``{{ fonts.regular }}`` and
``{{ fonts.bold }}`` in its ``@font-face`` rules; a missing bold face falls back to the regular one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

PACKAGE_DIR = Path(__file__).resolve().parents[1]
FONTS = PACKAGE_DIR / "static" / "vendor" / "vazirmatn" / "fonts"


def font_uris() -> dict[str, str]:
    regular = FONTS / "Vazirmatn-Regular.woff2"
    bold = FONTS / "Vazirmatn-Bold.woff2"
    return {"regular": regular.as_uri(), "bold": (bold if bold.exists() else regular).as_uri()}


def render_html(template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, {**context, "fonts": font_uris()})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy; only the PDF paths need it

    pdf: bytes | None = HTML(string=html, base_url=str(PACKAGE_DIR)).write_pdf()
    assert pdf is not None
    return pdf


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_html(template, context))
