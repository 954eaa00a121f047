"""Field-level F1 of the parser on held-out minutes (heldout/), whose expected values were written by hand.

Each ``heldout/NAME.(txt|md|html)`` has ``NAME.expected.json`` typed before the parser ever read the
document. Two groups are scored and each must reach 0.95:

- header: body, number, date, weekday, time, place, invitation number and date;
- resolutions: per resolution (paired by position) its number, text, the set of responsible cells as
  written, the deadline as written and its kind.

Both are checked on the documents as written and on the same documents typed into Word (python-docx,
tab rows as Word tables). Agenda items and absentees are scored too, but not asserted (they are not
in the target). h01–h16 were written before the parser first read them; h17–h20 after the first
round of parser fixes, to check that those fixes generalize.
Strings are compared after ``core.text.normalize`` (yeh, kaf, heh, ZWNJ, digits, spacing).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mahalleh.core.text import normalize
from mahalleh.minutes.parsing import MinutesError, parse_document

HELDOUT = Path(__file__).resolve().parent / "heldout"
DOCS = sorted(p for p in HELDOUT.iterdir() if p.suffix in {".txt", ".md", ".html"})
HEADER_FIELDS = (
    "body",
    "number",
    "date_jalali",
    "weekday",
    "time",
    "place",
    "invitation_number",
    "invitation_date_jalali",
)
RESOLUTION_FIELDS = ("number", "text", "responsible", "deadline_raw", "deadline_kind")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: Any, got: Any) -> None:
        """One field: both empty counts nothing; equal is a hit; otherwise a wrong value is both."""
        if expected is None and got is None:
            return
        if expected == got:
            self.tp += 1
        else:
            self.fp += got is not None
            self.fn += expected is not None

    def add_sets(self, expected: set, got: set) -> None:
        self.tp += len(expected & got)
        self.fp += len(got - expected)
        self.fn += len(expected - got)

    def __iadd__(self, other: Counts) -> Counts:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self

    @property
    def f1(self) -> float:
        if not self.tp:
            return 0.0 if (self.fp or self.fn) else 1.0
        precision, recall = self.tp / (self.tp + self.fp), self.tp / (self.tp + self.fn)
        return 2 * precision * recall / (precision + recall)


def _norm(value: Any) -> Any:
    return normalize(value) if isinstance(value, str) else value


def _written(items: Iterable[dict]) -> frozenset[str] | None:
    found = frozenset(_norm(x["written"]) for x in items)
    return found or None


def _resolution(r: dict) -> dict[str, Any]:
    return {
        "number": r["number"],
        "text": _norm(r["text"]),
        "responsible": _written(r["responsible"]),
        "deadline_raw": _norm(r["deadline_raw"]),
        "deadline_kind": None if r["deadline_kind"] == "none" else r["deadline_kind"],
    }


def score(expected: dict, got: dict) -> dict[str, Counts]:
    """Counts per group: header, resolutions, agenda, absentees."""
    out = {name: Counts() for name in ("header", "resolutions", "agenda", "absentees")}
    for name in HEADER_FIELDS:
        out["header"].add(_norm(expected[name]), _norm(got[name]))
    exp_res = [_resolution(r) for r in expected["resolutions"]]
    got_res = [_resolution(r) for r in got["resolutions"]]
    empty = dict.fromkeys(RESOLUTION_FIELDS)
    for i in range(max(len(exp_res), len(got_res))):
        e = exp_res[i] if i < len(exp_res) else empty
        g = got_res[i] if i < len(got_res) else empty
        for name in RESOLUTION_FIELDS:
            out["resolutions"].add(e[name], g[name])
    out["agenda"].add_sets({_norm(a) for a in expected["agenda"]}, {_norm(a) for a in got["agenda"]})
    out["absentees"].add_sets(
        {_norm(a["written"]) for a in expected["absentees"]}, {_norm(a["written"]) for a in got["absentees"]}
    )
    return out


def _parse(path: Path) -> dict:
    """The parser's reading; a document it refuses scores as if nothing was found (all misses)."""
    try:
        return parse_document(path.read_bytes(), path.name).to_json_dict()
    except MinutesError:
        return {**dict.fromkeys(HEADER_FIELDS), "agenda": [], "resolutions": [], "absentees": []}


def _expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def _parse_as_docx(path: Path) -> dict:
    """The same document typed into Word: a paragraph per line, its tab rows as Word tables."""
    from bench.bench_minutes import to_docx

    data = to_docx(path.name, path.read_bytes())
    try:
        return parse_document(data, path.stem + ".docx").to_json_dict()
    except MinutesError:
        return {**dict.fromkeys(HEADER_FIELDS), "agenda": [], "resolutions": [], "absentees": []}


def heldout_scores(*, docx: bool = False) -> tuple[dict[str, Counts], dict[str, dict[str, Counts]]]:
    """Totals per group and per document (used by the tests and handy from a shell)."""
    totals = {name: Counts() for name in ("header", "resolutions", "agenda", "absentees")}
    per_doc = {}
    for path in DOCS:
        counts = score(_expected(path), _parse_as_docx(path) if docx else _parse(path))
        per_doc[path.name] = counts
        for name, c in counts.items():
            totals[name] += c
    return totals, per_doc


def test_heldout_is_varied_enough():
    assert len(DOCS) >= 15
    assert {p.suffix for p in DOCS} == {".txt", ".md", ".html"}
    assert all(p.with_suffix(".expected.json").exists() for p in DOCS)
    resolutions = sum(len(_expected(p)["resolutions"]) for p in DOCS)
    kinds = {r["deadline_kind"] for p in DOCS for r in _expected(p)["resolutions"]}
    assert resolutions >= 50
    assert kinds == {"none", "duration", "date", "asap", "continuous"}


@pytest.mark.django_db
@pytest.mark.parametrize("docx", [False, True], ids=["as-written", "as-docx"])
@pytest.mark.parametrize("group", ["header", "resolutions"])
def test_heldout_field_f1_at_least_095(group, docx):
    totals, per_doc = heldout_scores(docx=docx)
    misses = {name: (c[group].tp, c[group].fp, c[group].fn) for name, c in per_doc.items() if c[group].f1 < 1}
    assert totals[group].tp > 100
    assert totals[group].f1 >= 0.95, misses


def test_scoring_counts_wrong_missing_and_extra_values():
    base = {**dict.fromkeys(HEADER_FIELDS), "agenda": [], "absentees": []}
    res = {"number": 1, "text": "الف", "responsible": [{"written": "شهرداری"}], "deadline_raw": None}
    expected = {**base, "number": 3, "resolutions": [{**res, "deadline_kind": "none"}]}
    got = {
        **base,
        "number": 4,
        "resolutions": [
            {**res, "responsible": [{"written": "شهرداري"}], "deadline_kind": "none"},  # Arabic yeh: same
            {**res, "number": 2, "deadline_kind": "asap"},
        ],
    }
    counts = score(expected, got)
    assert (counts["header"].tp, counts["header"].fp, counts["header"].fn) == (0, 1, 1)
    # first resolution: number, text, responsible hit; second: 4 extra values
    assert (counts["resolutions"].tp, counts["resolutions"].fp, counts["resolutions"].fn) == (3, 4, 0)
