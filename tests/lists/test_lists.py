"""The generic list page: pages, sorting, scoped filters, the API on the same filter sets, export, print."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from mahalleh.accounts.models import ApiToken
from mahalleh.places.views import NeighborhoodList
from tests.factories import (
    BodyFactory,
    CountyFactory,
    MeetingFactory,
    NeighborhoodFactory,
    ProvinceFactory,
)

LISTS = ["places:neighborhoods", "agencies:agencies", "meetings:bodies", "meetings:meetings", "meetings:resolutions"]


@pytest.fixture
def hoods(county):
    return [NeighborhoodFactory(county=county, name=f"محله {i}", population=1000 * (i + 1)) for i in range(5)]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", ""])
def test_a_bad_page_shows_page_one(client, secretariat, hoods, monkeypatch, page):
    monkeypatch.setattr(NeighborhoodList, "paginate_by", 2)
    client.force_login(secretariat)
    response = client.get(reverse("places:neighborhoods"), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert len(response.context["object_list"]) == 2


def test_pages_keep_the_filters_and_the_order(client, secretariat, hoods, monkeypatch):
    monkeypatch.setattr(NeighborhoodList, "paginate_by", 2)
    client.force_login(secretariat)
    response = client.get(reverse("places:neighborhoods"), {"page": "2", "sort": "-population", "q": "محله"})
    assert response.context["page_obj"].number == 2
    assert [h.population for h in response.context["object_list"]] == [3000, 2000]
    html = response.content.decode()
    assert 'rel="next" href="?sort=-population&amp;q=%D9%85%D8%AD%D9%84%D9%87&amp;page=3"' in html  # keeps q and sort


def test_columns_sort_both_ways(client, secretariat, hoods):
    client.force_login(secretariat)
    up = client.get(reverse("places:neighborhoods"), {"sort": "population"}).context["object_list"]
    down = client.get(reverse("places:neighborhoods"), {"sort": "-population"}).context["object_list"]
    assert [h.population for h in up] == [1000, 2000, 3000, 4000, 5000]
    assert [h.population for h in down] == [5000, 4000, 3000, 2000, 1000]


def test_filter_choices_and_values_are_scoped(client, secretariat, county, hoods):
    far_county = CountyFactory(province=ProvinceFactory(name="قم", code="qom"), name="قم مرکزی")
    NeighborhoodFactory(county=far_county, name="محله دور")
    client.force_login(secretariat)
    page = client.get(reverse("places:neighborhoods"))
    choices = list(page.context["filter_form"].fields["county"].queryset)
    assert choices == [county]
    # Asking for a county out of scope is an invalid filter: nothing, not every row.
    assert client.get(reverse("places:neighborhoods"), {"county": far_county.pk}).context["object_list"] == []


def test_the_api_filters_through_the_page_filter_set(client, secretariat, province):
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان")
    other = BodyFactory(province=province, name="کارگروه سلامت", kind="working_group")
    found = MeetingFactory(body=body, narrative="گزارش كميته امداد درباره محله")
    MeetingFactory(body=other, narrative="گزارش شهرداری")
    _, key = ApiToken.issue(secretariat, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    client.force_login(secretariat)
    page = client.get(reverse("meetings:meetings"), {"q": "کمیته امداد"})
    api = client.get("/api/meetings/", {"q": "کمیته امداد"}, **auth).json()
    assert [i["id"] for i in api["items"]] == [m.pk for m in page.context["object_list"]] == [found.pk]
    assert client.get("/api/meetings/", {"body": other.pk}, **auth).json()["count"] == 1
    bodies = client.get("/api/meetings/bodies/", {"kind": "working_group"}, **auth).json()["items"]
    assert [b["id"] for b in bodies] == [other.pk]
    dated = client.get("/api/meetings/", {"date_from": "1401/04/23", "date_to": "1401/04/23"}, **auth).json()
    assert dated["count"] == 2  # both on 1401/04/23, Jalali as on the page
    # A filter that does not validate: the page shows its message over no rows, the API answers 400 with it.
    invalid = client.get("/api/meetings/", {"date_from": "1401/13/40"}, **auth)
    assert invalid.status_code == 400 and invalid.json()["detail"].startswith("از تاریخ: تاریخ نامعتبر است")


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_excel_export_is_right_to_left_persian_and_jalali(client, secretariat, county):
    NeighborhoodFactory(county=county, name="حصار 2", population=12345, target_since=datetime.date(2022, 7, 14))
    NeighborhoodFactory(county=county, name="قائمیه", population=500)
    client.force_login(secretariat)
    response = client.get(reverse("places:neighborhoods"), {"q": "حصار", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="neighborhoods-')
    sheet = read_xlsx(response)
    assert sheet.sheet_view.rightToLeft is True
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("محله", "شهرستان", "جمعیت", "خانوار", "هدف", "هدف از تاریخ", "اولویت")
    assert rows[1:] == [("حصار ۲", "کرج", 12345, 3500, "بله", "۱۴۰۱/۰۴/۲۳", None)]  # the filter applied
    assert sheet.cell(2, 3).number_format == "#,##0"


def test_export_has_every_filtered_row_not_one_page(client, secretariat, hoods, monkeypatch):
    monkeypatch.setattr(NeighborhoodList, "paginate_by", 2)
    client.force_login(secretariat)
    sheet = read_xlsx(client.get(reverse("places:neighborhoods"), {"export": "xlsx", "sort": "-population"}))
    assert [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)] == [5000, 4000, 3000, 2000, 1000]


def test_csv_export_is_utf8_with_a_bom(client, secretariat, province):
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان")
    MeetingFactory(body=body, number=14, place="سالن 3")
    client.force_login(secretariat)
    response = client.get(reverse("meetings:meetings"), {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["جلسه", "نهاد", "تاریخ", "محل", "وضعیت"], ["14", "قرارگاه اجتماعی استان", "۱۴۰۱/۰۴/۲۳", "سالن ۳", "برگزارشده"]]


@pytest.mark.parametrize("name", LISTS)
def test_exports_hold_values_not_markup(client, secretariat, rows, name):
    rows(2)
    client.force_login(secretariat)
    sheet = read_xlsx(client.get(reverse(name), {"export": "xlsx"}))
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert sheet.max_row >= 2
    assert not [c for c in cells if "<" in c or "&" in c]


def test_export_is_scoped(client, secretariat, county):
    NeighborhoodFactory(county=county, name="حصار")
    NeighborhoodFactory(county=CountyFactory(province=ProvinceFactory(name="قم", code="qom")), name="دور")
    client.force_login(secretariat)
    sheet = read_xlsx(client.get(reverse("places:neighborhoods"), {"export": "xlsx"}))
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["حصار"]


def test_too_many_rows_to_export_asks_to_narrow_the_list(client, secretariat, hoods, monkeypatch):
    monkeypatch.setattr(NeighborhoodList, "max_export_rows", 3)
    client.force_login(secretariat)
    response = client.get(reverse("places:neighborhoods"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("text/html")
    assert "۵ ردیف" in response.content.decode()


def test_print_view_has_every_row_and_no_controls(client, secretariat, hoods, monkeypatch):
    monkeypatch.setattr(NeighborhoodList, "paginate_by", 2)
    client.force_login(secretariat)
    html = client.get(reverse("places:neighborhoods"), {"print": "1"}).content.decode()
    assert all(f"محله {i}" in html for i in range(5))
    assert "?sort=" not in html and 'aria-label="صفحه‌بندی"' not in html and "<nav" not in html
    assert 'dir="rtl"' in html
