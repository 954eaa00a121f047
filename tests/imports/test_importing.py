"""Minutes in, end to end: a document becomes a draft, the reviewer confirms it, it is a meeting."""

from pathlib import Path

import pytest
from django.urls import reverse

from mahalleh.accounts.models import User
from mahalleh.core.models import AuditEntry
from mahalleh.meetings.models import Meeting, Resolution
from mahalleh.minutes.importing import import_confirm, import_document
from mahalleh.minutes.models import MinutesImport
from mahalleh.minutes.parsing import MinutesError
from mahalleh.places.models import Province

SEEDS = Path(__file__).resolve().parents[2] / "src" / "mahalleh" / "demo" / "seeds"
SEED_14 = (SEEDS / "003_provincial_hq_14th_1401_04_23.txt").read_bytes()


@pytest.fixture
def alborz(db):
    from mahalleh.demo.loader import load_demo

    load_demo(with_meetings=False)
    return Province.objects.get(code="alborz")


@pytest.fixture
def secretary(alborz):
    return User.objects.get(username="secretariat")


def test_draft_then_confirm_makes_a_meeting_with_every_resolution(alborz, secretary):
    outcome = import_document(data=SEED_14, filename="14.txt", province=alborz, actor=secretary)
    assert outcome.created
    assert not Meeting.objects.exists()  # nothing reaches the live records before review
    draft = outcome.draft
    assert draft.data["header"]["body_id"] is not None
    meeting = import_confirm(draft=draft, data=draft.data, actor=secretary)
    assert meeting.number == 14
    assert meeting.resolutions.count() == 14
    assert meeting.source_document.name
    r12 = meeting.resolutions.get(number=12)
    assert "آب و فاضلاب" in r12.assignments.get(is_lead=True).agency.name
    assert r12.deadline_kind == "duration" and r12.due_date is not None
    assert AuditEntry.objects.filter(content_type__model="resolution", action="create").count() == 14
    draft.refresh_from_db()
    assert draft.status == MinutesImport.Status.CONFIRMED and draft.meeting == meeting


def test_same_document_twice_is_recognized(alborz, secretary):
    first = import_document(data=SEED_14, filename="14.txt", province=alborz, actor=secretary)
    again = import_document(data=SEED_14, filename="copy.txt", province=alborz, actor=secretary)
    assert not again.created and again.draft.pk == first.draft.pk
    import_confirm(draft=first.draft, data=first.draft.data, actor=secretary)
    corrected = SEED_14.replace("شهرداری کرج پیگیری".encode(), "شهرداری کرج پیگیری فوری".encode())
    with pytest.raises(MinutesError):
        import_document(data=corrected, filename="14-fixed.txt", province=alborz, actor=secretary)
    assert Meeting.objects.count() == 1


def test_corrected_version_replaces_its_unconfirmed_draft(alborz, secretary):
    first = import_document(data=SEED_14, filename="14.txt", province=alborz, actor=secretary)
    corrected = SEED_14.replace("شهرداری کرج پیگیری".encode(), "شهرداری کرج پیگیری فوری".encode())
    second = import_document(data=corrected, filename="14-fixed.txt", province=alborz, actor=secretary)
    assert second.created and second.replaced.pk == first.draft.pk
    first.draft.refresh_from_db()
    assert first.draft.status == MinutesImport.Status.REPLACED
    assert MinutesImport.objects.filter(status=MinutesImport.Status.DRAFT).count() == 1


@pytest.mark.parametrize("payload", [b"", b"\x00\x01garbage", "سلام، این یک نامه است.".encode()])
def test_bad_files_save_nothing(alborz, secretary, payload):
    with pytest.raises(MinutesError) as exc:
        import_document(data=payload, filename="x.txt", province=alborz, actor=secretary)
    assert exc.value.message
    assert not MinutesImport.objects.exists()


def test_upload_page_and_review_screen(client, alborz, secretary):
    client.force_login(secretary)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("minutes:upload"), {"files": [
        SimpleUploadedFile("14.txt", SEED_14), SimpleUploadedFile("empty.txt", b""),
    ]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "پیش‌نویس آماده بازبینی است" in page
    draft = MinutesImport.objects.get()
    review = client.get(reverse("minutes:review", args=[draft.pk]))
    assert review.status_code == 200
    body = review.content.decode()
    assert body.count('data-testid="review-resolution"') == 14
    assert "متن منبع" in body
    # Confirm exactly what the screen shows, with one edit: the first resolution's deadline.
    form = review.context["header"]
    data = {f"{name}": ("" if v is None else v) for name, v in _form_values(form).items()}
    for i, sub in enumerate(review.context["formset"]):
        for name, v in _form_values(sub).items():
            data[f"r-{i}-{name}"] = v
    data.update({k: v for k, v in _management(review.context["formset"]).items()})
    data["r-0-deadline_raw"] = "دو هفته"
    done = client.post(reverse("minutes:review", args=[draft.pk]), data)
    assert done.status_code == 302, done.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.resolutions.count() == 14
    assert Resolution.objects.get(meeting=meeting, number=1).deadline_raw == "دو هفته"


def _form_values(form):
    out = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            out[name] = [str(v) for v in value]
        elif value is None or value is False:
            continue
        else:
            out[name] = str(form[name].field.widget.format_value(value) if hasattr(form[name].field.widget, "format_value") and name in ("date", "invitation_date") else value)
    return out


def _management(formset):
    mf = formset.management_form
    return {f"{formset.prefix}-{k}": mf[k].value() for k in mf.fields}


def test_demo_builds_its_meetings_by_importing_the_seeds(db):
    from mahalleh.demo.loader import load_demo

    counts = load_demo()
    assert counts["meetings"] == 4  # seeds 000–003; the undated news report (004) waits as a draft
    numbers = sorted(Meeting.objects.values_list("number", flat=True))
    assert numbers == [1, 4, 7, 14]
    fourth = Meeting.objects.get(number=4)
    assert fourth.resolutions.count() == 10
    assert fourth.attendances.filter(status="absent").count() == 21
    assert fourth.source_document.name and fourth.imports.get().status == MinutesImport.Status.CONFIRMED
    news = MinutesImport.objects.get(filename__startswith="004")
    assert news.status == MinutesImport.Status.DRAFT and len(news.data["resolutions"]) == 5
    working_group = Meeting.objects.get(number=7)
    # «ادارات عضو کارگروه» became the working group's member agencies.
    members = set(working_group.body.memberships.values_list("agency_id", flat=True))
    assert members and set(working_group.resolutions.get(number=1).assignments.values_list("agency_id", flat=True)) == members
    assert load_demo()["meetings"] == 0
    assert Meeting.objects.count() == 4


def test_import_minutes_json_prints_one_object_per_file_and_saves_nothing(alborz, capsys):
    import json

    from django.core.management import call_command

    files = [str(SEEDS / "003_provincial_hq_14th_1401_04_23.txt"), str(SEEDS / "001_provincial_hq_4th_1401_02_01.txt")]
    call_command("import-minutes", "--json", *files)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"body", "number", "date_jalali", "weekday", "time", "place", "invitation_number",
                          "invitation_date_jalali", "agenda", "resolutions", "absentees"}
    assert (first["number"], first["date_jalali"], first["time"]) == (14, "1401/04/23", "07:30")
    assert first["invitation_date_jalali"] == "1401/04/21" and len(first["resolutions"]) == 14
    r12 = first["resolutions"][11]
    assert set(r12) == {"number", "text", "responsible", "deadline_raw", "deadline_kind", "due_jalali"}
    assert r12["deadline_kind"] == "duration" and r12["due_jalali"] == "1401/04/30"
    assert r12["responsible"][0]["agency"] and 0 < r12["responsible"][0]["confidence"] <= 1
    assert len(second["absentees"]) == 21
    assert not MinutesImport.objects.exists() and not Meeting.objects.exists()


def test_import_minutes_command_reports_bad_files_in_persian(alborz, tmp_path):
    from django.core.management import CommandError, call_command

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import-minutes", str(empty))
    assert not MinutesImport.objects.exists()


def test_only_those_who_run_a_provinces_bodies_upload_minutes(client, alborz, secretary):
    from mahalleh.core.roles import Role
    from tests.factories import CountyFactory, user_with_role

    url = reverse("minutes:upload")
    for user in (user_with_role(Role.NATIONAL), user_with_role(Role.COUNTY, county=CountyFactory(province=alborz)),
                 user_with_role(Role.GOVERNOR, province=alborz)):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(secretary)
    assert client.get(url).status_code == 200
