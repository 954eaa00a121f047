"""Maghrib time: Tehran method (4.5° below the horizon), local time, overrides."""

import datetime

import pytest

from mahalleh.core.maghrib import MaghribError, computed_maghrib, maghrib
from mahalleh.core.models import MaghribOverride

KARAJ = (35.8400, 50.9391)
TIR_29_1401 = datetime.date(2022, 7, 20)


def minutes(t: datetime.time) -> float:
    return t.hour * 60 + t.minute + t.second / 60


def test_karaj_in_summer_1401_with_summer_time():
    # Official timetable: 20:40 (Iran still had UTC+4:30 summer time in 1401).
    assert abs(minutes(computed_maghrib(*KARAJ, TIR_29_1401)) - minutes(datetime.time(20, 40))) <= 1


def test_no_summer_time_from_1402():
    # A year later summer time was abolished: the same day of the sun comes one clock hour earlier.
    a = minutes(computed_maghrib(*KARAJ, TIR_29_1401))
    b = minutes(computed_maghrib(*KARAJ, datetime.date(2023, 7, 20)))
    assert 55 <= a - b <= 65


def test_maghrib_is_later_than_sunset_angle_and_west_is_later():
    # Tabriz lies about 5° west of Karaj: its Maghrib on the same day is about 20 minutes later on the clock.
    tabriz = computed_maghrib(38.0800, 46.2919, TIR_29_1401)
    assert minutes(tabriz) - minutes(computed_maghrib(*KARAJ, TIR_29_1401)) > 10
    # Winter: about 17:20 in Karaj.
    winter = computed_maghrib(*KARAJ, datetime.date(2022, 12, 21))
    assert datetime.time(17, 0) <= winter <= datetime.time(17, 40)


def test_invalid_coordinates():
    with pytest.raises(MaghribError):
        computed_maghrib(95, 50, TIR_29_1401)


@pytest.mark.django_db
def test_override_wins_for_its_place_and_date_only():
    MaghribOverride.objects.create(place_key="county:3", date=TIR_29_1401, time=datetime.time(20, 45))
    assert maghrib(*KARAJ, TIR_29_1401, place_key="county:3") == datetime.time(20, 45)
    computed = maghrib(*KARAJ, TIR_29_1401, place_key="county:4")
    assert computed != datetime.time(20, 45) and computed == computed_maghrib(*KARAJ, TIR_29_1401)
    next_day = TIR_29_1401 + datetime.timedelta(days=1)
    assert maghrib(*KARAJ, next_day, place_key="county:3") == computed_maghrib(*KARAJ, next_day)


@pytest.mark.django_db
def test_without_place_key_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        maghrib(*KARAJ, TIR_29_1401)
