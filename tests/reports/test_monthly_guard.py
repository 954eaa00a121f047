"""The forms guard's rules on the monthly report's forms: a stale edit is refused, a resent create makes one."""

import re

from django.test import Client
from django.urls import reverse

from mahalleh.reports import services
from mahalleh.reports.monthly_models import MonthlyReport

CONFLICT = "کاربر دیگری"
EMPTY_LINES = {"ind-TOTAL_FORMS": "0", "ind-INITIAL_FORMS": "0", "svc-TOTAL_FORMS": "0", "svc-INITIAL_FORMS": "0"}


def hidden(client, path, name):
    return re.search(rf'name="{name}" value="([^"]+)"', client.get(path).content.decode()).group(1)


def test_the_second_of_two_sessions_editing_a_report_is_refused(focal, agency, this_month):
    report = services.monthly_report_create(agency=agency, month=this_month, narrative="x", actor=focal)
    path = reverse("reports:monthly_edit", args=[report.pk])
    first, second = Client(), Client()
    first.force_login(focal)
    second.force_login(focal)
    v1, v2 = hidden(first, path, "version"), hidden(second, path, "version")
    assert first.post(path, EMPTY_LINES | {"narrative": "نخست", "version": v1}).status_code == 302
    stale = second.post(path, EMPTY_LINES | {"narrative": "دوم", "version": v2})
    assert stale.status_code == 409 and CONFLICT in stale.content.decode()
    report.refresh_from_db()
    assert report.narrative == "نخست"


def test_the_report_form_posted_twice_makes_one_report(client, focal, agency, this_month):
    client.force_login(focal)
    path = reverse("reports:monthly_file")
    key = hidden(client, path, "idempotency_key")
    data = EMPTY_LINES | {"month": this_month.code, "narrative": "x", "idempotency_key": key}
    first, second = client.post(path, data), client.post(path, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert MonthlyReport.objects.count() == 1


def test_a_review_of_a_stale_page_is_refused(client, focal, secretariat, agency, this_month):
    report = services.monthly_report_create(agency=agency, month=this_month, narrative="x", submit=True, actor=focal)
    client.force_login(secretariat)
    response = client.post(reverse("reports:monthly_review", args=[report.pk, "accept"]),
                           {"version": report.version - 1}, follow=True)
    assert any(CONFLICT in str(m) for m in response.context["messages"])
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED
