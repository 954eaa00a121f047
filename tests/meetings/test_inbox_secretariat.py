"""The secretariat's inbox lists the reports waiting for its acceptance (issue 9, point 14): the
agencies are told their report waits for the secretariat, and there the secretariat finds it."""

import uuid

import pytest
from django.urls import reverse

from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.roles import Role
from mahalleh.meetings.models import ProgressReport
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    ProgressReportFactory,
    ProvinceFactory,
    ResolutionFactory,
    user_with_role,
)

INBOX = reverse("meetings:inbox")
SUBMITTED = ProgressReport.Status.SUBMITTED


@pytest.fixture
def agency(province):
    return AgencyFactory(province=province, name="اداره کل ورزش و جوانان")


@pytest.fixture
def assignment(province, agency):
    resolution = ResolutionFactory(meeting__body=BodyFactory(province=province), text="مقرر گردید زمین ورزش ساخته شود.")
    return AssignmentFactory(resolution=resolution, agency=agency)


def inbox(client, user) -> str:
    client.force_login(user)
    response = client.get(INBOX)
    assert response.status_code == 200
    return response.content.decode()


def test_a_report_the_agency_sends_is_in_the_secretariats_inbox_to_accept(client, secretariat, agency, assignment):
    focal = user_with_role(Role.AGENCY, agency=agency)
    client.force_login(focal)
    client.post(reverse("meetings:report_create", args=[assignment.pk]),
                {"text": "زمین آماده شد", "percent": 100, KEY_FIELD: str(uuid.uuid4())})
    report = ProgressReport.objects.get(assignment=assignment)

    page = inbox(client, secretariat)
    assert "مصوبه بازی برای دستگاه شما نیست" not in page  # not an agency's inbox
    assert "گزارش‌های در انتظار پذیرش" in page  # a section of the secretariat's inbox (problems to route are another)
    assert "زمین آماده شد" in page and "مقرر گردید زمین ورزش ساخته شود." in page and "اداره کل ورزش و جوانان" in page
    accept = reverse("meetings:report_review", args=[report.pk, "accept"])
    assert f'action="{accept}"' in page

    response = client.post(accept, {"back": "inbox"})
    assert response.status_code == 302 and response["Location"] == INBOX
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED
    assert "زمین آماده شد" not in inbox(client, secretariat) and "گزارشی در انتظار پذیرش نیست." in inbox(client, secretariat)


def test_only_reports_still_waiting_in_the_users_province_oldest_first(client, secretariat, province, assignment):
    first = ProgressReportFactory(assignment=assignment, text="گزارش نخست", status=SUBMITTED)
    second = ProgressReportFactory(assignment=assignment, text="گزارش دوم", status=SUBMITTED)
    ProgressReportFactory(assignment=assignment, text="گزارش پذیرفته", status=ProgressReport.Status.ACCEPTED)
    ProgressReportFactory(assignment=assignment, text="گزارش برگشتی", status=ProgressReport.Status.RETURNED)
    far = ProvinceFactory(name="قم", code="qom")
    ProgressReportFactory(assignment=AssignmentFactory(resolution__meeting__body=BodyFactory(province=far),
                                                       agency=AgencyFactory(province=far)),
                          text="گزارش استان دیگر", status=SUBMITTED)
    page = inbox(client, secretariat)
    assert page.index(first.text) < page.index(second.text)
    for hidden in ("گزارش پذیرفته", "گزارش برگشتی", "گزارش استان دیگر"):
        assert hidden not in page


def test_the_governor_follows_them_without_accepting(client, province, assignment):
    ProgressReportFactory(assignment=assignment, text="گزارش در راه", status=SUBMITTED)
    page = inbox(client, user_with_role(Role.GOVERNOR, province=province))
    assert "گزارش در راه" in page and "در انتظار پذیرش دبیرخانه" in page
    assert "/accept/" not in page


def test_a_countys_staff_accepts_its_own_bodies_reports(client, province, county, agency):
    own = AssignmentFactory(resolution__meeting__body=BodyFactory(province=province, county=county), agency=agency)
    ProgressReportFactory(assignment=own, text="گزارش شهرستان", status=SUBMITTED)
    provincial = AssignmentFactory(resolution__meeting__body=BodyFactory(province=province), agency=agency)
    ProgressReportFactory(assignment=provincial, text="گزارش استانی", status=SUBMITTED)
    page = inbox(client, user_with_role(Role.COUNTY, county=county))
    assert "گزارش شهرستان" in page and "/accept/" in page
    assert "گزارش استانی" not in page


def test_an_agency_sees_its_resolutions_not_the_reports_section(client, agency, assignment):
    ProgressReportFactory(assignment=assignment, text="گزارش خودم", status=SUBMITTED)
    page = inbox(client, user_with_role(Role.AGENCY, agency=agency))
    assert 'data-testid="inbox-section-resolutions"' in page
    assert 'data-testid="inbox-section-reports"' not in page


def test_the_reports_section_costs_one_query(client, secretariat, assignment, django_assert_max_num_queries):
    ProgressReportFactory(assignment=assignment, status=SUBMITTED)
    client.force_login(secretariat)
    client.get(INBOX)
    with django_assert_max_num_queries(7) as few:  # the monthly reports to review are a section of their own
        client.get(INBOX)
    for _ in range(10):
        ProgressReportFactory(assignment=AssignmentFactory(resolution=assignment.resolution), status=SUBMITTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(INBOX).content.decode().count('data-testid="inbox-report"') == 11
