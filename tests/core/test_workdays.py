"""Working days: Fridays, Thursdays by setting, official holidays and ad-hoc closures."""

import datetime

import jdatetime
import pytest

from mahalleh.core.models import Closure
from mahalleh.core.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
    working_days_in,
)

pytestmark = pytest.mark.django_db


def j(y: int, m: int, d: int) -> datetime.date:
    return jdatetime.date(y, m, d).togregorian()


@pytest.fixture(autouse=True)
def _thursday_off(settings):
    settings.THURSDAY_IS_WORKING_DAY = False


def test_holidays_package_lists_nowruz_1403_and_the_13th():
    for day in (1, 2, 3, 4, 12, 13):
        assert holiday_name(j(1403, 1, day)), f"فروردین {day}"
        assert not is_working_day(j(1403, 1, day))
    assert "نوروز" in holiday_name(j(1403, 1, 1))
    assert "طبیعت" in holiday_name(j(1403, 1, 13))
    assert holiday_name(j(1403, 1, 5)) is None and is_working_day(j(1403, 1, 5))


def test_week_shape():
    saturday = j(1403, 2, 1)  # 20 April 2024
    assert saturday.weekday() == 5 and is_working_day(saturday)
    assert not is_working_day(saturday + datetime.timedelta(days=6))  # Friday
    assert holiday_name(saturday + datetime.timedelta(days=6)) is None  # a weekend is not a named holiday
    assert not is_working_day(saturday + datetime.timedelta(days=5))  # Thursday by default


def test_thursday_setting(settings):
    thursday = j(1403, 2, 6)
    assert thursday.weekday() == 3
    assert not is_working_day(thursday)
    settings.THURSDAY_IS_WORKING_DAY = True
    assert is_working_day(thursday)
    assert not is_working_day(thursday + datetime.timedelta(days=1))  # Friday stays off


def test_add_working_days_across_nowruz(settings):
    start = j(1402, 12, 27)  # a Sunday; 12/29 (oil day) and Farvardin 1-4 are holidays
    assert holiday_name(j(1402, 12, 29))
    # 12/28, then 1/5, 1/6, 1/7, 1/8
    assert add_working_days(start, 1) == j(1402, 12, 28)
    assert add_working_days(start, 2) == j(1403, 1, 5)
    assert add_working_days(start, 5) == j(1403, 1, 8)
    # 1/9 Thursday and 1/10 Friday off, 1/11 works, 1/12 and 1/13 holidays, 1/14 works
    assert add_working_days(start, 6) == j(1403, 1, 11)
    assert add_working_days(start, 7) == j(1403, 1, 14)
    settings.THURSDAY_IS_WORKING_DAY = True
    assert add_working_days(start, 6) == j(1403, 1, 9)
    assert add_working_days(start, 7) == j(1403, 1, 11)


def test_add_working_days_is_strictly_after_and_zero_and_backwards():
    saturday = j(1403, 2, 1)
    assert add_working_days(saturday, 1) == saturday + datetime.timedelta(days=1)
    assert add_working_days(saturday, 0) == saturday
    assert add_working_days(j(1403, 1, 14), -1) == j(1403, 1, 11)
    assert add_working_days(j(1403, 1, 5), -1) == j(1402, 12, 28)


def test_tasua_ashura_move_between_years():
    assert "تاسوعا" in holiday_name(j(1403, 4, 25)) and "عاشورا" in holiday_name(j(1403, 4, 26))
    assert "تاسوعا" in holiday_name(j(1402, 5, 5)) and "عاشورا" in holiday_name(j(1402, 5, 6))
    assert holiday_name(j(1402, 4, 25)) is None
    monday = j(1403, 4, 24)  # the working day before Tasua 1403
    assert is_working_day(monday)
    assert add_working_days(monday, 1) == j(1403, 4, 27)


def test_closure_makes_a_day_non_working():
    day = j(1403, 9, 10)  # a Saturday
    assert is_working_day(day)
    before = add_working_days(day - datetime.timedelta(days=1), 3)
    Closure.objects.create(date=day, reason="آلودگی هوا")
    assert not is_working_day(day)
    assert holiday_name(day) == "آلودگی هوا"
    assert add_working_days(day - datetime.timedelta(days=1), 3) == before + datetime.timedelta(days=1)


def test_closures_loaded_once_per_call(django_assert_num_queries):
    Closure.objects.create(date=j(1403, 9, 10), reason="آلودگی هوا")
    with django_assert_num_queries(1):
        add_working_days(j(1403, 9, 1), 20)
    with django_assert_num_queries(1):
        working_days_between(j(1403, 1, 1), j(1403, 12, 29))


@pytest.mark.parametrize("n", [1, 3, 10, 40, -5])
def test_between_inverts_add(n):
    start = j(1402, 12, 20)
    assert working_days_between(start, add_working_days(start, n)) == n


def test_working_days_between_and_in():
    assert working_days_between(j(1402, 12, 27), j(1403, 1, 8)) == 5
    assert working_days_between(j(1403, 1, 8), j(1403, 1, 8)) == 0
    days = working_days_in(j(1403, 1, 1), j(1403, 1, 14))
    assert days == [j(1403, 1, d) for d in (5, 6, 7, 8, 11, 14)]
