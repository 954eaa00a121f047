"""Golden tests: every field of the five seed minutes, as reviewed by hand against the seeds.

The expected values live in ``golden/NNN.expected.json`` (reviewed line by line against the seed texts);
the tests below also spell out the facts the seeds are known for, so a regression names itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mahalleh.minutes.parsing import parse_document

SEEDS = Path(__file__).resolve().parents[2] / "src" / "mahalleh" / "demo" / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def parse_seed(prefix: str):
    path = seed_path(prefix)
    return parse_document(path.read_bytes(), path.name)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_matches_golden_field_by_field(prefix):
    expected = json.loads((GOLDEN / f"{prefix}.expected.json").read_text(encoding="utf-8"))
    parsed = parse_seed(prefix)
    got = parsed.to_json_dict()
    for name in (
        "body",
        "number",
        "date_jalali",
        "weekday",
        "time",
        "place",
        "invitation_number",
        "invitation_date_jalali",
        "agenda",
    ):
        assert got[name] == expected[name], name
    for name in ("subject", "chair", "secretary"):
        assert getattr(parsed, name) == expected[name], name
    assert len(got["resolutions"]) == len(expected["resolutions"])
    for n, (g, e) in enumerate(zip(got["resolutions"], expected["resolutions"], strict=True), 1):
        assert g == e, f"resolution {n}"
    assert [r.line for r in parsed.resolutions] == expected["resolution_lines"]
    assert got["absentees"] == expected["absentees"]
    assert set(got) == {
        "body",
        "number",
        "date_jalali",
        "weekday",
        "time",
        "place",
        "invitation_number",
        "invitation_date_jalali",
        "agenda",
        "resolutions",
        "absentees",
    }


def test_seed_000_header_table_and_reversed_resolution_columns():
    m = parse_seed("000")
    assert (m.body, m.number, m.date_jalali, m.weekday, m.time) == (
        "قرارگاه اجتماعی استان",
        1,
        "1400/11/30",
        "شنبه",
        "10:30",
    )
    assert (m.place, m.invitation_number) == ("سالن جلسات شهدا دولت", "21/25/68774")
    assert m.invitation_date and m.to_json_dict()["invitation_date_jalali"] == "1400/11/25"
    assert m.agenda == ["طرح تحول و توانمند سازی محلات ۲۰۲۰ استان البرز"]
    assert [(r.number, r.responsible_written) for r in m.resolutions] == [
        (1, "فرمانداران محترم"),
        (2, "کلیه دستگاه های اجرایی استان"),
    ]
    assert m.resolutions[1].text.startswith("جلسات قرارگاه اجتماعی استان به صورت هفتگی")
    assert all(not r.text.startswith("مقرر") for r in m.resolutions)
    assert m.sources["date"] == 7 and m.resolutions[0].line == 22


def test_seed_001_html_cells_reversed_rows_and_21_absentees():
    m = parse_seed("001")
    assert (m.number, m.date_jalali, m.weekday, m.time) == (4, "1401/02/01", "پنجشنبه", "09:00")
    assert len(m.agenda) == 4 and m.agenda[0] == "بررسی مصوبات جلسه گذشته."
    assert [r.number for r in m.resolutions] == list(range(1, 11))
    r9, r10 = m.resolutions[8], m.resolutions[9]
    assert r9.text.startswith("اداره کل امور بانوان و خانواده استانداری ضمن تشکیل") and "<" not in r9.text
    assert (r9.responsible_written, r9.deadline_raw, r9.deadline_kind) == (
        "اداره کل بانوان و خانواده استانداری",
        "دو هفته",
        "duration",
    )
    assert r9.to_json_dict()["due_jalali"] == "1401/02/15"
    assert (r10.responsible_written, r10.deadline_raw, r10.deadline_kind) == ("مدیران دستگاهها", None, "none")
    assert m.resolutions[2].deadline_raw is None  # the empty deadline cell of row 3
    assert m.resolutions[0].responsible_written == "فرمانداران محترم تابعه و شهرداری کرج و فردیس"
    assert len(m.absentees) == 21
    assert m.absentees[0].written == "حفظ آثار و نشر ارزشهای اسلامی"
    assert m.absentees[6].written == "کمیته امداد امام خمینی (ره)"
    assert m.absentees[-1].written == "هیات رزمندگان اسلام"


def test_seed_002_label_value_header_and_no_deadline_column():
    m = parse_seed("002")
    assert m.body == "کارگروه فرهنگی ، اجتماعی ، سلامت ، زنان و خانواده استان"
    assert (m.number, m.date_jalali, m.time, m.invitation_number) == (7, "1402/07/29", "09:00", "65/24/51032")
    assert m.weekday == "شنبه"  # only in the narrative: «در روز شنبه مورخ ۱۴۰۲/۷/۲۹»
    assert m.chair == "جناب آقای رضانی معاون سیاسی ، امنیتی و اجتماعی"
    assert m.secretary == "آقای عرفانی معاون دفتر امور اجتماعی"
    assert m.agenda == ["تبیین دستورالعمل اجرایی ساماندهی حاشیه نشینی و مناطق حاد و بحرانی"]
    assert [r.number for r in m.resolutions] == list(range(1, 15))
    assert m.resolutions[8].responsible_written == "وزارت کشور / کانون پرورش فکری"
    assert m.resolutions[13].text.startswith("معاون محترم سیاسی ، امنیتی و اجتماعی استانداری مرجع تشخیص")
    assert m.resolutions[13].responsible_written == "ادارات عضو کارگروه"
    # «برگزاری جلسات مستمر» is in the text, not a deadline column
    assert {r.deadline_kind for r in m.resolutions} == {"none"}


def test_seed_003_dated_table_header_is_not_a_resolution_and_due_dates():
    m = parse_seed("003")
    assert (m.number, m.date_jalali, m.time) == (14, "1401/04/23", "07:30")
    assert len(m.resolutions) == 14 and all(r.number == i for i, r in enumerate(m.resolutions, 1))
    due = {r.number: (r.deadline_raw, r.deadline_kind, r.to_json_dict()["due_jalali"]) for r in m.resolutions}
    assert due[1] == ("یک ماه", "duration", "1401/05/23")
    assert due[2] == ("دو هفته", "duration", "1401/05/06")
    assert due[5] == ("یک سال", "duration", "1402/04/23")
    assert due[6] == ("بطور مستمر", "continuous", "1401/04/31")
    assert due[11] == ("یک هفته", "duration", "1401/04/30")
    assert m.resolutions[10].responsible_written == "شهرداری کرج"
    assert m.resolutions[13].responsible_written == "مشاور اجتماعی و فرهنگی"
    assert m.agenda[1].startswith("ارائه گزارش معاون محترم استاندار")


def test_seed_004_news_prose():
    m = parse_seed("004")
    assert m.date is None and m.weekday == "دوشنبه" and m.number is None
    assert m.body == "بررسی تخصصی مسائل محلات کم برخوردار شمیران"
    assert m.chair == "مجتبی ذاکریان فرماندار شمیرانات"
    assert [r.text for r in m.resolutions] == [
        "ثبت نواقص و کمبودهای فضاهای آموزشی محلات کم برخوردار در سامانه مربوطه",
        "احصای لیست کمبودها و نیاز فضاهای ورزشی محلات مذکور",
        "راه اندازی پایگاه های مردمی اشتغال در محلات کم برخوردار",
        "تدوین سند مسائل فرهنگی و اجتماعی برای این محلات",
        "احصای لیست نخبگان محلات کم برخوردار",
    ]
    assert [r.number for r in m.resolutions] == [1, 2, 3, 4, 5]
    assert all(r.responsible == [] and r.deadline_kind == "none" for r in m.resolutions)


def test_without_province_the_responsible_cell_is_kept_whole():
    m = parse_seed("001")
    first = m.resolutions[0].to_json_dict()["responsible"]
    assert first == [
        {"written": "فرمانداران محترم تابعه و شهرداری کرج و فردیس", "agency": None, "confidence": 0.0}
    ]


def test_with_a_province_the_matcher_splits_the_cell(monkeypatch):
    """The matcher (agencies.matching) decides the split; the parser passes its answers through."""
    import sys
    import types
    from dataclasses import dataclass

    @dataclass
    class AgencyMatch:
        written: str
        agency_id: int | None
        agency_name: str | None
        confidence: float
        method: str

    calls = []

    def match_agencies(written, *, province):
        calls.append((written, province))
        parts = [p.strip() for p in written.split(" و ") if p.strip()]
        return [AgencyMatch(p, n, f"دستگاه {n}", 0.9, "alias") for n, p in enumerate(parts, 1)]

    fake = types.ModuleType("mahalleh.agencies.matching")
    fake.match_agencies = match_agencies  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mahalleh.agencies.matching", fake)
    path = seed_path("003")
    m = parse_document(path.read_bytes(), path.name, province="alborz")
    assert calls[0] == ("اداره کل شهری و شوراهای استانداری", "alborz")
    first = m.resolutions[0].to_json_dict()["responsible"]
    assert first == [
        {"written": "اداره کل شهری", "agency": "دستگاه 1", "confidence": 0.9},
        {"written": "شوراهای استانداری", "agency": "دستگاه 2", "confidence": 0.9},
    ]
    assert m.resolutions[0].responsible_written == "اداره کل شهری و شوراهای استانداری"


def test_matcher_failure_keeps_the_cell_whole(monkeypatch):
    import sys
    import types

    def broken(written, *, province):
        raise RuntimeError("no agencies table")

    fake = types.ModuleType("mahalleh.agencies.matching")
    fake.match_agencies = broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mahalleh.agencies.matching", fake)
    path = seed_path("000")
    m = parse_document(path.read_bytes(), path.name, province="alborz")
    assert [r.written for r in m.resolutions[0].responsible] == ["فرمانداران محترم"]
    assert m.resolutions[0].responsible[0].agency_name is None
