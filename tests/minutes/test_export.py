"""Official minutes out: PDF and Word in the seeds' layout, and the export-minutes command."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pdfminer.high_level import extract_text
from pypdf import PdfReader

from mahalleh.core.jalali import format_jalali, weekday_name
from mahalleh.core.text import normalize, to_persian_digits
from mahalleh.meetings.models import AgendaItem, Attendance, DeadlineKind
from mahalleh.minutes.export import (
    MeetingNotFound,
    build_minutes_context,
    render_minutes_docx,
    render_minutes_pdf,
)
from tests.factories import AgencyFactory, AssignmentFactory, BodyFactory, MeetingFactory, ResolutionFactory

SEEDS = Path(__file__).resolve().parents[2] / "src" / "mahalleh" / "demo" / "seeds"
FA_DIGIT = re.compile(r"^[۰-۹]+$")


def _words(text: str) -> set[str]:
    """Comparison words: presentation forms folded, letters normalized, ZWNJ dropped (PDFs lose it)."""
    t = normalize(unicodedata.normalize("NFKC", text).replace("\u200c", ""))
    return set(re.findall(r"\w+", t))


def _seed_resolutions(name: str) -> list[tuple[str, str, str]]:
    """(text, agencies, deadline) of each row of a seed's resolutions table, in either column order."""
    rows = {}
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 4:
            continue
        if FA_DIGIT.match(cells[0]):
            number, text, agencies, deadline = cells
        elif FA_DIGIT.match(cells[3]):
            deadline, agencies, text, number = cells
        else:
            continue
        rows[number] = (text, agencies, deadline)
    return list(rows.values())


def build_seed_meeting():  # type: ignore[no-untyped-def]
    """Seed 003 (14th provincial HQ, 1401/04/23) with seed 001's 21 absentees: a real-size meeting."""
    body = BodyFactory(name="قرارگاه اجتماعی استان", province__name="البرز", province__code="alborz")
    meeting = MeetingFactory(
        body=body,
        number=14,
        date=datetime.date(2022, 7, 14),
        start_time=datetime.time(7, 30),
        place="سالن جلسات شهدای دولت",
        invitation_number="۲۱/۲۵/۲۵۶۷۵",
        invitation_date=datetime.date(2022, 7, 12),
        chair="استاندار محترم",
        secretary="مدیرکل دفتر امور اجتماعی و فرهنگی",
    )
    seed = (SEEDS / "003_provincial_hq_14th_1401_04_23.txt").read_text(encoding="utf-8")
    agenda = [m.group(1) for m in re.finditer(r"^- [۰-۹]+- (.+)$", seed, re.MULTILINE)]
    for i, text in enumerate(agenda, start=1):
        AgendaItem.objects.create(meeting=meeting, order=i, text=text, is_review="مصوبات" in text)
    start, end = seed.index("چهاردهمین جلسه قرارگاه"), seed.index("در پایان پس از بحث")
    meeting.narrative = seed[start:end].strip()
    meeting.save()
    agencies: dict[str, object] = {}
    for i, (text, written, deadline) in enumerate(
        _seed_resolutions("003_provincial_hq_14th_1401_04_23.txt"), 1
    ):
        resolution = ResolutionFactory(
            meeting=meeting, number=i, text=text, deadline_raw=deadline, responsible_raw=written
        )
        if i % 3:  # a third of the rows keep only the agencies as written, like an unmatched import
            agency = agencies.setdefault(written, AgencyFactory(province=body.province, name=written))
            AssignmentFactory(resolution=resolution, agency=agency, is_lead=True, written_as=written)
    absent = re.findall(
        r"<li>[۰-۹]+ (.+?)</li>", (SEEDS / "001_provincial_hq_4th_1401_02_01.txt").read_text("utf-8")
    )
    for name in absent:
        Attendance.objects.create(
            meeting=meeting,
            agency=AgencyFactory(province=body.province, name=name),
            status=Attendance.Status.ABSENT,
        )
    return meeting


@pytest.fixture
def meeting(db):  # type: ignore[no-untyped-def]
    """A small meeting: three resolutions with lead and co-agencies, a raw one, a due date, two absentees."""
    body = BodyFactory(name="قرارگاه اجتماعی استان")
    m = MeetingFactory(
        body=body,
        number=4,
        date=datetime.date(2022, 4, 21),  # 1401/02/01, a Thursday
        start_time=datetime.time(9, 0),
        place="سالن جلسات شهدای دولت",
        invitation_number="21/25/5127",
        invitation_date=datetime.date(2022, 4, 20),
        narrative="پس از تلاوت **آقای کاظمینی** گزارشی ارائه کردند.\n\nاستاندار البرز گفت: مدیران راهکار ارائه دهند.",
    )
    AgendaItem.objects.create(meeting=m, order=1, text="بررسی مصوبات جلسه گذشته", is_review=True)
    AgendaItem.objects.create(meeting=m, order=2, text="گزارش خانه های محلات شهرستان چهارباغ")
    sport = AgencyFactory(province=body.province, name="اداره کل ورزش و جوانان")
    school = AgencyFactory(province=body.province, name="اداره کل آموزش و پرورش")
    karaj = AgencyFactory(province=body.province, name="فرمانداری کرج")
    r1 = ResolutionFactory(
        meeting=m,
        number=1,
        text="<b>مقرر گردید:</b> از ظرفیت سالن های ورزشی برای مسابقات محلات استفاده شود.",
        deadline_raw="یک هفته",
    )
    AssignmentFactory(resolution=r1, agency=school, is_lead=False)
    AssignmentFactory(resolution=r1, agency=sport, is_lead=True)
    r2 = ResolutionFactory(
        meeting=m,
        number=2,
        text="مقرر گردید: ظرفیت مدارس بعد از ساعت اداری برای ورزش بانوان استفاده شود.",
        deadline_kind=DeadlineKind.DATE,
        due_date=datetime.date(2022, 5, 21),  # 1401/02/31
    )
    AssignmentFactory(resolution=r2, agency=school, is_lead=True)
    ResolutionFactory(
        meeting=m,
        number=3,
        text="مقرر گردید: کمپ های ترک اعتیاد راه اندازی شود.",
        responsible_raw="فرمانداران محترم تابعه و شهرداری کرج",
        deadline_kind=DeadlineKind.CONTINUOUS,
    )
    Attendance.objects.create(meeting=m, agency=karaj, status=Attendance.Status.ABSENT)
    Attendance.objects.create(
        meeting=m,
        agency=AgencyFactory(province=body.province, name="بنیاد برکت"),
        status=Attendance.Status.ABSENT,
    )
    Attendance.objects.create(meeting=m, agency=sport, status=Attendance.Status.PRESENT)
    return m


_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_DIGIT_RUN = re.compile(r"[0-9۰-۹][0-9۰-۹/:.]*[0-9۰-۹]")


def _pdf_text(data: bytes) -> str:
    """The PDF's text as two readings joined, since neither extractor is right alone for Persian.

    pypdf returns logical order but runs adjacent table cells together («یک هفتهاداره»). pdfminer
    keeps cells apart but returns each right-to-left line in visual order (letters reversed, numbers
    as written), so its lines are reversed and their numbers put back; a lam-alef ligature then
    comes out as «ال», which the pypdf reading has right.
    """
    logical = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    lines = []
    for line in unicodedata.normalize("NFKC", extract_text(io.BytesIO(data))).splitlines():
        if _ARABIC_LETTER.search(line):
            line = _DIGIT_RUN.sub(lambda m: m.group()[::-1], line[::-1])
        lines.append(line)
    return logical + "\n" + "\n".join(lines)


def _docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def _docx_text(xml: str) -> str:
    """The text of each paragraph, runs joined (Word may split a sentence across runs)."""
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL)
    return "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)


# ---- what is printed ----------------------------------------------------------------------------


def test_context_rows_follow_the_seed_layout(meeting):
    m = build_minutes_context(meeting)
    assert m.subject == "چهارمین صورتجلسه قرارگاه اجتماعی استان"
    assert m.header_values[:3] == ["۱۴۰۱/۰۲/۰۱", "پنجشنبه", "۹:۰۰"]
    assert m.header_values[4:] == ["۲۱/۲۵/۵۱۲۷", "۱۴۰۱/۰۱/۳۱"]
    assert m.agenda == ["بررسی مصوبات جلسه گذشته", "گزارش خانه های محلات شهرستان چهارباغ"]
    first, second, third = m.resolutions
    assert (first.number, first.lead_in) == ("۱", "مقرر گردید:")
    assert first.text.startswith("از ظرفیت سالن") and "<b>" not in first.text
    assert first.agencies == "اداره کل ورزش و جوانان، اداره کل آموزش و پرورش"  # lead first
    assert (first.deadline, second.deadline) == ("یک هفته", "۱۴۰۱/۰۲/۳۱")
    assert (third.agencies, third.deadline) == ("فرمانداران محترم تابعه و شهرداری کرج", "بطور مستمر")
    assert m.absentees == ["بنیاد برکت", "فرمانداری کرج"]
    bold = [s.text for p in m.narrative for s in p if s.bold]
    assert bold == ["آقای کاظمینی"] and len(m.narrative) == 2


def test_context_without_number_and_latin_digits(db):
    meeting = MeetingFactory(number=None, place="طبقه 3", start_time=None)
    ResolutionFactory(meeting=meeting, number=1, text="مقرر گردید: بند 42 اجرا شود.")
    m = build_minutes_context(meeting.pk)
    assert m.subject == f"صورتجلسه {to_persian_digits(meeting.body.name)}"
    assert m.header_values[2] == "" and m.header_values[3] == "طبقه ۳"
    assert m.resolutions[0].text == "بند ۴۲ اجرا شود."


def test_unknown_meeting_raises_persian_error(db):
    with pytest.raises(MeetingNotFound, match="جلسه‌ای با شناسه"):
        build_minutes_context(987654)


def test_queries_do_not_grow_with_the_meeting(db):
    meeting = build_seed_meeting()
    with CaptureQueriesContext(connection) as big:
        build_minutes_context(meeting)
    small = AssignmentFactory().resolution.meeting  # one of everything, so every prefetch runs
    Attendance.objects.create(meeting=small, agency=AgencyFactory(), status=Attendance.Status.ABSENT)
    with CaptureQueriesContext(connection) as tiny:
        build_minutes_context(small)
    assert len(big) == len(tiny) <= 5


# ---- PDF ----------------------------------------------------------------------------------------


def test_pdf_holds_resolutions_agencies_and_dates(meeting):
    data = render_minutes_pdf(meeting)
    assert data.startswith(b"%PDF")
    words = _words(_pdf_text(data))
    for resolution in meeting.resolutions.all():
        assert _words(re.sub(r"<[^>]+>", " ", resolution.text)) <= words, resolution.number
    for name in ("اداره کل ورزش و جوانان", "اداره کل آموزش و پرورش", "فرمانداران محترم تابعه", "بنیاد برکت"):
        assert _words(name) <= words
    assert normalize(format_jalali(meeting.date)) in normalize(_pdf_text(data))
    assert _words(weekday_name(meeting.date) + " اسامی غایبین دستور کار شرح مذاکرات") <= words
    assert _words("ردیف مصوبات اقدام کننده زمان اقدام") <= words


def test_pdf_embeds_vazirmatn_and_numbers_pages(db):
    data = render_minutes_pdf(build_seed_meeting())
    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Vazirmatn" in f for f in fonts), fonts
    pages = len(reader.pages)
    assert pages >= 2
    last = reader.pages[-1].extract_text()
    assert f"صفحه {to_persian_digits(pages)} از {to_persian_digits(pages)}" in last
    text = _pdf_text(data)
    # Persian digits everywhere: no ASCII digit reaches the page.
    assert not re.search(r"[0-9]", text), re.findall(r".{0,20}[0-9].{0,20}", text)[:3]


# ---- Word ---------------------------------------------------------------------------------------


def test_docx_holds_table_absentees_and_rtl(meeting):
    xml = _docx_xml(render_minutes_docx(meeting))
    text = _docx_text(xml)
    for row in build_minutes_context(meeting).resolutions:
        assert row.text in text
    for header in ("ردیف", "مصوبات", "اقدام کننده", "زمان اقدام"):
        assert f">{header}<" in xml
    assert "۱- بنیاد برکت" in text and "۲- فرمانداری کرج" in text
    assert "اداره کل ورزش و جوانان، اداره کل آموزش و پرورش" in text
    assert "موضوع: چهارمین صورتجلسه قرارگاه اجتماعی استان" in text
    assert "۱۴۰۱/۰۲/۰۱" in text and "۱۴۰۱/۰۲/۳۱" in text
    assert "<w:bidi/>" in xml and "<w:rtl/>" in xml and "<w:bidiVisual/>" in xml
    assert 'w:cs="Vazirmatn"' in xml
    # Every paragraph of the body is right-to-left.
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL)
    assert paragraphs and all("<w:bidi/>" in p for p in paragraphs if "<w:t" in p)


def test_docx_footer_numbers_pages(meeting):
    with zipfile.ZipFile(io.BytesIO(render_minutes_docx(meeting))) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in f and "NUMPAGES" in f and "صفحه" in f for f in footers)


def test_meeting_with_nothing_recorded_still_renders(db):
    meeting = MeetingFactory(body=BodyFactory(name="کارگروه فرهنگی"), number=7)
    xml = _docx_xml(render_minutes_docx(meeting))
    assert "مصوبه‌ای ثبت نشده است." in _docx_text(xml) and "اسامی غایبین" not in xml
    words = _words(_pdf_text(render_minutes_pdf(meeting)))
    assert _words("هفتمین صورتجلسه کارگروه فرهنگی مصوبه‌ای ثبت نشده است") <= words


# ---- the command --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_command_writes_file(meeting, tmp_path, fmt):
    out = tmp_path / f"minutes.{fmt}"
    stdout = io.StringIO()
    call_command("export-minutes", str(meeting.pk), "--format", fmt, "--output", str(out), stdout=stdout)
    data = out.read_bytes()
    assert data.startswith(b"%PDF" if fmt == "pdf" else b"PK")
    assert "نوشته شد" in stdout.getvalue()
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left beside it


def test_command_takes_format_from_extension_and_persian_id(meeting, tmp_path):
    out = tmp_path / "m.docx"
    call_command("export-minutes", to_persian_digits(meeting.pk), "--output", str(out), stdout=io.StringIO())
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["987654", "--format", "pdf"], "جلسه‌ای با شناسه «۹۸۷۶۵۴» پیدا نشد"),
        (["{id}", "--format", "odt"], "قالب «odt» پشتیبانی نمی‌شود"),
        (["abc", "--format", "pdf"], "شناسه جلسه باید عدد باشد"),
    ],
)
def test_command_rejects_bad_input(meeting, tmp_path, args, message):
    out = tmp_path / "x.out"
    args = [a.format(id=meeting.pk) for a in args] + ["--output", str(out)]
    with pytest.raises(CommandError, match=message):
        call_command("export-minutes", *args)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_command_line_exits_non_zero_with_persian_message(meeting, tmp_path, capsys, monkeypatch):
    # run_from_argv closes connections when done, which would end the test's transaction.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    command = load_command_class("mahalleh.minutes", "export-minutes")
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(
            ["mahalleh", "export-minutes", "987654", "--format", "pdf", "-o", str(tmp_path / "a.pdf")]
        )
    assert exit_info.value.code != 0
    assert "پیدا نشد" in capsys.readouterr().err
