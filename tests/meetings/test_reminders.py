"""Reminders for resolution deadlines: which are due, sending once, after-commit enqueueing, the worker."""

from __future__ import annotations

import datetime
import io
import signal
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mahalleh.core.notify import NotifyError, memory
from mahalleh.core.notify.memory import InMemorySmsBackend
from mahalleh.core.roles import Role
from mahalleh.meetings import services
from mahalleh.meetings.models import Body, ReminderSent, ResolutionStatus
from mahalleh.meetings.reminders import (
    BEFORE_DUE,
    OVERDUE,
    Outcome,
    due_reminders,
    notify_assignment,
    send_reminder,
)
from tests.core.test_notify import fake_kavenegar, use_kavenegar
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    BodyFactory,
    MeetingFactory,
    ResolutionFactory,
    user_with_role,
)

HQ = "قرارگاه اجتماعی استان البرز"
TODAY = datetime.date(2022, 7, 20)  # 1401/04/29

# ``mailoutbox`` comes after the database fixtures in every signature: the database set-up replaces
# django.core.mail.outbox, and a mailoutbox resolved earlier would hold the discarded list.


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "mahalleh.core.notify.memory.InMemorySmsBackend"
    settings.REMINDER_DAYS_BEFORE = 3
    memory.outbox.clear()
    yield memory.outbox
    memory.outbox.clear()


@pytest.fixture
def agency(province):
    return AgencyFactory(province=province, name="اداره کل آب و فاضلاب استان")


@pytest.fixture
def focal(agency):
    """The agency's focal point, who typed the phone number with Persian digits."""
    user = user_with_role(Role.AGENCY, agency=agency)
    user.email, user.phone = "focal@abfa.example", "۰۹۱۲ ۱۱۱ ۲۲۳۳"
    user.save()
    return user


@pytest.fixture
def bystanders(province, agency):
    """People who must never get this agency's reminders."""
    other_agency_focal = user_with_role(Role.AGENCY, agency=AgencyFactory(province=province))
    secretariat = user_with_role(Role.SECRETARIAT, province=province)
    for user, phone in ((other_agency_focal, "09129990000"), (secretariat, "09128880000")):
        user.email, user.phone = f"{user.username}@example.org", phone
        user.save()
    return [other_agency_focal, secretariat]


def make_assignment(province, agency, due_date, status=ResolutionStatus.OPEN, number=3):
    body = Body.objects.filter(province=province, name=HQ).first() or BodyFactory(province=province, name=HQ)
    meeting = MeetingFactory(body=body, number=14)
    resolution = ResolutionFactory(
        meeting=meeting,
        number=number,
        due_date=due_date,
        status=status,
        text="مقرر گردید آبفای استان نسبت به اصلاح شبکه آب‌رسانی محله حصار در اسرع وقت اقدام نماید.",
    )
    return AssignmentFactory(resolution=resolution, agency=agency)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


# --- which reminders are due ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-30, OVERDUE), (-1, OVERDUE), (0, BEFORE_DUE), (2, BEFORE_DUE), (3, BEFORE_DUE), (4, None), (40, None)],
)
def test_due_reminders_by_distance_to_the_due_date(sms_outbox, province, agency, offset, expected):
    assignment = make_assignment(province, agency, days(offset))
    found = [(a.pk, kind) for a, kind in due_reminders(TODAY)]
    assert found == ([(assignment.pk, expected)] if expected else [])


def test_days_before_comes_from_settings(sms_outbox, settings, province, agency):
    make_assignment(province, agency, days(5))
    assert list(due_reminders(TODAY)) == []
    settings.REMINDER_DAYS_BEFORE = 5
    assert [kind for _, kind in due_reminders(TODAY)] == [BEFORE_DUE]


@pytest.mark.parametrize("status", [ResolutionStatus.DONE, ResolutionStatus.CANCELLED])
def test_nothing_for_closed_resolutions(sms_outbox, province, agency, focal, status):
    assignment = make_assignment(province, agency, days(-5), status=status)
    make_assignment(province, agency, days(1), status=status, number=4)
    assert list(due_reminders(TODAY)) == []
    assert send_reminder(assignment.pk, OVERDUE, today=TODAY) == Outcome.NOT_DUE
    assert sms_outbox == []
    assert not ReminderSent.objects.exists()


def test_no_due_date_no_reminder(sms_outbox, province, agency):
    make_assignment(province, agency, None)
    assert list(due_reminders(TODAY)) == []


# --- sending ---------------------------------------------------------------------------------------


def test_overdue_reminder_goes_to_focal_points_only_in_persian(
    sms_outbox, province, agency, focal, bystanders, mailoutbox
):
    assignment = make_assignment(province, agency, days(-5))  # due 1401/04/24

    assert send_reminder(assignment.pk, OVERDUE, today=TODAY) == Outcome.SENT

    assert [m.to for m in sms_outbox] == ["09121112233"]
    text = sms_outbox[0].text
    assert "۱۴۰۱/۰۴/۲۴" in text  # the due date, Jalali with Persian digits
    assert "۵ روز" in text  # days overdue
    assert "مصوبه ۳ جلسه ۱۴ قرارگاه اجتماعی استان البرز مورخ ۱۴۰۱/۰۴/۲۳" in text
    assert "اصلاح شبکه آب‌رسانی" in text
    assert [m.to for m in mailoutbox] == [["focal@abfa.example"]]
    assert "تأخیر" in mailoutbox[0].subject
    assert assignment.resolution.text in mailoutbox[0].body
    reminder = ReminderSent.objects.get()
    assert (reminder.assignment_id, reminder.kind, reminder.due_date) == (assignment.pk, OVERDUE, days(-5))


def test_before_due_reminder_three_days_ahead(sms_outbox, province, agency, focal, mailoutbox):
    assignment = make_assignment(province, agency, days(3))  # due 1401/05/01

    assert [(a.pk, kind) for a, kind in due_reminders(TODAY)] == [(assignment.pk, BEFORE_DUE)]
    assert send_reminder(assignment.pk, BEFORE_DUE, today=TODAY) == Outcome.SENT

    assert "۱۴۰۱/۰۵/۰۱" in sms_outbox[0].text
    assert "۳ روز تا پایان مهلت" in sms_outbox[0].text
    assert "یادآوری" in mailoutbox[0].subject
    # Asking for the wrong kind sends nothing: it is not overdue yet.
    assert send_reminder(assignment.pk, OVERDUE, today=TODAY) == Outcome.NOT_DUE
    assert len(sms_outbox) == 1


def test_each_reminder_goes_out_once_and_again_when_the_due_date_moves(sms_outbox, province, agency, focal):
    assignment = make_assignment(province, agency, days(-2))
    assert send_reminder(assignment.pk, OVERDUE, today=TODAY) == Outcome.SENT
    assert send_reminder(assignment.pk, OVERDUE, today=TODAY) == Outcome.ALREADY_SENT
    assert list(due_reminders(TODAY)) == []
    assert len(sms_outbox) == 1

    resolution = assignment.resolution
    resolution.due_date = days(-1)  # the secretariat granted an extension that has also passed
    resolution.save()
    assert [kind for _, kind in due_reminders(TODAY)] == [OVERDUE]
    assert send_reminder(assignment.pk, OVERDUE, today=TODAY) == Outcome.SENT
    assert len(sms_outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_resolution_done_after_enqueueing_is_not_reminded(sms_outbox, province, agency, focal):
    assignment = make_assignment(province, agency, days(-2))
    [(queued, kind)] = list(due_reminders(TODAY))
    assignment.resolution.status = ResolutionStatus.DONE
    assignment.resolution.save()
    assert send_reminder(queued.pk, kind, today=TODAY) == Outcome.NOT_DUE
    assert sms_outbox == []


def test_agency_without_focal_point_records_nothing(sms_outbox, province, agency):
    assignment = make_assignment(province, agency, days(-2))
    assert send_reminder(assignment.pk, OVERDUE, today=TODAY) == Outcome.NO_RECIPIENTS
    assert not ReminderSent.objects.exists()  # tried again once a focal point is named


def test_unknown_kind_is_refused(sms_outbox, province, agency):
    assignment = make_assignment(province, agency, days(-2))
    with pytest.raises(ValueError, match="نامعتبر"):
        send_reminder(assignment.pk, "weekly", today=TODAY)


def test_sms_timeout_records_nothing_so_it_is_retried(settings, province, agency, focal):
    settings.REMINDER_DAYS_BEFORE = 3
    assignment = make_assignment(province, agency, days(-2))
    with fake_kavenegar("sleep", sleep_seconds=1.5) as fake:
        use_kavenegar(settings, fake, timeout=0.5)
        with pytest.raises(NotifyError):
            send_reminder(assignment.pk, OVERDUE, today=TODAY)
    assert len(fake.requests) == 1
    assert not ReminderSent.objects.exists()
    assert [(a.pk, kind) for a, kind in due_reminders(TODAY)] == [(assignment.pk, OVERDUE)]
    # Next run, with the gateway answering, it goes out.
    with fake_kavenegar("ok") as fake:
        use_kavenegar(settings, fake)
        assert send_reminder(assignment.pk, OVERDUE, today=TODAY) == Outcome.SENT
    assert fake.requests[0]["form"]["receptor"] == "09121112233"
    assert ReminderSent.objects.count() == 1


# --- the command and the tasks ---------------------------------------------------------------------


def test_send_reminders_now_twice_sends_once(sms_outbox, province, agency, focal, bystanders):
    today = timezone.localdate()
    make_assignment(province, agency, today - datetime.timedelta(days=4))
    out = io.StringIO()
    call_command("send_reminders", "--now", stdout=out)
    call_command("send_reminders", "--now", stdout=out)
    assert [m.to for m in sms_outbox] == ["09121112233"]
    assert "ارسال شد: ۱" in out.getvalue()
    assert "امروز یادآوری لازم نبود." in out.getvalue()


def test_send_reminders_enqueues_only_after_commit(
    sms_outbox, province, agency, focal, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    overdue = make_assignment(province, agency, today - datetime.timedelta(days=4))
    soon = make_assignment(province, agency, today + datetime.timedelta(days=1), number=4)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("send_reminders", stdout=io.StringIO())
    assert len(callbacks) == 2
    assert not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()
    queued = sorted((r.task_path, tuple(r.args_kwargs["args"])) for r in DBTaskResult.objects.all())
    path = "mahalleh.meetings.tasks.send_reminder_task"
    assert queued == sorted([(path, (overdue.pk, "overdue")), (path, (soon.pk, "before_due"))])
    assert sms_outbox == []  # nothing sent by enqueueing


def create_resolution(province, agency):
    """A resolution recorded the way the pages record it: through the service, which notifies after commit."""
    meeting = MeetingFactory(body=BodyFactory(province=province, name=HQ), number=14)
    return services.resolution_create(meeting=meeting, text="مقرر گردید آبفا اقدام نماید.", lead_agency=agency,
                                      deadline_raw="دو هفته", actor=user_with_role(Role.SECRETARIAT, province=province))


def test_a_new_resolution_enqueues_its_notice_after_commit(
    sms_outbox, province, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resolution = create_resolution(province, agency)
        assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    result = DBTaskResult.objects.get()
    assert result.task_path == "mahalleh.meetings.tasks.notify_assigned"
    assert result.args_kwargs["args"] == [resolution.pk, [agency.pk]]


def test_notify_assignment_tells_each_agency(sms_outbox, province, agency, focal, mailoutbox):
    assignment = make_assignment(province, agency, days(10))  # due 1401/05/08
    helper = AgencyFactory(province=province, name="شهرداری کرج")
    helper_focal = user_with_role(Role.AGENCY, agency=helper)
    helper_focal.phone = "09125550000"
    helper_focal.save()
    AssignmentFactory(resolution=assignment.resolution, agency=helper, is_lead=False)

    assert notify_assignment(assignment.resolution_id) == 2
    by_phone = {m.to: m.text for m in sms_outbox}
    assert set(by_phone) == {"09121112233", "09125550000"}
    assert "مسئول اصلی" in by_phone["09121112233"]
    assert "همکار" in by_phone["09125550000"]
    assert "۱۴۰۱/۰۵/۰۸" in by_phone["09125550000"]
    assert [m.to for m in mailoutbox] == [["focal@abfa.example"]]  # the helper's focal point has no e-mail


@pytest.fixture
def restore_signals():
    """db_worker installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def run_worker_batch() -> None:
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0",
        verbosity=0,
        stdout=io.StringIO(),
    )


@pytest.mark.django_db(transaction=True)
def test_database_worker_sends_an_enqueued_reminder_once(
    sms_outbox, restore_signals, province, agency, focal
):
    make_assignment(province, agency, timezone.localdate() - datetime.timedelta(days=4))
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())  # cron ran twice before the worker woke up
    assert DBTaskResult.objects.count() == 2
    assert sms_outbox == []

    run_worker_batch()

    assert [m.to for m in sms_outbox] == ["09121112233"]
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert sorted(r.return_value for r in results) == ["already_sent", "sent"]
    assert ReminderSent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_database_worker_sends_the_assignment_notice(sms_outbox, restore_signals, province, agency, focal):
    with transaction.atomic():
        create_resolution(province, agency)
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.count() == 1

    run_worker_batch()

    assert len(sms_outbox) == 1
    assert "مصوبه جدید" in sms_outbox[0].text
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


class SlowSmsBackend(InMemorySmsBackend):
    """Holds the first sender inside its transaction long enough for a second worker to arrive."""

    def send_sms(self, to: str, text: str) -> None:
        threading.Event().wait(0.5)
        super().send_sms(to, text)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serializes writers"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_once(sms_outbox, settings, province, agency, focal):
    settings.SMS_BACKEND = f"{__name__}.SlowSmsBackend"
    assignment = make_assignment(province, agency, days(-3))
    outcomes: list[Outcome] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            outcomes.append(send_reminder(assignment.pk, OVERDUE, today=TODAY))
        except BaseException as e:  # surfaced by the assertion below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert errors == []
    assert sorted(outcomes) == [Outcome.ALREADY_SENT, Outcome.SENT]
    assert len(sms_outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_email_links_to_the_report_form_when_the_site_address_is_known(
    sms_outbox, settings, province, agency, focal, mailoutbox
):
    assignment = make_assignment(province, agency, days(3))
    send_reminder(assignment.pk, BEFORE_DUE, today=TODAY)
    assert "http" not in mailoutbox[0].body  # no address set: no half-made link

    settings.SITE_URL = "https://mahalleh.example.ir/"
    other = make_assignment(province, agency, days(3))
    send_reminder(other.pk, BEFORE_DUE, today=TODAY)
    assert f"https://mahalleh.example.ir/meetings/assignments/{other.pk}/report/" in mailoutbox[1].body
    assert "http" not in sms_outbox[1].text  # SMS stays short
