"""Fuzzing: any bytes give a ``ParsedMinutes`` or a ``MinutesError`` — never another exception."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mahalleh.minutes.parsing import MinutesError, ParsedMinutes, parse_document

SEEDS = Path(__file__).resolve().parents[2] / "src" / "mahalleh" / "demo" / "seeds"
SEED_LINES = [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").split("\n")]

persian = st.text(
    alphabet=st.sampled_from(
        list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكۀ‌ ۰۱۲۳۴۵۶۷۸۹0123456789/:\t\n-.،()<>*#|")
    ),
    max_size=400,
)
fragments = st.lists(st.one_of(st.sampled_from(SEED_LINES), persian), max_size=30).map("\n".join)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes, name: str) -> None:
    try:
        result = parse_document(data, name)
    except MinutesError as e:
        assert e.message and any("\u0600" <= ch <= "\u06ff" for ch in e.message)
        # the catch-all in parse_document must not be what answered: that would be a parser bug
        assert "غیرمنتظره" not in e.message, e.__cause__
        return
    assert isinstance(result, ParsedMinutes) and result.resolutions
    result.to_json_dict()
    result.to_json_dict(extended=True)


@FUZZ
@given(
    st.binary(max_size=2000), st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", "a.pdf", "a", "a.doc"])
)
def test_random_bytes(data, name):
    outcome(data, name)


@FUZZ
@given(fragments, st.sampled_from(["utf-8", "utf-16", "cp1256"]))
def test_shuffled_seed_lines_and_noise(text, encoding):
    outcome(text.encode(encoding, errors="replace"), "m.txt")


@FUZZ
@given(fragments)
def test_html(text):
    rows = "".join(f"<tr><td>{'</td><td>'.join(line.split(chr(9)))}</td></tr>" for line in text.split("\n"))
    outcome(f"<html><body><table>{rows}</table><ol><li>{text}</li></ol></body></html>".encode(), "m.html")


@FUZZ
@given(st.lists(fragments, max_size=4), st.lists(st.lists(persian, min_size=1, max_size=4), max_size=4))
def test_docx(paragraphs, table):
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph("".join(ch for ch in p if ch.isprintable() or ch in "\t\n"))
    if table:
        width = max(len(r) for r in table)
        t = document.add_table(rows=len(table), cols=width)
        for i, row in enumerate(table):
            for k, value in enumerate(row):
                t.cell(i, k).text = "".join(ch for ch in value if ch.isprintable())
    buf = io.BytesIO()
    document.save(buf)
    outcome(buf.getvalue(), "m.docx")


@pytest.mark.parametrize(
    "text",
    [
        "ا" * 300_000,  # one unbroken "word": no regex may backtrack over it
        "جلسه " * 40_000,
        "<" * 200_000,
        "مقرر گردید: " * 20_000,
        "تاریخ: " * 30_000,
        "ثبت، " * 50_000 + " از اهم مصوبات این جلسه بود",
    ],
    ids=["long-word", "jalase", "lt", "moqarrar", "labels", "prose"],
)
def test_pathological_inputs_are_answered(text):
    # Inputs that once made a pattern backtrack; their speed is measured in bench/bench_minutes.py.
    outcome(text.encode("utf-8"), "m.txt")
