"""Field-level F1 of the parser over hand-written minutes of other bodies and provinces (corpus/).

Each ``corpus/NAME.(txt|md|html)`` has ``NAME.expected.json`` in the shape of ``to_json_dict()``.
The documents vary the §5 styles: reversed columns, label:value headers, numbered lists, Markdown,
HTML, Arabic letters, Latin digits, news prose, «مقرر» used in other senses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mahalleh.core.text import normalize
from mahalleh.minutes.parsing import parse_document

CORPUS = Path(__file__).resolve().parent / "corpus"
DOCS = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md", ".html"})
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


def _norm(value):
    return normalize(value) if isinstance(value, str) else value


def _resolution_fields(r: dict) -> dict:
    return {
        "number": r["number"],
        "text": _norm(r["text"]),
        "responsible": " | ".join(_norm(x["written"]) for x in r["responsible"]) or None,
        "deadline_raw": _norm(r["deadline_raw"]),
        "deadline_kind": r["deadline_kind"],
        "due_jalali": r["due_jalali"],
    }


def score(expected: dict, got: dict) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over header, agenda, resolution and absentee fields."""
    tp = fp = fn = 0

    def compare(e, g):
        nonlocal tp, fp, fn
        if e is None and g is None:
            return
        if e == g:
            tp += 1
        else:
            fp += g is not None
            fn += e is not None

    for name in HEADER_FIELDS:
        compare(_norm(expected[name]), _norm(got[name]))
    exp_agenda, got_agenda = {_norm(a) for a in expected["agenda"]}, {_norm(a) for a in got["agenda"]}
    tp += len(exp_agenda & got_agenda)
    fp += len(got_agenda - exp_agenda)
    fn += len(exp_agenda - got_agenda)
    exp_res = [_resolution_fields(r) for r in expected["resolutions"]]
    got_res = [_resolution_fields(r) for r in got["resolutions"]]
    for i in range(max(len(exp_res), len(got_res))):
        e = exp_res[i] if i < len(exp_res) else dict.fromkeys(exp_res[0] if exp_res else got_res[0])
        g = got_res[i] if i < len(got_res) else dict.fromkeys(e)
        for name in e:
            compare(e[name], g[name])
    exp_abs, got_abs = (
        {_norm(a["written"]) for a in expected["absentees"]},
        {_norm(a["written"]) for a in got["absentees"]},
    )
    tp += len(exp_abs & got_abs)
    fp += len(got_abs - exp_abs)
    fn += len(exp_abs - got_abs)
    return tp, fp, fn


def _parse(path: Path) -> dict:
    return parse_document(path.read_bytes(), path.name).to_json_dict()


def _expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def test_corpus_is_varied_enough():
    assert len(DOCS) >= 12
    assert {p.suffix for p in DOCS} == {".txt", ".md", ".html"}
    assert all(p.with_suffix(".expected.json").exists() for p in DOCS)


@pytest.mark.django_db
def test_corpus_field_f1_at_least_095():
    tp = fp = fn = 0
    per_doc = {}
    for path in DOCS:
        t, f, n = score(_expected(path), _parse(path))
        per_doc[path.name] = (t, f, n)
        tp, fp, fn = tp + t, fp + f, fn + n
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert tp > 250  # the corpus holds several hundred scored fields
    assert f1 >= 0.95, per_doc


@pytest.mark.django_db
@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_corpus_document_resolution_count_and_numbers(path):
    expected, got = _expected(path), _parse(path)
    assert [r["number"] for r in got["resolutions"]] == [r["number"] for r in expected["resolutions"]]
    assert got["date_jalali"] == expected["date_jalali"]


def test_scoring_counts_misses_and_wrong_values():
    expected = {
        **dict.fromkeys(HEADER_FIELDS),
        "body": "قرارگاه",
        "number": 3,
        "agenda": ["الف"],
        "resolutions": [],
        "absentees": [],
    }
    got = {**expected, "number": 4, "agenda": []}
    assert score(expected, got) == (1, 1, 2)
