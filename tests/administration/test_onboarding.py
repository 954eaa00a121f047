"""Onboarding a fresh province from Excel: templates, the row-by-row report, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.administration.models import OnboardingRun
from mahalleh.administration.onboarding.sheets import BY_KIND, SHEETS
from mahalleh.agencies.models import Agency, AgencyAlias
from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.places.models import County, Neighborhood
from tests.factories import ProvinceFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

COUNTIES = ["زنجان", "ابهر", "خدابنده", "خرمدره"]


def workbook(rows: dict[str, list[dict[str, object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for kind, items in rows.items():
        sheet = BY_KIND[kind]
        ws = wb.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for item in items:
            ws.append([item.get(c.key, "") for c in sheet.columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fresh_province_rows() -> dict[str, list[dict[str, object]]]:
    hoods = [{"name": f"محله {i}", "county": COUNTIES[i % 4], "city": COUNTIES[i % 4], "population": 1000 + i,
              "households": "۳۰۰"} for i in range(20)]
    agencies = [
        {"name": "اداره کل ورزش و جوانان استان زنجان", "aliases": "اداره ورزش؛ ورزش و جوانان", "kind": "دستگاه دولتی"},
        {"name": "اداره کل بهزیستی استان زنجان", "aliases": "بهزیستی"},
        {"name": "شهرداری ابهر", "kind": "شهرداری", "level": "شهرستانی", "county": "ابهر"},
    ]
    users = [
        {"username": "zn-secretariat", "first_name": "مهدی", "role": "دبیرخانه قرارگاه استان", "password": "Zanjan-1403-dabir"},
        {"username": "zn-sport", "role": "کارشناس رابط دستگاه", "agency": "ورزش و جوانان", "phone": "۰۹۱۲۱۲۳۴۵۶۷"},
        {"username": "zn-abhar", "role": "کارشناس فرمانداری", "county": "ابهر", "email": "abhar@example.ir"},
        {"username": "zn-hood", "role": "مدیر محله", "neighborhood": "محله 3", "county": "خرمدره"},
    ]
    return {"counties": [{"name": n} for n in COUNTIES], "neighborhoods": hoods, "agencies": agencies, "users": users}


@pytest.fixture
def zanjan(db):
    return ProvinceFactory(name="زنجان", code="zanjan")


@pytest.fixture
def zanjan_admin(zanjan):
    return user_with_role(Role.SECRETARIAT, province=zanjan)


def upload(client, province, data: bytes, name: str = "zanjan.xlsx", **extra):
    return client.post(reverse("administration:onboarding"),
                       {"province": province.pk, "file": SimpleUploadedFile(name, data), **extra})


def test_each_template_is_rtl_persian_with_an_example_and_notes(client, secretariat):
    client.force_login(secretariat)
    for kind in ["all", *[s.kind for s in SHEETS]]:
        response = client.get(reverse("administration:onboarding_template", args=[kind]))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        wb = load_workbook(io.BytesIO(response.content))
        assert "راهنما" in wb.sheetnames
        for sheet in SHEETS if kind == "all" else [BY_KIND[kind]]:
            ws = wb[sheet.title]
            assert ws.sheet_view.rightToLeft
            assert ws.cell(row=1, column=1).value.startswith(sheet.columns[0].header)
            assert ws.cell(row=2, column=1).value == sheet.example[0]


def test_a_fresh_province_is_onboarded_whole(client, zanjan, zanjan_admin):
    client.force_login(zanjan_admin)
    response = upload(client, zanjan, workbook(fresh_province_rows()))
    assert response.status_code == 200, response.content.decode()[:2000]
    assert County.objects.filter(province=zanjan).count() == 4
    assert Neighborhood.objects.filter(county__province=zanjan).count() == 20
    assert Agency.objects.filter(province=zanjan).count() == 3
    assert AgencyAlias.objects.filter(agency__province=zanjan).count() == 3
    assert Agency.objects.get(name="شهرداری ابهر").county.name == "ابهر"
    sport = Agency.objects.get(name="اداره کل ورزش و جوانان استان زنجان")
    assert RoleAssignment.objects.get(user__username="zn-sport").agency == sport  # found by its alias
    assert RoleAssignment.objects.get(user__username="zn-hood").neighborhood.name == "محله 3"
    assert RoleAssignment.objects.get(user__username="zn-abhar").county.name == "ابهر"
    assert User.objects.get(username="zn-secretariat").check_password("Zanjan-1403-dabir")
    assert not User.objects.get(username="zn-sport").has_usable_password()
    assert User.objects.get(username="zn-sport").phone == "09121234567"
    run = OnboardingRun.objects.get()
    assert run.counts == {"counties": 4, "neighborhoods": 20, "agencies": 3, "aliases": 3, "users": 4}
    assert "۲۰ محله" in response.content.decode()
    # audited, row by row, as the actor, and the run as a named event
    created = AuditEntry.objects.filter(action="create", actor=zanjan_admin)
    assert created.filter(object_repr="محله 7").exists()
    assert AuditEntry.objects.filter(event="onboarding imported").exists()
    # the new users are the province's to administer
    page = client.get(reverse("administration:users")).content.decode()
    assert "zn-hood" in page


def test_one_bad_row_among_many_writes_nothing_and_the_report_names_it(client, zanjan, zanjan_admin):
    rows = fresh_province_rows()
    rows["neighborhoods"][12]["county"] = "زنجن"  # row 14 of the sheet: a misspelt county
    client.force_login(zanjan_admin)
    response = upload(client, zanjan, workbook(rows))
    assert response.status_code == 400
    problems = response.context["problems"]
    assert [(p.sheet, p.row, p.column) for p in problems] == [("محلات", 14, "شهرستان")]
    assert "زنجن" in problems[0].message and "نزدیک‌ترین نام: «زنجان»" in problems[0].message
    assert "۱۴" in response.content.decode()
    assert not County.objects.filter(province=zanjan).exists()
    assert not Neighborhood.objects.filter(county__province=zanjan).exists()
    assert not Agency.objects.filter(province=zanjan).exists()
    assert not User.objects.filter(username__startswith="zn-").exists()
    assert not OnboardingRun.objects.exists()


def test_the_report_names_each_kind_of_mistake(zanjan, zanjan_admin):
    from mahalleh.administration.onboarding.importer import onboarding_check
    from mahalleh.administration.onboarding.plan import OnboardingRejected

    rows = fresh_province_rows()
    rows["counties"].append({"name": "ابهر"})  # duplicate name, row 6
    rows["users"][1]["phone"] = "0912"  # bad mobile, row 3
    rows["users"][1]["agency"] = "اداره کل ورزش جوانان"  # unknown agency, row 3
    rows["users"].append({"username": "zn-secretariat", "role": "مدیر محله", "neighborhood": "محله 1"})  # duplicate user
    rows["users"].append({"username": "zn-nat", "role": "ستاد ملی"})  # not grantable
    with pytest.raises(OnboardingRejected) as caught:
        onboarding_check(province=zanjan, data=workbook(rows), actor=zanjan_admin)
    found = {(p.sheet, p.row, p.column): p.message for p in caught.value.problems}
    assert "تکراری" in found[("شهرستان‌ها", 6, "نام شهرستان")]
    assert "شماره همراه نادرست" in found[("کاربران", 3, "تلفن همراه")]
    assert "نزدیک‌ترین نام: «اداره کل ورزش و جوانان استان زنجان»" in found[("کاربران", 3, "دستگاه")]
    assert "تکراری" in found[("کاربران", 6, "نام کاربری")]
    assert "ستاد ملی" in found[("کاربران", 7, "نقش")]


def test_a_broken_file_gets_a_persian_message(client, zanjan, zanjan_admin):
    client.force_login(zanjan_admin)
    for data in (b"%PDF-1.4 not a workbook", b"PK\x03\x04broken zip", "شهرستان,محله".encode()):
        response = upload(client, zanjan, data, name="zanjan.xlsx")
        assert response.status_code == 400
        assert "کارنامه اکسل (xlsx) معتبری نیست" in response.content.decode()
    assert not OnboardingRun.objects.exists()


def test_a_word_document_or_a_macro_workbook_named_xlsx_is_refused_by_its_content(client, zanjan, zanjan_admin):
    import io
    import zipfile

    def office(main_type: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("[Content_Types].xml", f'<Types><Override PartName="/x" ContentType="{main_type}"/></Types>')
        return buffer.getvalue()

    client.force_login(zanjan_admin)
    for data in (office("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
                 office("application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
                 b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"):
        response = upload(client, zanjan, data, name="zanjan.xlsx")
        assert response.status_code == 400
        assert "کارنامه اکسل (xlsx) معتبری نیست" in response.content.decode()
    assert not OnboardingRun.objects.exists()


def test_a_dry_run_writes_nothing(client, zanjan, zanjan_admin):
    client.force_login(zanjan_admin)
    response = upload(client, zanjan, workbook(fresh_province_rows()), dry_run="on")
    assert response.status_code == 200 and "۲۰ محله" in response.content.decode()
    assert not County.objects.filter(province=zanjan).exists()


def test_another_province_cannot_be_onboarded(client, secretariat, zanjan):
    client.force_login(secretariat)  # Alborz's secretariat
    response = upload(client, zanjan, workbook(fresh_province_rows()))
    assert response.status_code == 400
    assert not County.objects.filter(province=zanjan).exists()


def test_a_resent_upload_imports_once(client, zanjan, zanjan_admin):
    client.force_login(zanjan_admin)
    key = "0b9c4f8e-0d5a-4d5e-8b1e-111111111111"
    data = workbook(fresh_province_rows())
    assert upload(client, zanjan, data, idempotency_key=key).status_code == 200
    assert upload(client, zanjan, data, idempotency_key=key).status_code == 200
    assert OnboardingRun.objects.count() == 1 and County.objects.filter(province=zanjan).count() == 4


def test_the_command_does_the_same(tmp_path, zanjan, zanjan_admin, capsys):
    bad = fresh_province_rows()
    bad["agencies"][2]["county"] = "ناکجا"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook(bad))
    with pytest.raises(CommandError):
        call_command("onboard", str(path), province="زنجان", actor=zanjan_admin.username)
    assert "ردیف ۴" in capsys.readouterr().err
    assert not County.objects.filter(province=zanjan).exists()
    path.write_bytes(workbook(fresh_province_rows()))
    call_command("onboard", str(path), province="زنجان", actor=zanjan_admin.username)
    assert "۲۰ محله" in capsys.readouterr().out
    assert Neighborhood.objects.filter(county__province=zanjan).count() == 20
    assert AuditEntry.objects.filter(event="onboarding imported", actor=zanjan_admin).exists()


def test_the_command_refuses_an_actor_of_another_province(tmp_path, zanjan, secretariat):
    path = tmp_path / "z.xlsx"
    path.write_bytes(workbook(fresh_province_rows()))
    with pytest.raises(CommandError):
        call_command("onboard", str(path), province="زنجان", actor=secretariat.username)
    with pytest.raises(CommandError):
        call_command("onboard", str(path), province="زنجان", actor=UserFactory().username)
    assert not County.objects.filter(province=zanjan).exists()
