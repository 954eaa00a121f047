"""Minutes parsing throughput: documents per second on one core, for text, DOCX and PDF.

    .venv/bin/python -m bench.bench_minutes [--seconds 3]

Inputs are the five seed minutes (demo/seeds) and the held-out corpus (tests/minutes/heldout):
as text they are read as they are; as DOCX and PDF they are generated here first (python-docx:
one paragraph per line, tab rows as Word tables; weasyprint: the same as an RTL HTML page), so
the timing covers the real extraction paths. Each format is timed twice in the same run: the raw
extraction alone (``extract_text``, the baseline) and the full ``parse_document``; the table gives
docs/s for both, the parse overhead (full / extraction time), and the ratio of the full rate to the
issue's target (text ≥ 200 docs/s, DOCX ≥ 30 docs/s; PDF is reported only).
"""

from __future__ import annotations

import argparse
import difflib
import html
import io
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "src" / "mahalleh" / "demo" / "seeds"
HELDOUT = ROOT / "tests" / "minutes" / "heldout"
TARGETS: dict[str, float | None] = {"text": 200.0, "docx": 30.0, "pdf": None}


@dataclass
class Row:
    fmt: str
    docs: int
    extract_rate: float
    parse_rate: float
    target: float | None
    refused: int  # documents parse_document answered with MinutesError (timed all the same)
    headers: tuple[int, int] = (0, 0)  # header fields read as in the text version / fields the text has
    resolutions: tuple[int, int] = (0, 0)  # resolutions read as in the text version (same number, text
    # at least 95 % alike) / resolutions of the text version; both over the documents not refused

    @property
    def overhead(self) -> float:
        return self.extract_rate / self.parse_rate

    @property
    def ratio(self) -> float | None:
        return self.parse_rate / self.target if self.target else None


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mahalleh.config.settings")
    import django

    django.setup()
    if hasattr(os, "sched_setaffinity"):  # one core, whatever the machine has
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def text_inputs() -> list[tuple[str, bytes]]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted(
        p for p in HELDOUT.iterdir() if p.suffix in {".txt", ".md", ".html"}
    )
    return [(p.name, p.read_bytes()) for p in paths]


def _plain_lines(name: str, data: bytes) -> list[str]:
    from mahalleh.minutes.parsing.extract import extract_text

    return extract_text(data, name).split("\n")


def to_docx(name: str, data: bytes) -> bytes:
    """The document as Word would hold it: paragraphs, and each run of tab rows as one table."""
    from docx import Document

    doc = Document()
    lines = _plain_lines(name, data)
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            width = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=width)
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
            continue
        if lines[i].strip():
            doc.add_paragraph(lines[i])
        i += 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_pdf(name: str, data: bytes) -> bytes:
    from weasyprint import HTML

    parts = []
    for line in _plain_lines(name, data):
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            parts.append(f"<table><tr>{cells}</tr></table>")
        elif line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    page = (
        '<html dir="rtl" lang="fa"><head><meta charset="utf-8"><style>'
        "body{font-family:Vazirmatn,'DejaVu Sans',sans-serif;font-size:10pt}"
        "table{width:100%;border-collapse:collapse}td{border:1px solid #999;padding:2px}"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )
    return HTML(string=page).write_pdf()


def rate(docs: list[tuple[str, bytes]], fn: Callable[[bytes, str], object], seconds: float) -> float:
    """Documents per second: whole passes over ``docs`` until ``seconds`` have gone by (one warm-up pass)."""
    for name, data in docs:
        fn(data, name)
    done, start = 0, time.perf_counter()
    while True:
        for name, data in docs:
            fn(data, name)
        done += len(docs)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def run(seconds: float) -> list[Row]:
    from mahalleh.minutes.parsing import MinutesError, parse_document
    from mahalleh.minutes.parsing.extract import extract_text

    texts = text_inputs()
    inputs = {
        "text": texts,
        "docx": [(n.rsplit(".", 1)[0] + ".docx", to_docx(n, d)) for n, d in texts],
        "pdf": [(n.rsplit(".", 1)[0] + ".pdf", to_pdf(n, d)) for n, d in texts],
    }

    def parse(data: bytes, name: str) -> object:
        try:
            return parse_document(data, name)
        except MinutesError as e:  # a refusal is an answer too: timed, and counted below
            return e

    references = [parse(d, n) for n, d in texts]
    rows = []
    for fmt, docs in inputs.items():
        results = [parse(d, n) for n, d in docs]
        refused = sum(isinstance(r, MinutesError) for r in results)
        headers, resolutions = agreement(references, results)
        extract_rate = rate(docs, lambda d, n: extract_text(d, n), seconds)
        parse_rate = rate(docs, parse, seconds)
        rows.append(Row(fmt, len(docs), extract_rate, parse_rate, TARGETS[fmt], refused, headers, resolutions))
    return rows


def agreement(references: list[object], results: list[object]) -> tuple[tuple[int, int], tuple[int, int]]:
    """How much of each text version the other format's reading gives back (documents refused by either
    are left out): header fields (body, number, date, time) and resolutions (by number, text ≥ 95 % alike)."""
    from mahalleh.minutes.parsing import MinutesError

    fields = (0, 0)
    found = (0, 0)
    for want, got in zip(references, results, strict=True):
        if isinstance(want, MinutesError) or isinstance(got, MinutesError):
            continue
        named = [f for f in ("body", "number", "date", "time") if getattr(want, f) is not None]
        fields = (fields[0] + sum(getattr(want, f) == getattr(got, f) for f in named), fields[1] + len(named))
        by_number = {r.number: r.text for r in got.resolutions}  # type: ignore[attr-defined]
        same = sum(difflib.SequenceMatcher(None, r.text, by_number.get(r.number) or "").ratio() > 0.95
                   for r in want.resolutions)  # type: ignore[attr-defined]
        found = (found[0] + same, found[1] + len(want.resolutions))  # type: ignore[attr-defined]
    return fields, found


def table(rows: list[Row]) -> str:
    out = [
        "| format | docs | extract_text only (baseline), docs/s | parse_document, docs/s "
        "| parse ÷ extract time | target docs/s | measured ÷ target | refused by the parser "
        "| header fields as in text | resolutions as in text |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        target = f"{r.target:.0f}" if r.target else "report only"
        ratio = f"**{r.ratio:.2f}×**" if r.ratio is not None else "–"
        out.append(
            f"| {r.fmt} | {r.docs} | {r.extract_rate:,.1f} | {r.parse_rate:,.1f} | {r.overhead:.2f}× "
            f"| {target} | {ratio} | {r.refused} | {r.headers[0]}/{r.headers[1]} | {r.resolutions[0]}/{r.resolutions[1]} |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="timing window per format and side")
    args = parser.parse_args(argv)
    _setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # glyph warnings are noise here
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    rows = run(args.seconds)
    print(table(rows))
    failed = [r.fmt for r in rows if r.ratio is not None and r.ratio < 1]
    if failed:
        print(f"below target: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
