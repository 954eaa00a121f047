"""How many rows of each kind a given ``--scale`` asks for."""

from __future__ import annotations

from dataclasses import dataclass

# Full scale (1.0): the national program.
FULL = {
    "provinces": 31,
    "counties": 430,
    "neighborhoods": 2020,
    "agencies": 3000,
    "meetings": 50_000,
    "problems": 1_000_000,
}
ATTENDANCE_PER_MEETING = 20
SECRETARIAT_PER_PROVINCE = 2
MAX_SCALE = 4.0


class GenerationError(Exception):
    """Bad input or a database that already holds the data; the message is Persian and shown as is."""


@dataclass(frozen=True)
class Plan:
    scale: float
    provinces: int
    counties: int
    neighborhoods: int
    agencies: int
    meetings: int
    problems: int = 0
    attendance_per_meeting: int = ATTENDANCE_PER_MEETING
    secretariat_per_province: int = SECRETARIAT_PER_PROVINCE

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        """Meetings (and so resolutions, assignments, reports, attendance) scale linearly.

        The registry cannot shrink below a working shape: at least two provinces (scoping has
        something to exclude), two counties per province and twelve agencies per province.
        """
        if not isinstance(scale, int | float) or not 0 < scale <= MAX_SCALE:
            raise GenerationError(f"مقیاس باید عددی بزرگ‌تر از صفر و حداکثر {MAX_SCALE:g} باشد.")
        provinces = min(FULL["provinces"], max(2, round(FULL["provinces"] * scale)))
        meetings = max(1, round(FULL["meetings"] * scale))
        return cls(
            scale=scale,
            provinces=provinces,
            counties=max(2 * provinces, round(FULL["counties"] * scale)),
            neighborhoods=max(2 * provinces, round(FULL["neighborhoods"] * scale)),
            agencies=max(12 * provinces, round(FULL["agencies"] * scale)),
            meetings=meetings,
            problems=max(1, round(FULL["problems"] * scale)),
        )
