"""Problem services: intake (routing, mobile, code, SMS, idempotency), acceptance, reassignment,
«not responsible», status changes."""

import datetime
import uuid

import pytest
from django.utils import timezone

from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.core.services import DomainError, NotAllowed
from mahalleh.problems import codes, services
from mahalleh.problems.models import Problem, ProblemUpdate, Status
from tests.factories import AgencyFactory, user_with_role
from tests.problems.conftest import run_sms_tasks


def intake(actor, neighborhood, category, **kw):
    kw.setdefault("description", "فاضلاب کوچه سوم سرریز شده است")
    return services.problem_intake(actor=actor, neighborhood=neighborhood, category=category, **kw)


@pytest.mark.parametrize(
    "typed", ["09123456789", "۰۹۱۲۳۴۵۶۷۸۹", "+989123456789", "00989123456789", "989123456789", "9123456789", "۰۹۱۲ ۳۴۵-۶۷۸۹", "(0912) 345 6789"]
)
def test_every_common_form_of_a_mobile_is_stored_one_way(typed):
    assert services.normalize_mobile(typed) == "09123456789"


@pytest.mark.parametrize("typed", ["02144556677", "0912345678", "091234567890", "+44912345678", "abc", "8123456789"])
def test_what_is_not_an_iranian_mobile_is_refused(typed):
    with pytest.raises(DomainError, match="تلفن همراه معتبر نیست"):
        services.normalize_mobile(typed)


def test_intake_routes_by_the_county_rule_before_the_province_default(routes, manager, neighborhood, other_neighborhood, sewage, lighting, municipality, water, secretariat):
    karaj = intake(manager, neighborhood, sewage)
    assert karaj.agency == municipality  # Karaj's own rule
    elsewhere = intake(secretariat, other_neighborhood, sewage)
    assert elsewhere.agency == water  # no rule in that county: the province default
    lit = intake(manager, neighborhood, lighting)
    assert lit.agency == water
    assert karaj.status == Status.NEW and karaj.created_by == manager
    assert codes.is_valid(karaj.tracking_code) and karaj.tracking_code != elsewhere.tracking_code
    routed = karaj.updates.get()
    assert routed.kind == ProblemUpdate.Kind.ROUTED and routed.to_agency == municipality


def test_intake_without_a_rule_leaves_the_agency_for_the_county(manager, neighborhood, sewage):
    assert intake(manager, neighborhood, sewage).agency is None


def test_due_date_counts_the_categorys_working_days(routes, manager, neighborhood, sewage, monkeypatch):
    problem = intake(manager, neighborhood, sewage)
    from mahalleh.core.workdays import add_working_days

    assert problem.due_date == add_working_days(timezone.localdate(problem.created_at), 5)  # the day in Tehran
    assert services.due_date(problem) == problem.due_date


def test_intake_stores_one_form_of_the_mobile_and_texts_the_code(routes, manager, neighborhood, sewage, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        problem = intake(manager, neighborhood, sewage, reporter_name="زهرا", reporter_mobile="+98 912 345 6789", sms_consent=True)
    assert problem.reporter_mobile == "09123456789"
    sent = run_sms_tasks()
    assert sent == [("09123456789", f"مشکل شما در سامانه محله ثبت شد. کد رهگیری: {codes.display(problem.tracking_code)}")]


def test_no_sms_without_consent_or_without_a_mobile(routes, manager, neighborhood, sewage, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intake(manager, neighborhood, sewage, reporter_mobile="09123456789", sms_consent=False)
        anonymous = intake(manager, neighborhood, sewage, sms_consent=True)
    assert run_sms_tasks() == []
    assert anonymous.sms_consent is False  # no mobile: nothing to consent to


@pytest.mark.parametrize(
    "bad, message",
    [({"description": "   "}, "شرح مشکل"), ({"reporter_mobile": "021-44556677"}, "تلفن همراه معتبر نیست")],
)
def test_bad_intake_saves_nothing(routes, manager, neighborhood, sewage, bad, message):
    with pytest.raises(DomainError, match=message):
        intake(manager, neighborhood, sewage, **bad)
    assert not Problem.objects.exists() and not ProblemUpdate.objects.exists()


def test_intake_outside_ones_neighborhood_is_refused_and_saves_nothing(routes, manager, other_neighborhood, sewage, focal, neighborhood):
    with pytest.raises(NotAllowed):
        intake(manager, other_neighborhood, sewage)
    with pytest.raises(NotAllowed):  # an agency receives problems, it does not record them
        intake(focal, neighborhood, sewage)
    assert not Problem.objects.exists()


def test_intake_is_idempotent_on_its_key(routes, manager, neighborhood, sewage, django_capture_on_commit_callbacks):
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = intake(manager, neighborhood, sewage, reporter_mobile="09123456789", sms_consent=True, idempotency_key=key)
        again = intake(manager, neighborhood, sewage, reporter_mobile="09123456789", sms_consent=True, idempotency_key=key)
    assert again.pk == first.pk and Problem.objects.count() == 1
    assert len(run_sms_tasks()) == 1  # the replay texts nobody
    with pytest.raises(NotAllowed):  # another user's key
        intake(user_with_role(Role.NEIGHBORHOOD, neighborhood=neighborhood), neighborhood, sewage, idempotency_key=key)


def test_not_responsible_round_trip(routes, manager, neighborhood, sewage, county_user, focal, municipality, water):
    problem = intake(manager, neighborhood, sewage)
    problem = services.problem_accept(actor=county_user, problem=problem, version=problem.version)
    assert problem.status == Status.ACCEPTED and problem.acknowledged_at is not None and problem.agency == municipality

    with pytest.raises(DomainError, match="علت"):
        services.problem_not_responsible(actor=focal, problem=problem, version=problem.version, reason=" ")
    problem = services.problem_not_responsible(actor=focal, problem=problem, version=problem.version, reason="فاضلاب با آبفاست")
    problem.refresh_from_db()
    assert problem.status == Status.NEW and problem.agency is None and problem.acknowledged_at is None
    refusal = problem.updates.get(kind=ProblemUpdate.Kind.NOT_RESPONSIBLE)
    assert (refusal.author, refusal.from_agency, refusal.text, refusal.is_public) == (focal, municipality, "فاضلاب با آبفاست", False)
    assert AuditEntry.objects.filter(event="problem_not_responsible", object_id=str(problem.pk)).exists()
    # the refusing agency no longer reaches it; the county routes it again
    assert not Problem.objects.restrict(focal).filter(pk=problem.pk).exists()
    problem = services.problem_accept(actor=county_user, problem=problem, version=problem.version, agency=water)
    assert problem.agency == water and problem.status == Status.ACCEPTED


def test_only_the_assigned_agency_may_refuse_and_only_the_county_may_accept(routes, manager, neighborhood, sewage, county_user, focal, province):
    problem = intake(manager, neighborhood, sewage)
    other = user_with_role(Role.AGENCY, agency=AgencyFactory(province=province))
    with pytest.raises(NotAllowed):
        services.problem_not_responsible(actor=other, problem=problem, version=problem.version, reason="نه")
    with pytest.raises(NotAllowed):
        services.problem_accept(actor=focal, problem=problem, version=problem.version)
    with pytest.raises(NotAllowed):
        services.problem_accept(actor=manager, problem=problem, version=problem.version)


def test_reassignment_keeps_the_history(routes, manager, neighborhood, sewage, county_user, municipality, water):
    problem = intake(manager, neighborhood, sewage)
    problem = services.problem_reassign(actor=county_user, problem=problem, version=problem.version, agency=water, reason="شبکه با آبفاست")
    problem = services.problem_reassign(actor=county_user, problem=problem, version=problem.version, agency=municipality)
    hops = [(u.from_agency, u.to_agency) for u in problem.updates.filter(kind=ProblemUpdate.Kind.ROUTED)]
    assert hops == [(None, municipality), (municipality, water), (water, municipality)]


def test_an_agency_of_another_province_cannot_be_routed_to(routes, manager, neighborhood, sewage, county_user):
    problem = intake(manager, neighborhood, sewage)
    with pytest.raises(DomainError, match="استان"):
        services.problem_reassign(actor=county_user, problem=problem, version=problem.version, agency=AgencyFactory())


def test_a_stale_version_is_refused(routes, manager, neighborhood, sewage, county_user):
    problem = intake(manager, neighborhood, sewage)
    services.problem_accept(actor=county_user, problem=problem, version=problem.version)
    with pytest.raises(DomainError):
        services.problem_set_status(actor=county_user, problem=problem, version=1, status=Status.IN_PROGRESS)


def test_public_status_changes_text_the_reporter_unless_opted_out(routes, manager, neighborhood, sewage, county_user, focal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        problem = intake(manager, neighborhood, sewage, reporter_mobile="09123456789", sms_consent=True)
    run_sms_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        problem = services.problem_accept(actor=county_user, problem=problem, version=problem.version)
        problem = services.problem_set_status(actor=focal, problem=problem, version=problem.version, status=Status.IN_PROGRESS, text="پیمانکار اعزام شد")
        problem = services.problem_set_status(actor=focal, problem=problem, version=problem.version, status=Status.ACTION_SCHEDULED, is_public=False)
    sent = run_sms_tasks()
    assert [text.rsplit(": ", 1)[1] for _, text in sent] == ["پذیرفته‌شده", "در حال اقدام"]  # not the internal one
    services.problem_sms_opt_out(actor=county_user, problem=problem)
    problem.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        problem = services.problem_set_status(actor=focal, problem=problem, version=problem.version, status=Status.FIXED)
    assert run_sms_tasks() == []
    assert problem.fixed_at is not None and problem.status_type == "closed"
    changes = [(u.from_status, u.to_status) for u in problem.updates.filter(kind=ProblemUpdate.Kind.STATUS)]
    assert changes[-1] == (Status.ACTION_SCHEDULED, Status.FIXED)


def test_duplicate_needs_its_original(routes, manager, neighborhood, sewage, county_user):
    first = intake(manager, neighborhood, sewage)
    second = intake(manager, neighborhood, sewage)
    with pytest.raises(DomainError, match="اصلی"):
        services.problem_set_status(actor=county_user, problem=second, version=second.version, status=Status.DUPLICATE)
    second = services.problem_set_status(actor=county_user, problem=second, version=second.version, status=Status.DUPLICATE, duplicate_of=first)
    assert second.duplicate_of == first and second.is_closed


def test_overdue_is_derived_for_the_day_asked(routes, manager, neighborhood, sewage, county_user):
    problem = intake(manager, neighborhood, sewage)
    due = problem.due_date
    before, after = due, due + datetime.timedelta(days=1)
    assert not Problem.objects.overdue(before).exists()
    assert list(Problem.objects.overdue(after)) == [problem]
    assert Problem.objects.with_overdue(after).get().overdue_now is True
    assert Problem.objects.with_overdue(before).get().overdue_now is False
    assert problem.is_overdue(after) and not problem.is_overdue(before)
    problem = services.problem_set_status(actor=county_user, problem=problem, version=problem.version, status=Status.CLOSED)
    assert not Problem.objects.overdue(after).exists()  # closed is never overdue
    assert Problem.objects.with_overdue(after).get().overdue_now is False
