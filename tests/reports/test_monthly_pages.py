"""The monthly reports' pages: the agency's form (lines, attachments, bad input), the review, the month
page, the late list and its export, the inbox, and the dashboard's counts matching their lists."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from mahalleh.core.roles import Role
from mahalleh.reports import monthly, services
from mahalleh.reports.monthly import State
from mahalleh.reports.monthly_models import MonthlyAttachment, MonthlyReport
from mahalleh.reports.monthly_selectors import compliance
from tests.factories import AgencyFactory, user_with_role

Status = MonthlyReport.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def key_of(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def form_data(client, url, **extra):
    html = client.get(url).content.decode()
    data = {"ind-TOTAL_FORMS": "0", "ind-INITIAL_FORMS": "0", "svc-TOTAL_FORMS": "0", "svc-INITIAL_FORMS": "0"}
    if 'name="idempotency_key"' in html:
        data["idempotency_key"] = key_of(html)
    if (m := re.search(r'name="version" value="(\d+)"', html)) is not None:
        data["version"] = m.group(1)
    data.update(extra)
    return data


def test_the_focal_point_files_the_month_with_lines_and_an_attachment(client, focal, agency, hood, indicator, axis, this_month):
    client.force_login(focal)
    url = reverse("reports:monthly_file") + f"?month={this_month.code}"
    page = client.get(url)
    assert page.status_code == 200 and indicator.name in page.content.decode()
    data = form_data(client, url, month=this_month.code, narrative="کلاس‌های ورزشی بانوان", action="submit",
                     **{"ind-TOTAL_FORMS": "1", "ind-0-indicator": str(indicator.pk), "ind-0-value": "۱۲۰",
                        "svc-TOTAL_FORMS": "2", "svc-0-neighborhood": str(hood.pk), "svc-0-axis": str(axis.pk),
                        "svc-0-service": "کلاس فوتسال", "svc-0-quantity": "۴۰", "svc-0-unit": "نفر"})
    data["attachments"] = SimpleUploadedFile("گزارش.pdf", PDF, content_type="application/pdf")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = MonthlyReport.objects.get()
    assert report.status == Status.SUBMITTED and report.indicator_lines.get().value == 120
    assert report.service_lines.get().quantity == 40 and report.attachments.get().name.endswith(".pdf")
    detail = client.get(report.get_absolute_url()).content.decode()
    assert "کلاس فوتسال" in detail and "حصار" in detail
    download = client.get(reverse("reports:monthly_attachment", args=[report.pk, report.attachments.get().pk]))
    assert download.status_code == 200
    # a month has one report: the file page opens it
    assert client.get(url)["Location"] == report.get_absolute_url()


def test_a_month_not_begun_is_refused_on_its_field_in_persian_and_nothing_is_saved(client, focal, agency, this_month):
    client.force_login(focal)
    url = reverse("reports:monthly_file")
    response = client.post(url, form_data(client, url, month=this_month.next().code, narrative="x", action="submit"))
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="id_month_errors">\s*<div>ماه .* هنوز آغاز نشده است', html)
    assert not MonthlyReport.objects.exists()


def test_an_accepted_month_is_refused_on_its_field(client, focal, secretariat, agency, last_month):
    report = services.monthly_report_create(agency=agency, month=last_month, narrative="x", submit=True, actor=focal)
    services.monthly_report_review(report=report, decision="accept", version=report.version, actor=secretariat)
    client.force_login(focal)
    url = reverse("reports:monthly_file") + "?month=1300/01"  # an empty form, whose month is then typed
    response = client.post(url, form_data(client, url, month=last_month.code, narrative="y"))
    assert response.status_code == 400
    assert re.search(r'id="id_month_errors">\s*<div>گزارش .* پذیرفته شده است', response.content.decode())
    assert client.get(reverse("reports:monthly_edit", args=[report.pk])).status_code == 200
    edit = client.post(reverse("reports:monthly_edit", args=[report.pk]),
                       form_data(client, reverse("reports:monthly_edit", args=[report.pk]), narrative="z"))
    assert edit.status_code == 400 and "پذیرفته" in edit.content.decode()
    report.refresh_from_db()
    assert report.narrative == "x"


def test_a_bad_attachment_and_a_half_line_are_refused_with_nothing_saved(client, focal, agency, hood, this_month):
    client.force_login(focal)
    url = reverse("reports:monthly_file")
    data = form_data(client, url, month=this_month.code, narrative="x",
                     **{"svc-TOTAL_FORMS": "1", "svc-0-neighborhood": str(hood.pk), "svc-0-service": "کلاس"})
    data["attachments"] = SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>", content_type="text/html")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "page.html" in html and "محور این خدمت را انتخاب کنید." in html and "مقدار این خدمت را بنویسید." in html
    assert not MonthlyReport.objects.exists() and not MonthlyAttachment.objects.exists()


def test_the_secretariat_returns_with_a_note_and_accepts_from_the_month_page(client, focal, secretariat, agency, other_agency, last_month):
    report = services.monthly_report_create(agency=agency, month=last_month, narrative="x", submit=True, actor=focal)
    client.force_login(secretariat)
    page = client.get(reverse("reports:monthly_month") + f"?month={last_month.code}").content.decode()
    assert agency.name in page and other_agency.name in page and "پذیرش" in page
    refused = client.post(reverse("reports:monthly_review", args=[report.pk, "return"]), {"version": report.version})
    assert refused.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    client.post(reverse("reports:monthly_review", args=[report.pk, "accept"]), {"version": report.version, "back": "month"})
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    # a second accept of the same version is refused: nothing changes
    client.post(reverse("reports:monthly_review", args=[report.pk, "accept"]), {"version": report.version - 1})
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED and report.version == 2


def test_the_focal_point_cannot_review_nor_open_the_month_page(client, focal, agency, this_month):
    report = services.monthly_report_create(agency=agency, month=this_month, narrative="x", submit=True, actor=focal)
    client.force_login(focal)
    assert client.post(reverse("reports:monthly_review", args=[report.pk, "accept"]), {"version": 2}).status_code == 404
    assert client.get(reverse("reports:monthly_month")).status_code == 404
    assert agency.name not in client.get(reverse("reports:monthly_late")).content.decode()


def test_the_late_list_exports_to_excel(client, secretariat, agency, other_agency, last_month, province):
    MonthlyReport.objects.create(agency=agency, province=province, year=last_month.year, month=last_month.month,
                                 status=Status.SUBMITTED, filed_on=monthly.due_date(province, last_month) + datetime.timedelta(days=1))
    client.force_login(secretariat)
    url = reverse("reports:monthly_late") + f"?month={last_month.code}&state=late&export=xlsx"
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "دستگاه" and [r[0] for r in rows[1:]] == [agency.name]


def test_each_compliance_count_is_its_lists_row_count(client, secretariat, focal, agency, other_agency, province, last_month):
    due = monthly.due_date(province, last_month)
    third = AgencyFactory(province=province, name="اداره کل آموزش و پرورش استان البرز")
    third.memberships.create(body=agency.memberships.get().body)
    MonthlyReport.objects.create(agency=agency, province=province, year=last_month.year, month=last_month.month,
                                 status=Status.ACCEPTED, filed_on=due)
    MonthlyReport.objects.create(agency=other_agency, province=province, year=last_month.year, month=last_month.month,
                                 status=Status.RETURNED, filed_on=due + datetime.timedelta(days=1))
    counts = compliance(secretariat, last_month.year, last_month.month)
    assert [c.state for c in counts] == ["due", "on_time", "late", "not_filed", "accepted", "returned"]
    client.force_login(secretariat)
    for c in counts:
        sheet = load_workbook(io.BytesIO(client.get(c.url + "&export=xlsx").content)).active
        assert sheet.max_row - 1 == c.count, c
    assert {c.state: c.count for c in counts} == {"due": 3, "on_time": 1, "late": 1, "not_filed": 1, "accepted": 1,
                                                   "returned": 1}
    assert compliance(focal, last_month.year, last_month.month) == []


def test_the_inbox_shows_the_agency_its_month_to_file(client, focal, agency, last_month):
    client.force_login(focal)
    html = client.get(reverse("meetings:inbox")).content.decode()
    assert "گزارش ماهانه" in html and last_month.label in html
    draft = services.monthly_report_create(agency=agency, month=last_month, narrative="x", actor=focal)
    assert client.get(reverse("reports:monthly_file") + f"?month={last_month.code}")["Location"] == reverse(
        "reports:monthly_edit", args=[draft.pk])  # a draft opens on its form
    secretariat_like = user_with_role(Role.SECRETARIAT, province=agency.province)
    client.force_login(secretariat_like)
    html = client.get(reverse("meetings:inbox")).content.decode()
    assert 'data-testid="inbox-monthly"' not in html and 'data-testid="inbox-monthly-review"' not in html
    services.monthly_report_update(report=draft, version=draft.version, narrative="x", submit=True, actor=focal)
    html = client.get(reverse("meetings:inbox")).content.decode()
    assert 'data-testid="inbox-monthly-review"' in html and draft.get_absolute_url() in html


@pytest.mark.parametrize("state", [s.value for s in State])
def test_every_state_of_the_list_renders(client, secretariat, agency, last_month, state):
    client.force_login(secretariat)
    response = client.get(reverse("reports:monthly_late") + f"?month={last_month.code}&state={state}")
    assert response.status_code == 200


def test_under_htmx_the_form_swaps_its_errors_and_redirects_on_success(client, focal, agency, this_month):
    client.force_login(focal)
    url = reverse("reports:monthly_file")
    data = form_data(client, url, month=this_month.next().code, narrative="x")
    refused = client.post(url, data, HTTP_HX_REQUEST="true")
    html = refused.content.decode()
    assert refused.status_code == 200 and "<html" not in html and "هنوز آغاز نشده" in html
    done = client.post(url, data | {"month": this_month.code}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and done["HX-Redirect"] == MonthlyReport.objects.get().get_absolute_url()


def test_the_late_list_and_the_month_page_read_no_row_by_row(client, secretariat, agency, province, last_month,
                                                             ):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretariat)
    body = agency.memberships.get().body

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    late = reverse("reports:monthly_late") + f"?month={last_month.code}&state=due"
    month = reverse("reports:monthly_month") + f"?month={last_month.code}"
    MonthlyReport.objects.create(agency=agency, province=province, year=last_month.year, month=last_month.month,
                                 status=Status.SUBMITTED, filed_on=monthly.due_date(province, last_month))
    queries(late), queries(month)  # warm: the session, the user's scope
    few = (queries(late), queries(month))
    for _ in range(6):
        other = AgencyFactory(province=province)
        other.memberships.create(body=body)
        MonthlyReport.objects.create(agency=other, province=province, year=last_month.year, month=last_month.month,
                                     status=Status.SUBMITTED, filed_on=monthly.due_date(province, last_month))
    assert (queries(late), queries(month)) == few


def test_the_edit_form_shows_amounts_as_written_and_keeps_them(client, focal, agency, hood, axis, indicator, this_month):
    from decimal import Decimal

    from mahalleh.reports.services import IndicatorEntry, ServiceEntry

    report = services.monthly_report_create(agency=agency, month=this_month, narrative="x", actor=focal,
                                            indicators=[IndicatorEntry(indicator, Decimal("49"))],
                                            services=[ServiceEntry(hood, axis, "کلاس", Decimal("2.5"), "نفر")])
    client.force_login(focal)
    url = reverse("reports:monthly_edit", args=[report.pk])
    html = client.get(url).content.decode()
    assert 'value="۴۹"' in html and 'value="۲٫۵"' in html
    data = {"narrative": "x", "version": report.version, "ind-TOTAL_FORMS": "1", "ind-INITIAL_FORMS": "1",
            "ind-0-indicator": indicator.pk, "ind-0-value": "۴۹", "svc-TOTAL_FORMS": "1", "svc-INITIAL_FORMS": "1",
            "svc-0-neighborhood": hood.pk, "svc-0-axis": axis.pk, "svc-0-service": "کلاس", "svc-0-quantity": "۲٫۵",
            "svc-0-unit": "نفر"}
    assert client.post(url, data).status_code == 302
    assert report.indicator_lines.get().value == 49 and report.service_lines.get().quantity == Decimal("2.5")


def test_the_list_links_the_month_pages_for_the_secretariat_and_the_form_for_the_agency(client, focal, secretariat, agency):
    client.force_login(secretariat)
    html = client.get(reverse("reports:monthly_reports")).content.decode()
    assert reverse("reports:monthly_month") in html and reverse("reports:monthly_late") in html
    assert reverse("reports:monthly_file") not in html
    client.force_login(focal)
    html = client.get(reverse("reports:monthly_reports")).content.decode()
    assert reverse("reports:monthly_file") in html and reverse("reports:monthly_late") not in html


def test_the_dashboards_compliance_group_counts_its_lists(client, secretariat, focal, agency, other_agency, province,
                                                          last_month):
    """The home page's monthly group: one grouped count per month, each number its late list's rows; the
    same figures as ``compliance``; an agency's focal point (who follows no province) sees no group."""
    due = monthly.due_date(province, last_month)
    MonthlyReport.objects.create(agency=agency, province=province, year=last_month.year, month=last_month.month,
                                 status=Status.ACCEPTED, filed_on=due)
    MonthlyReport.objects.create(agency=other_agency, province=province, year=last_month.year, month=last_month.month,
                                 status=Status.RETURNED, filed_on=due + datetime.timedelta(days=1))
    client.force_login(secretariat)
    groups = {g.key: g for g in client.get(reverse("home")).context["groups"]}
    group = groups["monthly_compliance"]
    row = next(r for r in group.rows if r.label == last_month.label)
    expected = compliance(secretariat, last_month.year, last_month.month)
    assert [c.value for c in row.cells] == [c.count for c in expected] and row.cells[1].value == 1
    for cell in (c for r in group.rows for c in r.cells):
        listed = client.get(cell.url)
        assert listed.context["page_obj"].paginator.count == cell.value, cell.url
    client.force_login(focal)
    assert "monthly_compliance" not in {g.key for g in client.get(reverse("home")).context["groups"]}
