"""Stored files are never public: report attachments and minutes originals go out only through scoped
download views (anonymous → login, out of scope → 404), as downloads the browser will not sniff, and in
production through the web server's X-Accel-Redirect / X-Sendfile."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import Resolver404, resolve, reverse

from mahalleh.core.roles import Role
from mahalleh.meetings.models import ReportAttachment
from mahalleh.minutes.models import MinutesImport
from tests.factories import (
    AssignmentFactory,
    BodyFactory,
    MeetingFactory,
    ProgressReportFactory,
    ProvinceFactory,
    ResolutionFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

PAYLOAD = b"%PDF-1.4 report of the sports office"


@pytest.fixture
def files(province):
    meeting = MeetingFactory(body=BodyFactory(province=province))
    report = ProgressReportFactory(assignment=AssignmentFactory(resolution=ResolutionFactory(meeting=meeting)))
    attachment = ReportAttachment(report=report, name="گزارش ورزش.pdf")
    attachment.file.save("report.pdf", ContentFile(PAYLOAD), save=False)
    attachment.save()
    draft = MinutesImport(province=province, filename="صورتجلسه ۱۴.docx", sha256="0" * 64, text="", data={})
    draft.file.save("minutes.docx", ContentFile(b"PK original minutes"), save=False)
    draft.save()
    meeting.source_document.save("minutes-14.docx", ContentFile(b"PK confirmed minutes"), save=True)
    return {
        "attachment": (reverse("meetings:report_attachment", args=[report.pk, attachment.pk]), PAYLOAD),
        "import": (reverse("minutes:import_original", args=[draft.pk]), b"PK original minutes"),
        "meeting": (reverse("minutes:meeting_original", args=[meeting.pk]), b"PK confirmed minutes"),
        "objects": (attachment, draft, meeting),
    }


KINDS = ["attachment", "import", "meeting"]


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_is_sent_to_login(client, files, kind):
    url, _ = files[kind]
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("kind", KINDS)
def test_out_of_scope_is_a_404(client, files, kind):
    url, _ = files[kind]
    client.force_login(user_with_role(Role.SECRETARIAT, province=ProvinceFactory(name="تهران", code="tehran")))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_reader_in_scope_downloads_it_unsniffed(client, files, secretariat, kind):
    url, payload = files[kind]
    client.force_login(secretariat)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == payload
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_persian_download_name(client, files, secretariat):
    client.force_login(secretariat)
    response = client.get(files["attachment"][0])
    assert "filename*=utf-8''%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4" in response["Content-Disposition"]


def test_x_accel_redirect_hands_the_file_to_nginx(client, files, secretariat, settings):
    settings.FILES_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.FILES_SENDFILE_PREFIX = "/protected-media/"
    attachment = files["objects"][0]
    client.force_login(secretariat)
    response = client.get(files["attachment"][0])
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_x_sendfile_hands_the_file_path_to_the_server(client, files, secretariat, settings):
    settings.FILES_SENDFILE_HEADER = "X-Sendfile"
    draft = files["objects"][1]
    client.force_login(secretariat)
    response = client.get(files["import"][0])
    assert response.content == b""
    assert Path(response["X-Sendfile"]) == Path(settings.MEDIA_ROOT) / draft.file.name
    assert Path(response["X-Sendfile"]).read_bytes() == b"PK original minutes"


def test_sendfile_still_checks_the_scope(client, files, settings):
    settings.FILES_SENDFILE_HEADER = "X-Accel-Redirect"
    client.force_login(user_with_role(Role.SECRETARIAT, province=ProvinceFactory(name="تهران", code="tehran")))
    response = client.get(files["attachment"][0])
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_a_missing_file_is_a_404(client, files, secretariat):
    attachment = files["objects"][0]
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(secretariat)
    assert client.get(files["attachment"][0]).status_code == 404


def test_media_is_not_served_and_pages_link_the_download_views(client, files, secretariat, settings):
    attachment, _, meeting = files["objects"]
    with pytest.raises(Resolver404):
        resolve(f"/media/{attachment.file.name}")
    client.force_login(secretariat)
    resolution_page = client.get(attachment.report.assignment.resolution.get_absolute_url()).content.decode()
    assert files["attachment"][0] in resolution_page
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert files["meeting"][0] in meeting_page
    assert "/media/" not in resolution_page + meeting_page
