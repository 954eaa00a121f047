"""The neighborhood's lists (issue 12, item 6): who reads the people, the read log, the Excel import with
its row-by-row report (all or nothing, or the good rows only), the templates and the exports."""

from __future__ import annotations

import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mahalleh.core import imports
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.places import sheets
from mahalleh.places.models import ListImport, ListRead, NeighborhoodNeed, NeighborhoodPerson
from mahalleh.places.services import ImportRejected, list_import
from tests.factories import AgencyFactory, NeighborhoodFactory, user_with_role

ELITE = NeighborhoodPerson.Kind.ELITE
HEADERS = ["نام و نام خانوادگی *", "تلفن همراه", "کد ملی", "جنسیت", "گروه سنی", "رشته / مهارت", "تاریخ ثبت", "توضیح"]


def workbook(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def hood(county):
    return NeighborhoodFactory(county=county, name="حصار")


@pytest.fixture
def manager(hood):
    return user_with_role(Role.NEIGHBORHOOD, neighborhood=hood)


def upload(client, hood, data, *, mode="all_or_nothing", key=None, kind=ELITE):
    f = io.BytesIO(data)
    f.name = "list.xlsx"
    return client.post(reverse("places:list_import", args=[hood.pk, kind]),
                       {"file": f, "mode": mode, "idempotency_key": key or str(uuid.uuid4())})


# ---- the cells ---------------------------------------------------------------------------------------


def test_cells_read_iranian_mobiles_national_codes_and_jalali_dates_in_any_digits():
    assert imports.mobile("۰۹۱۲ ۱۲۳-۴۵۶۷") == "09121234567"
    assert imports.mobile("+989121234567") == "09121234567"
    assert imports.mobile("9121234567") == "09121234567"  # a number cell that lost its 0
    with pytest.raises(imports.CellError, match="۰۹"):
        imports.mobile("0212345678")
    assert imports.national_code("۰۰۱۲۳۴۵۶۷۹") == "0012345679"
    with pytest.raises(imports.CellError, match="رقم کنترل"):
        imports.national_code("0012345672")
    assert str(imports.jalali_date("۱۴۰۳/۰۲/۱۵")) == "2024-05-04"
    with pytest.raises(imports.CellError, match="تاریخ شمسی"):
        imports.jalali_date("1403/13/40")


# ---- the import ----------------------------------------------------------------------------------------


def test_a_bad_row_rejects_the_whole_file_and_says_which_row_and_column(client, hood, manager):
    client.force_login(manager)
    data = workbook([["زهرا محمدی", "09121234567", "", "زن", "", "پزشکی", "1403/02/15", ""],
                     ["علی کریمی", "0912", "", "", "", "", "1403/02/15", ""],
                     ["سارا احمدی", "09121234568", "", "", "", "", "1403/14/01", ""]])
    r = upload(client, hood, data)
    assert r.status_code == 400
    page = r.content.decode()
    assert "ردیف ۳، ستون تلفن همراه: شماره همراه ایران نیست" in page
    assert "ردیف ۴، ستون تاریخ ثبت:" in page
    assert "هیچ ردیفی ثبت نشد" in page
    assert not NeighborhoodPerson.objects.exists() and not ListImport.objects.exists()


def test_keeping_the_valid_rows_writes_them_and_reports_the_others(client, hood, manager):
    client.force_login(manager)
    data = workbook([["زهرا محمدی", "۰۹۱۲۱۲۳۴۵۶۷", "", "زن", "بزرگسال (۱۸ تا ۶۰)", "پزشکی", "۱۴۰۳/۰۲/۱۵", ""],
                     ["علی کریمی", "0912", "", "", "", "", "", ""]])
    r = upload(client, hood, data, mode="keep_valid")
    assert r.status_code == 302
    person = NeighborhoodPerson.objects.get()
    assert (person.full_name, person.mobile, person.gender, person.age_group, person.kind) == (
        "زهرا محمدی", "09121234567", "female", "adult", ELITE)
    run = ListImport.objects.get()
    assert (run.created, run.skipped) == (1, 1) and "ردیف ۳، ستون تلفن همراه" in run.errors[0]
    assert "ردیف ۳، ستون تلفن همراه" in client.get(r["Location"]).content.decode()
    # personal data never reaches the audit: only the mark that it was set
    entry = AuditEntry.objects.filter(content_type__model="neighborhoodperson").get()
    assert "زهرا" not in str(entry.after) and "09121234567" not in str(entry.after) and entry.after["mobile"]


def test_a_resent_import_imports_once(client, hood, manager):
    client.force_login(manager)
    data = workbook([["زهرا محمدی", "09121234567", "", "", "", "", "", ""]])
    key = str(uuid.uuid4())
    assert upload(client, hood, data, key=key).status_code == 302
    assert upload(client, hood, data, key=key).status_code == 302
    assert NeighborhoodPerson.objects.count() == 1 and ListImport.objects.count() == 1


def test_wrong_columns_and_files_that_are_not_workbooks_are_refused_in_persian(client, hood, manager):
    client.force_login(manager)
    r = upload(client, hood, workbook([["زهرا"]], headers=["نام", "موبایل"]))
    page = r.content.decode()
    assert r.status_code == 400
    assert "«نام و نام خانوادگی» در سرستون‌ها نیست" in page and "«نام»، «موبایل» شناخته نشد" in page
    r = upload(client, hood, b"%PDF-1.4 not a workbook")
    assert r.status_code == 400 and "کارنامه اکسل (xlsx) معتبری نیست" in r.content.decode()
    r = upload(client, hood, b"PK\x03\x04 broken zip")
    assert r.status_code == 400 and "xlsx" in r.content.decode()
    assert not NeighborhoodPerson.objects.exists()


def test_a_mobile_twice_in_one_file_is_reported_with_the_first_row(hood, manager):
    data = workbook([["زهرا محمدی", "09121234567"], ["زهره محمدی", "۰۹۱۲۱۲۳۴۵۶۷"]],
                    headers=["نام و نام خانوادگی", "تلفن همراه"])
    with pytest.raises(ImportRejected) as exc:
        list_import(neighborhood=hood, kind=ELITE, data=data, filename="x.xlsx", keep_valid=False, actor=manager)
    [error] = exc.value.report.errors
    assert str(error) == "ردیف ۳، ستون تلفن همراه: تکراری است؛ همین مقدار در ردیف ۲ آمده است."


def test_registrants_need_their_program_and_needs_import_quantities(hood, manager):
    data = workbook([["علی کریمی", "09121234567", ""]], headers=["نام و نام خانوادگی", "تلفن همراه", "برنامه"])
    with pytest.raises(ImportRejected) as exc:
        list_import(neighborhood=hood, kind="registrant", data=data, filename="x.xlsx", keep_valid=False, actor=manager)
    assert "ستون برنامه" in str(exc.value.report.errors[0])
    needs = workbook([["دبستان دخترانه", "۴", "کلاس درس", "", "ثبت ۱۲", "1403/02/15", ""]],
                     headers=[c.header for c in sheets.NEEDS["school_space"].columns])
    run = list_import(neighborhood=hood, kind="school_space", data=needs, filename="n.xlsx", keep_valid=False, actor=manager)
    need = NeighborhoodNeed.objects.get()
    assert run.created == 1 and need.quantity == 4 and need.unit == "کلاس درس" and need.reference == "ثبت ۱۲"


def test_the_template_is_a_right_to_left_workbook_with_the_headers(client, manager):
    client.force_login(manager)
    r = client.get(reverse("places:list_template", args=["registrant"]))
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert ws.sheet_view.rightToLeft
    assert [c.value for c in ws[1]][:2] == ["نام و نام خانوادگی *", "تلفن همراه"]
    assert "برنامه *" in [c.value for c in ws[1]]
    # the template filled as it comes (its example row) imports
    assert imports.read(r.content, sheets.PEOPLE["registrant"]).ok


def test_only_the_neighborhoods_keepers_import(client, hood, province):
    agency = AgencyFactory(province=province)
    client.force_login(user_with_role(Role.AGENCY, agency=agency))
    assert client.get(reverse("places:list_import", args=[hood.pk, ELITE])).status_code == 404
    assert upload(client, hood, workbook([["زهرا", "09121234567"]])).status_code == 404


# ---- reading the people --------------------------------------------------------------------------------


@pytest.fixture
def people(hood):
    return [NeighborhoodPerson.objects.create(neighborhood=hood, kind=ELITE, full_name=f"نخبه {i}", mobile=f"0912000000{i}")
            for i in range(3)]


def test_the_people_are_read_by_the_keepers_and_every_read_is_logged(client, hood, people, manager, secretariat, county_user):
    url = reverse("places:people", args=[ELITE])
    for user in (manager, secretariat, county_user):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "نخبه ۰" in page or "نخبه 0" in page
    assert ListRead.objects.filter(purpose="page", rows=3).count() == 3
    r = client.get(url + "?export=xlsx")
    assert r.status_code == 200 and ListRead.objects.filter(purpose="export", rows=3, user=county_user).exists()
    client.get(url + "?print=1")
    assert ListRead.objects.filter(purpose="print").exists()
    assert "هر خواندن (صفحه، چاپ یا اکسل) ثبت می‌شود" in client.get(url).content.decode()
    client.get(reverse("places:person_edit", args=[people[0].pk]))
    assert ListRead.objects.filter(purpose="edit", rows=1, user=county_user).exists()


def test_the_governor_agencies_and_national_hq_see_counts_never_names(client, hood, people, province):
    for user in (user_with_role(Role.GOVERNOR, province=province), user_with_role(Role.NATIONAL),
                 user_with_role(Role.AGENCY, agency=AgencyFactory(province=province))):
        client.force_login(user)
        page = client.get(reverse("places:people", args=[ELITE])).content.decode()
        assert "نخبه" not in page
        detail = client.get(reverse("places:neighborhood", args=[hood.pk])).content.decode()
        assert "نخبه" not in detail and "نخبگان محله" in detail
    assert not ListRead.objects.exists()


def test_a_person_is_added_and_edited_by_form_with_a_checked_mobile(client, hood, manager):
    client.force_login(manager)
    url = reverse("places:person_create", args=[hood.pk, "active_woman"])
    bad = client.post(url, {"full_name": "مریم رضایی", "mobile": "۱۲۳", "idempotency_key": str(uuid.uuid4())})
    assert bad.status_code == 400 and "شماره همراه ایران نیست" in bad.content.decode()
    ok = client.post(url, {"full_name": "مریم رضایی", "mobile": "۰۹۱۲ ۱۱۱ ۲۲۳۳", "registered_on": "۱۴۰۴/۰۱/۲۰",
                           "idempotency_key": str(uuid.uuid4())})
    assert ok.status_code == 302
    person = NeighborhoodPerson.objects.get()
    assert (person.kind, person.mobile, person.created_by) == ("active_woman", "09121112233", manager)
    edit = client.post(reverse("places:person_edit", args=[person.pk]),
                       {"full_name": "مریم رضایی‌نژاد", "mobile": "09121112233", "version": person.version})
    assert edit.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "مریم رضایی‌نژاد" and person.version == 2


def test_the_lists_page_and_exports_of_needs(client, hood, manager):
    NeighborhoodNeed.objects.create(neighborhood=hood, kind="sports_space", title="زمین چمن", quantity=800, unit="متر مربع")
    client.force_login(manager)
    assert "زمین چمن" in client.get(reverse("places:needs", args=["sports_space"])).content.decode()
    r = client.get(reverse("places:needs", args=["sports_space"]) + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True))
    assert "زمین چمن" in rows[1]
    assert client.get(reverse("places:needs", args=["nonsense"])).status_code == 404
    assert "زمین چمن" not in client.get(reverse("places:lists")).content.decode()  # counts only


@pytest.mark.parametrize("params", [{}, {"export": "xlsx"}, {"print": "1"}], ids=["page", "xlsx", "print"])
def test_the_people_list_costs_the_same_queries_for_more_rows(client, hood, secretariat, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretariat)
    url = reverse("places:people", args=[ELITE])
    NeighborhoodPerson.objects.create(neighborhood=hood, kind=ELITE, full_name="یک")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    for i in range(10):
        NeighborhoodPerson.objects.create(neighborhood=NeighborhoodFactory(county=hood.county), kind=ELITE, full_name=f"نفر {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url, params)
    assert len(many.captured_queries) == len(few.captured_queries)
