"""The reporter's name and mobile: every read logged, the log reviewable by the province admin, and
neither the log nor the audit ever holding them."""

import json

import pytest
from django.urls import reverse

from mahalleh.core.models import AuditEntry
from mahalleh.problems import codes, services
from mahalleh.problems.models import PersonalDataRead

NAME, MOBILE = "زهرا احمدی", "09123456789"


@pytest.fixture
def problem(routes, manager, neighborhood, sewage):
    return services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage, description="فاضلاب",
                                   reporter_name=NAME, reporter_mobile=MOBILE, may_call_back=True)


def test_the_read_log_is_for_the_secretariat_and_holds_no_personal_data(client, problem, county_user, secretariat):
    client.force_login(county_user)
    client.get(problem.get_absolute_url())
    assert PersonalDataRead.objects.filter(user=county_user, problem=problem).count() == 1
    page = client.get(reverse("problems:personal_reads")).content.decode()
    assert codes.display(problem.tracking_code) not in page  # a county user does not review the log
    client.force_login(secretariat)
    page = client.get(reverse("problems:personal_reads")).content.decode()
    assert codes.display(problem.tracking_code) in page and county_user.username in page
    assert NAME not in page and MOBILE not in page


def test_the_audit_never_holds_the_name_or_mobile(client, problem, county_user, focal):
    client.force_login(focal)  # the agency, the reporter agreed to be called back
    page = client.get(problem.get_absolute_url()).content.decode()
    assert NAME in page
    rows = json.dumps([[a.before, a.after] for a in AuditEntry.objects.all()], ensure_ascii=False, default=str)
    assert problem.tracking_code in rows  # the audit did record the problem …
    assert NAME not in rows and MOBILE not in rows  # … without who raised it
