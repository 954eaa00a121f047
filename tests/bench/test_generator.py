"""The benchmark generator at a tiny scale: proportional counts, consistent keys, repeatable, all or nothing;
and the bare SQL of the benchmark returns what the selectors return."""

import datetime
from collections import Counter

import pytest
from bench.generate import generate, reset_data
from bench.plan import FULL, GenerationError, Plan
from django.db import connection
from django.db.models import Count, F, Q

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.agencies.models import Agency
from mahalleh.core.roles import Role
from mahalleh.meetings.models import (
    Assignment,
    Attendance,
    Body,
    BodyMembership,
    DeadlineKind,
    Meeting,
    ProgressReport,
    Resolution,
    ResolutionStatus,
)
from mahalleh.places.models import County, Neighborhood, Province

SCALE = 0.002
TODAY = datetime.date(2025, 11, 1)  # 1404/08/10


def _quiet(_line: str) -> None:
    pass


@pytest.fixture
def generated(db):
    return generate(scale=SCALE, today=TODAY, log=_quiet)


def test_plan_is_the_national_figures_at_full_scale_and_linear_below():
    full = Plan.for_scale(1.0)
    assert (full.provinces, full.counties, full.neighborhoods, full.agencies, full.meetings) == (
        FULL["provinces"], FULL["counties"], FULL["neighborhoods"], FULL["agencies"], FULL["meetings"])
    assert Plan.for_scale(0.5).meetings == 25_000
    assert Plan.for_scale(0.1).agencies == 300
    tiny = Plan.for_scale(SCALE)
    assert tiny.meetings == 100 and tiny.provinces == 2  # the registry keeps a working shape


@pytest.mark.parametrize("scale", [0, -1, 4.5])
def test_bad_scale_is_refused_in_persian(scale):
    with pytest.raises(GenerationError, match="مقیاس"):
        Plan.for_scale(scale)


def test_counts_are_proportional(generated):
    counts = generated.counts
    plan = Plan.for_scale(SCALE)
    db_counts = {
        "provinces": Province.objects.count(), "counties": County.objects.count(),
        "neighborhoods": Neighborhood.objects.count(), "agencies": Agency.objects.count(),
        "meetings": Meeting.objects.count(), "resolutions": Resolution.objects.count(),
        "assignments": Assignment.objects.count(), "progress_reports": ProgressReport.objects.count(),
        "attendance": Attendance.objects.count(),
    }
    assert {k: counts[k] for k in db_counts} == db_counts
    assert db_counts["provinces"] == plan.provinces
    assert db_counts["counties"] == plan.counties
    assert db_counts["agencies"] == plan.agencies
    assert db_counts["meetings"] == round(FULL["meetings"] * SCALE)
    per_meeting = db_counts["resolutions"] / db_counts["meetings"]
    assert 6.5 <= per_meeting <= 9.5  # 2..14 per meeting, 8 on average
    per_resolution = db_counts["assignments"] / db_counts["resolutions"]
    assert 1.3 <= per_resolution <= 1.9  # 1..3, one lead
    assert 0.5 <= db_counts["progress_reports"] / db_counts["assignments"] <= 1.5
    assert db_counts["attendance"] <= 20 * db_counts["meetings"]
    assert Neighborhood.objects.filter(is_target=True).count() == db_counts["neighborhoods"]
    focal = RoleAssignment.objects.filter(role=Role.AGENCY)
    assert focal.count() == db_counts["agencies"]
    assert focal.values("agency").distinct().count() == db_counts["agencies"]
    assert RoleAssignment.objects.filter(role=Role.SECRETARIAT).count() == 2 * plan.provinces
    assert Body.objects.filter(kind=Body.Kind.PROVINCIAL_HQ).count() == plan.provinces


def test_foreign_keys_and_rules_are_consistent(generated):
    connection.check_constraints()  # every foreign key points at a row

    per_resolution = Assignment.objects.values("resolution").annotate(n=Count("id"), leads=Count("id", filter=Q(is_lead=True)))
    assert all(1 <= r["n"] <= 3 and r["leads"] == 1 for r in per_resolution)
    assert per_resolution.count() == Resolution.objects.count()  # none without an assignee

    members = set(BodyMembership.objects.values_list("body_id", "agency_id"))
    assigned = Assignment.objects.values_list("resolution__meeting__body_id", "agency_id")
    assert set(assigned) <= members
    attended = Attendance.objects.values_list("meeting__body_id", "agency_id")
    assert set(attended) <= members
    assert not Assignment.objects.exclude(agency__province=F("resolution__meeting__body__province")).exists()

    focal_of = dict(RoleAssignment.objects.filter(role=Role.AGENCY).values_list("agency_id", "user_id"))
    for agency_id, author_id in ProgressReport.objects.values_list("assignment__agency_id", "author_id"):
        assert focal_of[agency_id] == author_id

    for body_id in Body.objects.values_list("id", flat=True):
        numbers = list(Meeting.objects.filter(body_id=body_id).order_by("date", "number").values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
    assert Meeting.objects.filter(date__gt=TODAY).count() == 0

    no_due = Resolution.objects.filter(due_date__isnull=True)
    assert set(no_due.values_list("deadline_kind", flat=True)) <= {DeadlineKind.CONTINUOUS, DeadlineKind.ASAP,
                                                                   DeadlineKind.NONE}
    assert not Resolution.objects.filter(deadline_kind=DeadlineKind.DURATION, due_date__isnull=True).exists()
    done = Resolution.objects.filter(status=ResolutionStatus.DONE)
    assert not done.filter(done_at__isnull=True).exists() and not done.filter(done_at__gt=TODAY).exists()
    assert not Resolution.objects.exclude(status=ResolutionStatus.DONE).filter(done_at__isnull=False).exists()

    statuses = Counter(Resolution.objects.values_list("status", flat=True))
    assert statuses[ResolutionStatus.DONE] > 0 and Resolution.objects.overdue(TODAY).exists()
    late = done.filter(done_at__gt=F("due_date")).count()
    assert 0 < late < done.count()  # some late, not all


def test_same_seed_gives_the_same_data_and_reset_replaces_it(generated):
    def fingerprint():
        return (
            # Body names repeat across provinces; (province, body, number) orders meetings uniquely.
            list(Meeting.objects.order_by("date", "body__province__name", "body__name", "number")
                 .values_list("date", "body__name", "number")),
            list(Resolution.objects.order_by("meeting__date", "meeting__body__province__name", "meeting__body__name",
                                             "meeting__number", "number")
                 .values_list("status", "due_date", "done_at")),
        )

    before = fingerprint()
    again = generate(scale=SCALE, today=TODAY, reset=True, log=_quiet)
    assert again.counts == generated.counts
    assert fingerprint() == before
    assert Province.objects.count() == generated.counts["provinces"]  # replaced, not added


def test_existing_data_is_refused_without_reset_and_nothing_is_written(generated):
    meetings, users = Meeting.objects.count(), User.objects.count()
    with pytest.raises(GenerationError, match="--reset"):
        generate(scale=SCALE, today=TODAY, log=_quiet)
    assert (Meeting.objects.count(), User.objects.count()) == (meetings, users)


def test_reset_removes_generated_users_but_keeps_others(generated):
    keeper = User.objects.create_user(username="someone-else", password="x-1234-y")
    reset_data()
    assert not User.objects.filter(username__startswith="bench-").exists()
    assert User.objects.filter(pk=keeper.pk).exists()
    assert Meeting.objects.count() == 0 and Agency.objects.count() == 0


def test_bare_sql_returns_what_the_selectors_return(generated):
    from bench.bench_meetings import build_cases, measure

    cases, context = build_cases(TODAY, None)
    assert context["inbox_busiest_open"] >= context["inbox_typical_open"] > 0
    for case in cases:
        outcome = measure(case, warmup=0, runs=1)
        assert outcome.sql_count > 0, case.name
        if case.app is not None:
            assert outcome.ok, f"{case.name}: {outcome.check}"


def test_bare_sql_inbox_is_the_agency_open_work_overdue_first(generated):
    from bench import sql

    ra = RoleAssignment.objects.filter(role=Role.AGENCY).annotate(
        n=Count("agency__assignments")).order_by("-n").first()
    rows = sql.run(sql.inbox_query(user_id=ra.user_id, today=TODAY))
    expected = set(Assignment.objects.filter(agency_id=ra.agency_id).exclude(
        resolution__status__in=[ResolutionStatus.DONE, ResolutionStatus.CANCELLED]).values_list("id", flat=True))
    assert {r["assignment_id"] for r in rows} == expected and expected
    flags = [bool(r["is_overdue"]) for r in rows]
    assert flags == sorted(flags, reverse=True)  # every overdue one before the rest
    dated = [r["due_date"] for r in rows if not r["is_overdue"] and r["due_date"] is not None]
    assert dated == sorted(dated)
