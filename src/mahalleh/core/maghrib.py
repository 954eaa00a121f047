"""Maghrib (evening prayer) time, after which Ramadan evening programs and iftar gatherings start.

Computed with ``salat``'s Tehran method, which — like the Institute of Geophysics, University of
Tehran — puts Maghrib at the Sun 4.5° below the horizon (not at sunset). Times are local
``Asia/Tehran`` through ``zoneinfo``, so dates before 1402 (2023) get Iran's former summer time
(UTC+4:30). A ``MaghribOverride`` for the place and date, set by hand from the official timetable,
wins over the computation.
"""

from __future__ import annotations

import datetime
import functools

from salat.methods import AsrMethod, CalculationMethod, PrayerTimes

from mahalleh.core.jalali import TEHRAN

# Two decimals are about one kilometre, i.e. a few seconds of Maghrib: fine enough to share a cache entry.
_PRECISION = 2
_METHOD = PrayerTimes(CalculationMethod.TEHRAN, AsrMethod.STANDARD)


class MaghribError(ValueError):
    """Coordinates outside the Earth or a place where the Sun never reaches 4.5° below the horizon."""


@functools.lru_cache(maxsize=4096)
def _computed(latitude: float, longitude: float, date: datetime.date) -> datetime.time:
    try:
        moment: datetime.datetime = _METHOD.calc_times(date, TEHRAN, longitude, latitude)["maghrib"]
    except (ValueError, ArithmeticError) as exc:
        raise MaghribError("زمان اذان مغرب برای این مکان و تاریخ قابل محاسبه نیست.") from exc
    return moment.astimezone(TEHRAN).time().replace(microsecond=0)


def computed_maghrib(latitude: float, longitude: float, date: datetime.date) -> datetime.time:
    """Maghrib in Tehran local time by calculation only (no override)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise MaghribError(f"مختصات نامعتبر است: {latitude}، {longitude}")
    return _computed(round(float(latitude), _PRECISION), round(float(longitude), _PRECISION), date)


def maghrib(
    latitude: float, longitude: float, date: datetime.date, *, place_key: str | None = None
) -> datetime.time:
    """Maghrib on ``date`` at the point, in Tehran local time; a ``MaghribOverride`` for ``place_key`` wins."""
    if place_key:
        from mahalleh.core.models import MaghribOverride  # lazily: this module is usable before apps load

        override = MaghribOverride.objects.filter(place_key=place_key, date=date).values_list(
            "time", flat=True
        )
        for time in override:
            return time
    return computed_maghrib(latitude, longitude, date)
