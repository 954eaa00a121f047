"""The compiled month as PDF and Excel (page and command), the reminders, and the demo's reports."""

import datetime
import io
import re
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from mahalleh.reports import monthly, monthly_reminders, services
from mahalleh.reports.monthly import Month
from mahalleh.reports.monthly_models import MonthlyReminderSent, MonthlyReport
from mahalleh.reports.services import IndicatorEntry, ServiceEntry

Status = MonthlyReport.Status


_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_DIGIT_RUN = re.compile(r"[0-9۰-۹][0-9۰-۹/:.]*[0-9۰-۹]")


def pdf_text(data: bytes) -> str:
    """Both readings, as tests/minutes/test_export.py: pypdf's logical order, and pdfminer's lines (visual
    order) reversed with their numbers put back; zero-width non-joiners dropped."""
    from pdfminer.high_level import extract_text
    from pypdf import PdfReader

    logical = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    lines = []
    for line in unicodedata.normalize("NFKC", extract_text(io.BytesIO(data))).splitlines():
        if _ARABIC_LETTER.search(line):
            line = _DIGIT_RUN.sub(lambda m: m.group()[::-1], line[::-1])
        lines.append(line)
    return (logical + "\n" + "\n".join(lines)).replace("\u200c", "")


@pytest.fixture
def filed(focal, secretariat, agency, hood, axis, indicator, last_month):
    report = services.monthly_report_create(
        agency=agency, month=last_month, narrative="برگزاری لیگ فوتبال محلات", submit=True, actor=focal,
        indicators=[IndicatorEntry(indicator, Decimal("120"))],
        services=[ServiceEntry(hood, axis, "کلاس فوتسال بانوان", Decimal("40"), "نفر")])
    return services.monthly_report_review(report=report, decision="accept", version=report.version, actor=secretariat)


def test_the_compiled_excel_is_right_to_left_and_lists_who_has_not_filed(client, secretariat, filed, other_agency, last_month):
    client.force_login(secretariat)
    response = client.get(reverse("reports:monthly_compiled") + f"?month={last_month.code}&format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    first = book.worksheets[0]
    assert first.sheet_view.rightToLeft and all(ws.sheet_view.rightToLeft for ws in book.worksheets)
    assert [c.value for c in first[1]] == ["ردیف", "دستگاه", "وضعیت گزارش", "ارسال", "تاریخ نخستین ارسال", "نظر دبیرخانه"]
    states = {row[1]: row[2] for row in first.iter_rows(min_row=2, values_only=True)}
    assert states == {filed.agency.name: "پذیرفته", other_agency.name: "ارسال‌نشده"}
    services_sheet = book["خدمات به تفکیک محله"]
    assert [c.value for c in services_sheet[2]][:5] == ["حصار", "کرج", "ورزش و جوانان", filed.agency.name, "کلاس فوتسال بانوان"]
    assert services_sheet.cell(2, 6).value == 40
    assert [r[1] for r in book["ارسال‌نکرده"].iter_rows(min_row=2, values_only=True)] == [other_agency.name]


def test_the_compiled_pdf_names_the_month_the_filings_and_who_has_not_filed(client, secretariat, filed, other_agency, last_month):
    client.force_login(secretariat)
    page = client.get(reverse("reports:monthly_compiled") + f"?month={last_month.code}")
    assert page.status_code == 200 and other_agency.name in page.content.decode()
    response = client.get(reverse("reports:monthly_compiled") + f"?month={last_month.code}&format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    for needle in ("گزارش تلفیقی", "ارسال‌نشده", "کلاس فوتسال بانوان", "حصار"):
        assert needle.replace("\u200c", "") in text, needle


def test_a_month_with_no_filings_compiles_and_one_not_begun_is_refused(client, secretariat, agency, this_month):
    client.force_login(secretariat)
    empty = client.get(reverse("reports:monthly_compiled") + f"?month={this_month.code}&format=xlsx")
    rows = list(load_workbook(io.BytesIO(empty.content)).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [(agency.name, "ارسال‌نشده")]
    future = client.get(reverse("reports:monthly_compiled") + f"?month={this_month.next().code}&format=pdf")
    assert future.status_code == 400 and "هنوز آغاز نشده" in future.content.decode()


def test_the_command_writes_pdf_and_xlsx(filed, province, last_month, tmp_path):
    xlsx, pdf = tmp_path / "m.xlsx", tmp_path / "m.pdf"
    call_command("monthly-report", "--province", "alborz", "--month", last_month.code, "--format", "xlsx",
                 "--output", str(xlsx))
    assert load_workbook(xlsx).worksheets[0].sheet_view.rightToLeft
    call_command("monthly-report", province="alborz", month=last_month.code, format="pdf", output=str(pdf))
    assert "لیگ فوتبال".replace("\u200c", "") in pdf_text(pdf.read_bytes())


def test_the_command_refuses_a_month_not_begun_and_writes_nothing(province, this_month, tmp_path):
    out = tmp_path / "m.pdf"
    with pytest.raises(CommandError, match="هنوز آغاز نشده"):
        call_command("monthly-report", province="alborz", month=this_month.next().code, format="pdf", output=str(out))
    with pytest.raises(CommandError, match="استانی"):
        call_command("monthly-report", province="nowhere", month="1405/01", format="pdf", output=str(out))
    assert not out.exists()


def test_the_command_exits_non_zero_from_the_shell(tmp_path):
    import os
    import shutil

    mahalleh = shutil.which("mahalleh") or os.path.join(os.path.dirname(os.sys.executable), "mahalleh")
    if not os.path.exists(mahalleh):
        pytest.skip("the mahalleh entry point is not installed")
    out = tmp_path / "m.xlsx"
    done = subprocess.run([mahalleh, "monthly-report", "--province", "alborz", "--month", "1405/13", "--format", "xlsx",
                           "--output", str(out)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "mahalleh.config.settings"})
    assert done.returncode != 0 and not out.exists()


def test_reminders_go_before_and_on_the_due_day_once_each_to_those_not_filed(focal, agency, other_agency, province, sms_outbox):
    month = Month(1405, 8)
    due = monthly.due_date(province, month)  # 2026-11-28
    before = due - datetime.timedelta(days=2)
    assert [(a, k) for a, _, k in monthly_reminders.due_reminders(before)] == [
        (other_agency, monthly_reminders.BEFORE_DUE), (agency, monthly_reminders.BEFORE_DUE)]
    assert monthly_reminders.send_reminder(agency.pk, 1405, 8, monthly_reminders.BEFORE_DUE, today=before)
    assert not monthly_reminders.send_reminder(agency.pk, 1405, 8, monthly_reminders.BEFORE_DUE, today=before)
    assert not monthly_reminders.send_reminder(other_agency.pk, 1405, 8, monthly_reminders.BEFORE_DUE, today=before)  # nobody to tell
    assert [m.to for m in sms_outbox] == [focal.phone] and "گزارش ماهانه آبان ۱۴۰۵" in sms_outbox[0].text
    assert [a for a, _, _ in monthly_reminders.due_reminders(before)] == [other_agency]
    MonthlyReport.objects.create(agency=agency, province=province, year=1405, month=8, status=Status.SUBMITTED, filed_on=before)
    assert [a for a, _, k in monthly_reminders.due_reminders(due) if k == monthly_reminders.DUE_DAY] == [other_agency]
    assert not monthly_reminders.send_reminder(agency.pk, 1405, 8, monthly_reminders.DUE_DAY, today=due)
    assert list(monthly_reminders.due_reminders(due + datetime.timedelta(days=1))) == []


def test_the_reminders_command_and_task_schedule(focal, agency, province, sms_outbox, monkeypatch, django_capture_on_commit_callbacks):
    due = monthly.due_date(province, Month(1405, 8))
    monkeypatch.setattr("mahalleh.reports.management.commands.send_monthly_reminders.timezone.localdate", lambda: due)
    call_command("send_monthly_reminders")
    call_command("send_monthly_reminders")
    assert MonthlyReminderSent.objects.filter(agency=agency, kind=monthly_reminders.DUE_DAY).count() == 1
    assert len(sms_outbox) == 1
    from mahalleh.reports.monthly_tasks import schedule_monthly_reminders

    with django_capture_on_commit_callbacks() as callbacks:
        assert schedule_monthly_reminders(due - datetime.timedelta(days=1)) == 1  # the before-due one of agency
    assert len(callbacks) == 1


def test_the_demo_has_the_months_of_1405_and_loads_once(db):
    from mahalleh.demo.loader import load_demo

    load_demo()
    from mahalleh.places.models import Province

    alborz = Province.objects.get(code="alborz")
    reports = MonthlyReport.objects.filter(province=alborz, year=1405)
    assert set(reports.values_list("month", flat=True)) >= set(range(1, 9))
    statuses = set(reports.values_list("status", flat=True))
    assert {Status.ACCEPTED, Status.RETURNED, Status.SUBMITTED} <= statuses
    august = Month(1405, 8)
    assert monthly.month_rows(alborz, august, state="late", today=datetime.date(2026, 12, 4)).exists()
    assert monthly.month_rows(alborz, august, state="not_filed", today=datetime.date(2026, 12, 4)).filter(
        name="شهرداری کرج").exists()
    assert reports.get(agency__name="اداره کل ورزش و جوانان استان البرز", month=8).status == Status.RETURNED
    count = reports.count()
    again = load_demo()
    assert again["created"] == 0 and MonthlyReport.objects.filter(province=alborz, year=1405).count() == count
