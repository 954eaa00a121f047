"""The problems part of the benchmark generator at a tiny scale: counts, valid unique codes, normalized
descriptions, routes, statuses, timelines; and the reset empties the problem tables."""

import datetime
from collections import Counter

import pytest
from bench.generate import generate, reset_data
from bench.plan import Plan

from mahalleh.core.text import normalize
from mahalleh.problems import codes
from mahalleh.problems.models import OPEN_STATUSES, Category, Problem, ProblemUpdate, RoutingRule
from mahalleh.problems.seeding import CATEGORIES_FILE

SCALE = 0.002
TODAY = datetime.date(2025, 11, 1)


@pytest.fixture
def generated(db):
    return generate(scale=SCALE, today=TODAY, log=lambda _line: None)


def test_problems_are_generated_with_valid_unique_codes_and_normalized_descriptions(generated):
    plan = Plan.for_scale(SCALE)
    assert plan.problems == 2000
    assert generated.counts["problems"] == Problem.objects.count() == 2000
    rows = list(Problem.objects.values_list("tracking_code", "description", "description_normalized"))
    assert all(codes.is_valid(code) for code, _, _ in rows)
    assert len({code for code, _, _ in rows}) == len(rows)
    assert all(norm and norm == normalize(desc) for _, desc, norm in rows)
    assert not Problem.objects.filter(agency__isnull=True).exists()
    assert not Problem.objects.filter(due_date__isnull=True).exists()


def test_categories_and_a_province_route_per_category(generated):
    n_categories = Category.objects.count()
    assert n_categories > 0 and n_categories == CATEGORIES_FILE.read_text().count('"code"')
    assert RoutingRule.objects.filter(county__isnull=True).count() == Plan.for_scale(SCALE).provinces * n_categories
    # each problem went to its province's route
    for p in Problem.objects.select_related("neighborhood__county")[:200]:
        rule = RoutingRule.objects.get(province_id=p.neighborhood.county.province_id, category_id=p.category_id)
        assert p.agency_id == rule.agency_id


def test_a_quarter_open_reporters_on_most_and_two_or_three_updates_each(generated):
    statuses = Counter(Problem.objects.values_list("status", flat=True))
    open_share = sum(n for s, n in statuses.items() if s in OPEN_STATUSES) / 2000
    assert 0.2 < open_share < 0.3
    assert set(statuses) <= {"new", "accepted", "in_progress", "fixed", "closed"}
    with_reporter = Problem.objects.exclude(reporter_name="").count() / 2000
    assert 0.5 < with_reporter < 0.7
    per_problem = Counter(ProblemUpdate.objects.values_list("problem_id", flat=True))
    assert len(per_problem) == 2000 and set(per_problem.values()) <= {2, 3}
    assert generated.counts["problem_updates"] == sum(per_problem.values())
    # a later insert gets a fresh id (the sequences were moved past the generated ids)
    top = ProblemUpdate.objects.order_by("-id").values_list("id", flat=True)[0]
    p = Problem.objects.order_by("id").first()
    assert p is not None
    assert ProblemUpdate.objects.create(problem=p, kind="note", text="x").pk > top


def test_reset_empties_the_problem_tables(generated):
    reset_data()
    assert not Problem.objects.exists() and not ProblemUpdate.objects.exists()
    assert not RoutingRule.objects.exists() and not Category.objects.exists()


def test_the_bare_sql_of_the_problems_bench_returns_the_apps_rows(generated, settings):
    from bench.bench_problems import build_cases, measure

    settings.ALLOWED_HOSTS = ["testserver"]
    cases, context = build_cases(None)
    assert context["county_category_open"] > 0 and context["agency_open"] > 0
    for case in cases:
        ids = case.sql()
        assert ids and ids == case.app(), case.name
        outcome = measure(case, warmup=0, runs=1)
        assert outcome.ok and outcome.rows == len(ids)
