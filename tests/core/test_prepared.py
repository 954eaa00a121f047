"""A prepared query returns exactly what its ORM queryset returns, for every input and every scope, and
refuses to prepare a build whose SQL is not a pure function of the shape of its inputs."""

import datetime
import importlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mahalleh.agencies.models import Agency
from mahalleh.core.prepared import PreparedQuery
from mahalleh.core.roles import Role
from mahalleh.core.scoping import NOBODY, scope_of
from mahalleh.meetings.models import Meeting
from tests.factories import AgencyFactory, BodyFactory, MeetingFactory, ProvinceFactory, user_with_role

pytestmark = pytest.mark.django_db

D = datetime.date(2025, 3, 21)


def meetings_between(scope, start, end, body_ids):
    """Dates (converted from SQLite's text), a list of ids and the scope: the inputs of the real selectors."""
    return (
        Meeting.objects.within(scope).filter(date__gte=start, date__lte=end, body_id__in=body_ids)
        .order_by("date", "id").values_list("id", "date", "number", "body__name")
    )


@pytest.fixture
def world(province):
    elsewhere = ProvinceFactory(name="قزوین", code="qazvin")
    bodies = [BodyFactory(province=province), BodyFactory(province=province), BodyFactory(province=elsewhere)]
    for i in range(24):
        MeetingFactory(body=bodies[i % 3], date=D + datetime.timedelta(days=7 * i), number=i + 1)
    return {"bodies": bodies, "elsewhere": elsewhere}


def test_rows_equal_the_orm_for_each_scope_and_input(world, province, county):
    prepared = PreparedQuery(meetings_between)
    body_ids = [b.pk for b in world["bodies"]]
    users = [
        user_with_role(Role.SECRETARIAT, province=province),
        user_with_role(Role.SECRETARIAT, province=world["elsewhere"]),  # same shape, other values
        user_with_role(Role.COUNTY, county=county),
        user_with_role(Role.AGENCY, agency=AgencyFactory(province=province)),
        user_with_role(Role.NATIONAL),
    ]
    cases = [(D, D + datetime.timedelta(days=70), body_ids), (D + datetime.timedelta(days=30), D + datetime.timedelta(days=400),
                                                                 body_ids[:1]), (D, D, [])]
    seen = set()
    for user in users:
        scope = scope_of(user)
        for start, end, ids in cases:
            expected = list(meetings_between(scope, start, end, ids))
            assert prepared.rows(scope=scope, start=start, end=end, body_ids=ids) == expected
            seen.add(bool(expected))
    assert seen == {True, False}  # both real rows and empty answers were compared
    assert prepared.prepared
    assert isinstance(prepared.rows(scope=scope_of(users[0]), start=D, end=D + datetime.timedelta(days=70),
                                    body_ids=body_ids)[0][1], datetime.date)  # converted, on SQLite too


def test_one_plan_serves_every_user_of_the_same_shape(world, province, django_assert_num_queries):
    prepared = PreparedQuery(meetings_between)
    here, there = (scope_of(user_with_role(Role.SECRETARIAT, province=p)) for p in (province, world["elsewhere"]))
    ids = [b.pk for b in world["bodies"]]
    end = D + datetime.timedelta(days=365)
    prepared.rows(scope=here, start=D, end=end, body_ids=ids)
    with django_assert_num_queries(1):  # no compiling to speak of, and no query but the one
        rows = prepared.rows(scope=there, start=D, end=end, body_ids=ids)
    assert {r[3] for r in rows} == {world["bodies"][2].name}
    assert len(prepared._plans) == 1


def test_nobody_gets_nothing(world):
    prepared = PreparedQuery(meetings_between)
    assert prepared.rows(scope=NOBODY, start=D, end=D + datetime.timedelta(days=900),
                         body_ids=[b.pk for b in world["bodies"]]) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 200), length=st.integers(0, 200), picks=st.lists(st.integers(0, 2), max_size=3))
def test_any_dates_and_lists(world, province, start, length, picks):
    prepared = PREPARED_FOR_PROPERTY
    scope = scope_of(user_with_role(Role.SECRETARIAT, province=province))
    first = D + datetime.timedelta(days=start)
    ids = sorted({world["bodies"][p].pk for p in picks})
    expected = list(meetings_between(scope, first, first + datetime.timedelta(days=length), ids))
    assert prepared.rows(scope=scope, start=first, end=first + datetime.timedelta(days=length), body_ids=ids) == expected


PREPARED_FOR_PROPERTY = PreparedQuery(meetings_between)


def day_after(scope, start):
    return Meeting.objects.within(scope).filter(date__gte=start + datetime.timedelta(days=1)).values_list("id")


def branching(scope, start):
    queryset = Meeting.objects.within(scope).values_list("id")
    return queryset.filter(number=1) if start.month == 3 else queryset  # SQL that depends on a value


def window_after(scope, start, end):
    return Meeting.objects.within(scope).filter(date__gt=start + datetime.timedelta(days=1), date__lte=end).values_list("id")


def test_a_derived_value_is_caught_even_when_it_equals_another_input_on_the_first_call(world, province):
    """start + 1 day == end on the first call: stand-ins spaced a prime apart still tell them apart."""
    prepared = PreparedQuery(window_after)
    scope = scope_of(user_with_role(Role.SECRETARIAT, province=province))
    for start, end in ((D, D + datetime.timedelta(days=1)), (D, D + datetime.timedelta(days=60))):
        assert prepared.rows(scope=scope, start=start, end=end) == list(window_after(scope, start, end))
    assert not prepared.prepared


def first_of(scope, ids):
    return Meeting.objects.within(scope).filter(pk=ids[0]).values_list("id")  # an element, not membership


def test_a_list_keeps_its_order(world, province):
    prepared = PreparedQuery(first_of)
    scope = scope_of(user_with_role(Role.SECRETARIAT, province=province))
    a, b = Meeting.objects.filter(body__province=province).order_by("id")[:2]
    assert prepared.rows(scope=scope, ids=[a.pk, b.pk]) == [(a.pk,)]
    assert prepared.rows(scope=scope, ids=[b.pk, a.pk]) == [(b.pk,)]
    assert prepared.prepared


@pytest.mark.django_db(transaction=True)  # each thread has its own connection: the rows must be committed
def test_threads_share_the_plans(world, province):
    import threading

    prepared = PreparedQuery(meetings_between)
    scope = scope_of(user_with_role(Role.SECRETARIAT, province=province))
    ids = [b.pk for b in world["bodies"]]
    errors = []

    def call(n):
        try:
            for length in range(n, n + 20):
                prepared.rows(scope=scope, start=D, end=D + datetime.timedelta(days=length), body_ids=ids[: length % 4])
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=call, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(prepared._plans) == 4  # one per length of the id list (0..3), shared by every thread


@pytest.mark.parametrize("build", [day_after, branching])
def test_a_build_that_is_not_a_function_of_its_shape_is_not_prepared(build, world, province):
    prepared = PreparedQuery(build)
    scope = scope_of(user_with_role(Role.SECRETARIAT, province=province))
    for start in (D, D + datetime.timedelta(days=40)):
        assert prepared.rows(scope=scope, start=start) == list(build(scope, start))
    assert not prepared.prepared


def test_inputs_it_cannot_stand_in_for_are_refused(province):
    prepared = PreparedQuery(lambda scope, name: Agency.objects.within(scope).filter(name=name).values_list("id"))
    with pytest.raises(TypeError):
        prepared.rows(scope=NOBODY, name=1.5)


def test_the_selectors_run_prepared(world, province):
    """The three hot reads never fall back to building their query on every call."""
    from mahalleh.meetings import selectors

    inbox_module, review_module, scorecards_module = (
        importlib.import_module(f"mahalleh.meetings.selectors.{name}") for name in ("inbox", "review", "scorecards"))

    secretariat = user_with_role(Role.SECRETARIAT, province=province)
    agency = AgencyFactory(province=province)
    selectors.inbox(user=user_with_role(Role.AGENCY, agency=agency))
    selectors.review(meeting=Meeting.objects.filter(body=world["bodies"][0]).latest("date"), user=secretariat)
    selectors.scorecards(user=secretariat, province=province, start=D, end=D + datetime.timedelta(days=365))
    for prepared in (inbox_module.OPEN_ASSIGNMENTS, review_module.REVIEW_ROWS, scorecards_module.FIGURE_ROWS,
                     scorecards_module.AGENCY_ROWS):
        assert prepared.prepared, prepared.build.__name__
