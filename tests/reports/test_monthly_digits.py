"""Persian digits on the monthly reports' pages, as the demo's secretariat and focal point read them."""

import pytest
from django.test import Client

from mahalleh.accounts.models import User
from mahalleh.reports.monthly_models import MonthlyReport
from tests.platform.test_persian_digits import latin_digits_in, visible_text


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from mahalleh.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", "--noinput", verbosity=0)


@pytest.mark.django_db
def test_the_monthly_pages_show_no_latin_digit(demo):
    usernames = set(User.objects.values_list("username", flat=True))
    filed = MonthlyReport.objects.filter(year=1405, month=8, service_lines__isnull=False).order_by("pk").first()
    returned = MonthlyReport.objects.get(agency__name="اداره کل ورزش و جوانان استان البرز", year=1405, month=8)
    pages = {
        "secretariat": ["/reports/monthly/", "/reports/monthly/month/", "/reports/monthly/month/?month=1405/03",
                        "/reports/monthly/late/", "/reports/monthly/late/?month=1405/08&state=due",
                        "/reports/monthly/compiled/?month=1405/08", filed.get_absolute_url()],
        "varzesh": ["/reports/monthly/", "/meetings/inbox/", returned.get_absolute_url(),
                    f"/reports/monthly/{returned.pk}/edit/"],
        "shahrdari-karaj": ["/reports/monthly/file/?month=1405/08"],
    }
    found = {}
    for username, urls in pages.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if hits := latin_digits_in(visible_text(response.content.decode(), usernames)):
                found[f"{username} {url}"] = hits
    assert not found, f"Latin digits a person sees: {found}"
