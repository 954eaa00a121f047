"""The printed intake slip (A6, Persian, WeasyPrint with Vazirmatn embedded) for the resident with no
mobile: the tracking code in large Persian digits, the neighborhood and category, and how to follow it."""

from __future__ import annotations

from django.utils import timezone

from mahalleh.core.jalali import format_jalali
from mahalleh.core.pdf import html_to_pdf, render_html
from mahalleh.problems import codes
from mahalleh.problems.models import Problem

TEMPLATE = "problems/slip.html"


def render_slip_html(problem: Problem, *, track_url: str) -> str:
    return render_html(TEMPLATE, {
        "problem": problem, "code": codes.display(problem.tracking_code), "track_url": track_url,
        "date": format_jalali(timezone.localdate(problem.created_at)),
    })


def render_slip_pdf(problem: Problem, *, track_url: str) -> bytes:
    return html_to_pdf(render_slip_html(problem, track_url=track_url))
