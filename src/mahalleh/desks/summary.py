"""The desk's summary: problems by category and by agency, sign-ups by program, agencies present and
absent; as data (``summarize``), as the page's context and as a PDF (WeasyPrint, Vazirmatn embedded)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from mahalleh.core.jalali import format_jalali
from mahalleh.core.pdf import render_pdf
from mahalleh.desks.models import Desk


@dataclass(frozen=True)
class Summary:
    problem_count: int
    by_category: list[tuple[str, int]]
    by_agency: list[tuple[str, int]]
    signup_count: int
    by_program: list[tuple[str, int]]
    present: list[str]
    absent: list[str]
    unanswered: list[str]
    problems: list[tuple[str, str, str]]  # tracking code, category, agency (no reporter: it is a report)


def summarize(desk: Desk) -> Summary:
    from mahalleh.problems import codes

    problems = desk.problems.select_related("category", "agency").order_by("pk")
    by_category = list(problems.values_list("category__name").annotate(n=Count("pk")).order_by("-n", "category__name"))
    by_agency = [(name or "بدون دستگاه", n) for name, n in
                 problems.values_list("agency__name").annotate(n=Count("pk")).order_by("-n", "agency__name")]
    programs = list(desk.signups.values_list("program").annotate(n=Count("pk")).order_by("-n", "program"))
    invited = list(desk.agencies.select_related("agency").order_by("agency__name"))

    def shown(i) -> str:  # type: ignore[no-untyped-def]
        return f"{i.agency.name} (نماینده: {i.deputy_name})" if i.deputy_name else i.agency.name

    return Summary(
        problem_count=sum(n for _, n in by_category),
        by_category=by_category,
        by_agency=by_agency,
        signup_count=sum(n for _, n in programs),
        by_program=programs,
        present=[shown(i) for i in invited if i.attended],
        absent=[i.agency.name for i in invited if i.attended is False],
        unanswered=[i.agency.name for i in invited if i.attended is None],
        problems=[(codes.display(p.tracking_code), p.category.name, p.agency.name if p.agency else "—") for p in problems],
    )


def render_summary_pdf(desk: Desk) -> bytes:
    return render_pdf("desks/summary_pdf.html", {"desk": desk, "summary": summarize(desk), "date": format_jalali(desk.date)})
