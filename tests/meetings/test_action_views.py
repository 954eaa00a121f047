"""Meeting pages as the user posts them: one use case = one transaction, a resent form makes nothing new,
and an assignee added later is the only one told."""

import contextlib
import datetime
import uuid

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from mahalleh.core.notify import memory
from mahalleh.core.roles import Role
from mahalleh.meetings import services
from mahalleh.meetings.models import AgendaItem, Meeting, ProgressReport, Resolution
from tests.factories import AgencyFactory, BodyFactory, BodyMembershipFactory, user_with_role

DAY = datetime.date(2022, 7, 14)  # ۱۴۰۱/۰۴/۲۳


@pytest.fixture
def body(province):
    return BodyFactory(province=province, name="قرارگاه اجتماعی استان البرز")


@pytest.fixture
def lead(province):
    return AgencyFactory(province=province, name="اداره کل آب و فاضلاب")


@pytest.fixture
def helper(province):
    return AgencyFactory(province=province, name="شهرداری کرج")


@pytest.fixture
def meeting(body, secretariat):
    return services.meeting_schedule(body=body, date=DAY, agenda=["معرفی طرح"], actor=secretariat)


@pytest.fixture
def clerk(client, secretariat):
    client.force_login(secretariat)
    return client


def meeting_post(body, **extra):
    return {"body": body.pk, "date": "۱۴۰۱/۰۴/۲۳", "place": "استانداری", "subject": "آب محلات",
            "narrative": "شرح مذاکرات", "agenda": "بند یک", **extra}


def fail_meeting_updates(monkeypatch):
    """Saving an existing meeting fails (a lost connection, a constraint): creating one still works."""
    save = Meeting.save

    def failing(self, *args, **kwargs):
        if self.pk is not None:
            raise DatabaseError("boom")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Meeting, "save", failing)


# ---- one use case, one transaction ---------------------------------------------------------------


def test_creating_a_meeting_never_leaves_one_without_its_subject(clerk, body, monkeypatch):
    fail_meeting_updates(monkeypatch)
    with contextlib.suppress(DatabaseError):
        clerk.post(reverse("meetings:meeting_create"), meeting_post(body))
    # Before: the meeting was saved by one service and its subject by a second, which failed.
    assert [(m.subject, m.narrative) for m in Meeting.objects.all()] in ([], [("آب محلات", "شرح مذاکرات")])


def test_editing_a_meeting_and_its_agenda_is_all_or_nothing(clerk, meeting, monkeypatch):
    def failing(*args, **kwargs):
        raise DatabaseError("boom")

    monkeypatch.setattr(AgendaItem.objects, "create", failing)
    data = meeting_post(meeting.body, place="فرمانداری", agenda="بند تازه", version=meeting.version)
    with pytest.raises(DatabaseError):
        clerk.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert meeting.place == "" and meeting.version == 1  # the header change went with the failed agenda
    assert list(meeting.agenda_items.values_list("text", flat=True)) == ["معرفی طرح"]


def test_edit_saves_header_and_agenda_in_one_version(clerk, meeting):
    data = meeting_post(meeting.body, place="فرمانداری", agenda="بند تازه\nبند دوم", version=meeting.version)
    response = clerk.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.subject, meeting.version) == ("فرمانداری", "آب محلات", 2)
    assert list(meeting.agenda_items.order_by("order").values_list("text", flat=True)) == ["بند تازه", "بند دوم"]


def test_stale_meeting_edit_is_refused_with_409_and_writes_nothing(clerk, meeting):
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    first = clerk.post(url, meeting_post(meeting.body, place="اول", version=1))
    assert first.status_code == 302
    second = clerk.post(url, meeting_post(meeting.body, place="دوم", agenda="بند دیگر", version=1))
    assert second.status_code == 409
    assert "کاربر دیگری" in second.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "اول"
    assert list(meeting.agenda_items.values_list("text", flat=True)) == ["بند یک"]


# ---- one idempotency mechanism for creates -----------------------------------------------------------


def test_the_new_meeting_form_carries_a_fresh_key(clerk, body):  # a body to schedule for: else a 404
    page = clerk.get(reverse("meetings:meeting_create"))
    key = page.context["form"]["idempotency_key"].value()
    assert uuid.UUID(str(key))
    assert clerk.get(reverse("meetings:meeting_create")).context["form"]["idempotency_key"].value() != key


def test_posting_the_new_meeting_form_twice_makes_one_meeting(clerk, body):
    key = str(uuid.uuid4())
    first = clerk.post(reverse("meetings:meeting_create"), meeting_post(body, idempotency_key=key))
    second = clerk.post(reverse("meetings:meeting_create"), meeting_post(body, idempotency_key=key))
    meeting = Meeting.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == meeting.get_absolute_url()
    other = clerk.post(reverse("meetings:meeting_create"), meeting_post(body, idempotency_key=str(uuid.uuid4())))
    assert other.status_code == 302
    assert Meeting.objects.count() == 2


def test_another_user_cannot_replay_someone_elses_key(clerk, client, body, province):
    key = str(uuid.uuid4())
    clerk.post(reverse("meetings:meeting_create"), meeting_post(body, idempotency_key=key))
    client.force_login(user_with_role(Role.SECRETARIAT, province=province))
    response = client.post(reverse("meetings:meeting_create"), meeting_post(body, idempotency_key=key))
    assert response.status_code == 400
    assert Meeting.objects.count() == 1


def test_posting_the_new_resolution_form_twice_makes_one_resolution(clerk, meeting, lead):
    url = reverse("meetings:resolution_create", args=[meeting.pk])
    data = {"text": "مقرر گردید آبفا گزارش دهد.", "lead_agency": lead.pk, "deadline_raw": "دو هفته",
            "idempotency_key": str(uuid.uuid4())}
    first = clerk.post(url, data)
    second = clerk.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Resolution.objects.filter(meeting=meeting).count() == 1
    clerk.post(url, data | {"idempotency_key": str(uuid.uuid4())})
    assert Resolution.objects.filter(meeting=meeting).count() == 2


def test_posting_the_report_form_twice_makes_one_report(client, meeting, lead, secretariat):
    resolution = services.resolution_create(meeting=meeting, text="گزارش دهد.", lead_agency=lead, actor=secretariat)
    assignment = resolution.assignments.get()
    client.force_login(user_with_role(Role.AGENCY, agency=lead))
    url = reverse("meetings:report_create", args=[assignment.pk])
    data = {"text": "انجام شد", "percent": "۱۰۰", "idempotency_key": str(uuid.uuid4())}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {"percent": "۹۰"}).status_code == 302
    assert ProgressReport.objects.filter(assignment=assignment).count() == 1
    # The same words sent again as a new report (a new key) are a new report.
    assert client.post(url, data | {"idempotency_key": str(uuid.uuid4())}).status_code == 302
    assert ProgressReport.objects.filter(assignment=assignment).count() == 2


def test_a_failed_create_frees_its_key_for_the_corrected_form(clerk, body, meeting):
    key = str(uuid.uuid4())
    taken = clerk.post(reverse("meetings:meeting_create"), meeting_post(body, number=meeting.number, idempotency_key=key))
    assert taken.status_code == 400
    fixed = clerk.post(reverse("meetings:meeting_create"), meeting_post(body, number=7, idempotency_key=key))
    assert fixed.status_code == 302
    assert Meeting.objects.filter(number=7).count() == 1


def test_a_replayed_create_answers_htmx_with_a_client_redirect(clerk, body):
    key = str(uuid.uuid4())
    clerk.post(reverse("meetings:meeting_create"), meeting_post(body, idempotency_key=key))
    again = clerk.post(reverse("meetings:meeting_create"), meeting_post(body, idempotency_key=key), HTTP_HX_REQUEST="true")
    assert again.status_code == 200
    assert again["HX-Redirect"] == Meeting.objects.get().get_absolute_url()


# ---- only the added agencies are told ------------------------------------------------------------------


def focal_with_phone(agency, phone):
    user = user_with_role(Role.AGENCY, agency=agency)
    user.phone = phone
    user.save()
    return user


def run_enqueued_notices() -> list[str]:
    memory.outbox.clear()
    for result in DBTaskResult.objects.filter(task_path="mahalleh.meetings.tasks.notify_assigned"):
        import_string(result.task_path).call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    result = [m.to for m in memory.outbox]
    DBTaskResult.objects.all().delete()
    return sorted(result)


def test_adding_a_collaborator_tells_only_the_added_agency(
    meeting, lead, helper, secretariat, province, django_capture_on_commit_callbacks
):
    focal_with_phone(lead, "09121110000")
    focal_with_phone(helper, "09122220000")
    with django_capture_on_commit_callbacks(execute=True):
        resolution = services.resolution_create(meeting=meeting, text="گزارش دهد.", lead_agency=lead, actor=secretariat)
    assert run_enqueued_notices() == ["09121110000"]

    with django_capture_on_commit_callbacks(execute=True):
        services.resolution_update(resolution=resolution, version=resolution.version, collaborators=[helper],
                                   actor=secretariat)
    assert run_enqueued_notices() == ["09122220000"]  # before: the lead was told a second time


def test_an_edit_that_adds_no_agency_tells_nobody(meeting, lead, secretariat, django_capture_on_commit_callbacks):
    focal_with_phone(lead, "09121110000")
    resolution = services.resolution_create(meeting=meeting, text="گزارش دهد.", lead_agency=lead, actor=secretariat)
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.resolution_update(resolution=resolution, version=resolution.version, text="متن تازه", actor=secretariat)
    assert run_enqueued_notices() == []


def test_members_are_invited_when_scheduled_through_the_page(clerk, body, lead):
    BodyMembershipFactory(body=body, agency=lead)
    clerk.post(reverse("meetings:meeting_create"), meeting_post(body, idempotency_key=str(uuid.uuid4())))
    assert list(Meeting.objects.get().attendances.values_list("agency", flat=True)) == [lead.pk]


def test_a_second_submit_of_the_key_is_answered_with_the_first_meeting(body, secretariat, monkeypatch):
    """The second request's claim finds the key taken (``_claim`` gives None): it answers with the
    first's meeting through ``replayed`` and creates nothing."""
    from mahalleh.core import services as kernel
    from mahalleh.core.models import IdempotencyKey

    key = uuid.uuid4()
    first = services.meeting_schedule(body=body, date=DAY, idempotency_key=key, actor=secretariat)
    real = kernel.replayed
    calls = []

    def counted(k, actor):
        calls.append(k)
        return real(k, actor)

    monkeypatch.setattr(kernel, "replayed", counted)
    second = services.meeting_schedule(body=body, date=DAY, idempotency_key=key, actor=secretariat)
    assert second.pk == first.pk and calls == [key]
    assert Meeting.objects.count() == 1 and IdempotencyKey.objects.count() == 1
