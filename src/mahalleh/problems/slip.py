"""The printed intake slip (A6, Persian, WeasyPrint with Vazirmatn embedded) for the resident with no
mobile: the tracking code in large Persian digits, the neighborhood and category, and how to follow it."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from mahalleh.core.jalali import format_jalali
from mahalleh.problems import codes
from mahalleh.problems.models import Problem

TEMPLATE = "problems/slip.html"
_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_FONTS = _PACKAGE_DIR / "static" / "vendor" / "vazirmatn" / "fonts"


def render_slip_html(problem: Problem, *, track_url: str) -> str:
    regular = _FONTS / "Vazirmatn-Regular.woff2"
    bold = _FONTS / "Vazirmatn-Bold.woff2"
    return render_to_string(TEMPLATE, {
        "problem": problem, "code": codes.display(problem.tracking_code), "track_url": track_url,
        "date": format_jalali(timezone.localdate(problem.created_at)),
        "fonts": {"regular": regular.as_uri(), "bold": (bold if bold.exists() else regular).as_uri()},
    })


def render_slip_pdf(problem: Problem, *, track_url: str) -> bytes:
    from weasyprint import HTML  # heavy; only this path needs it

    pdf: bytes | None = HTML(string=render_slip_html(problem, track_url=track_url), base_url=str(_PACKAGE_DIR)).write_pdf()
    assert pdf is not None
    return pdf
