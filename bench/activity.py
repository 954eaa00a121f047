"""The big tables: meetings, attendance, resolutions, assignments, progress reports (COPY on PostgreSQL).

Rows carry explicit ids (each table continues after its current largest id) so children can point
at parents without a round trip; the id sequences are moved past them at the end.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections.abc import Callable
from functools import cache, lru_cache

from bench.names import DEADLINES, REPORT_TEXTS, RESOLUTION_TEXTS, RETURN_REASONS
from bench.plan import Plan
from bench.registry import World
from bench.sink import bulk_load, copy_rows, next_id, reset_sequences
from mahalleh.core.jalali import add_months, from_jalali, jalali_month_end, jalali_month_start, to_jalali

UTC = datetime.UTC
OPEN, IN_PROGRESS, REPORTED, DONE, RETURNED, CANCELLED = (
    "open", "in_progress", "reported", "done", "returned", "cancelled"
)
_DEADLINE_CUM = list(itertools.accumulate(d[4] for d in DEADLINES))
_DEADLINE_INDEXES = range(len(DEADLINES))
_month_start = lru_cache(maxsize=None)(jalali_month_start)


@cache
def _due(meeting_date: datetime.date, deadline: int) -> datetime.date | None:
    """The due date a deadline as written gives from the meeting date (Jalali months clip)."""
    kind, amount, unit, _raw, _w = DEADLINES[deadline]
    if kind == "duration":
        assert amount is not None
        if unit == "week":
            return meeting_date + datetime.timedelta(weeks=amount)
        return add_months(meeting_date, amount if unit == "month" else 12 * amount)
    if kind == "date":
        return jalali_month_end(add_months(meeting_date, 1))
    return None


def _at(d: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(d, datetime.time(hour), tzinfo=UTC)


def _between(rng: random.Random, a: datetime.date, b: datetime.date) -> datetime.date:
    """A random day in ``a..b`` (``a`` when ``b`` is earlier)."""
    span = (b - a).days
    return a + datetime.timedelta(days=rng.randint(0, span)) if span > 0 else a


class _Activity:
    def __init__(self, plan: Plan, world: World, rng: random.Random, today: datetime.date) -> None:
        self.plan, self.world, self.rng, self.today = plan, world, rng, today
        self.start = from_jalali(to_jalali(today).year - 2, 1, 1)  # the three Jalali years up to today

    def status(self, deadline: int, meeting_date: datetime.date, due: datetime.date | None
               ) -> tuple[str, datetime.date | None]:
        """A realistic (status, done_at): older items are more often done, some late, some overdue now."""
        rng, today = self.rng, self.today
        u = rng.random()
        if u < 0.03:
            return CANCELLED, None
        kind = DEADLINES[deadline][0]
        if kind == "continuous":
            return (IN_PROGRESS, None) if u < 0.75 else (OPEN, None) if u < 0.88 else (DONE, _between(rng, meeting_date, today))
        if due is None:  # asap or no deadline
            if u < 0.5:
                return DONE, _between(rng, meeting_date + datetime.timedelta(days=1), min(today, meeting_date + datetime.timedelta(days=90)))
            return rng.choice((OPEN, IN_PROGRESS, REPORTED)), None
        if due < today:
            p_done = 0.55 + 0.3 * min(1.0, (today - due).days / 365)
            if rng.random() < p_done:
                if rng.random() < 0.65:
                    return DONE, _between(rng, meeting_date + datetime.timedelta(days=1), due)
                late_until = min(today, due + datetime.timedelta(days=120))
                return DONE, _between(rng, due + datetime.timedelta(days=1), late_until)
            return rng.choices((OPEN, IN_PROGRESS, REPORTED, RETURNED), (35, 35, 15, 15))[0], None
        if rng.random() < 0.25:
            return DONE, _between(rng, meeting_date, today)
        return rng.choices((OPEN, IN_PROGRESS, REPORTED, RETURNED), (50, 30, 10, 10))[0], None

    def meetings(self) -> list[tuple]:
        rng, world = self.rng, self.world
        span = (self.today - self.start).days - 3
        cum: list[float] = []
        total = 0.0
        for b in world.bodies:
            total += b.weight
            cum.append(total)
        drawn = []
        for _ in range(self.plan.meetings):
            body = rng.choices(world.bodies, cum_weights=cum)[0]
            d = self.start + datetime.timedelta(days=rng.randint(0, span))
            if d.weekday() == 3:  # Thursday -> Wednesday; Friday -> Saturday (Iranian week)
                d -= datetime.timedelta(days=1)
            elif d.weekday() == 4:
                d += datetime.timedelta(days=1)
            drawn.append((d, body.id, body))
        drawn.sort(key=lambda t: (t[0], t[1]))
        first = next_id(_model("Meeting"))
        number: dict[int, int] = {}
        rows = []
        for i, (d, body_id, body) in enumerate(drawn):
            number[body_id] = number.get(body_id, 0) + 1
            n = number[body_id]
            status = "approved" if (self.today - d).days > 14 else "held"
            rows.append((
                first + i, body_id, n, d, datetime.time(9 if n % 3 else 7, 30 if n % 2 else 0),
                "سالن جلسات", f"{n}/{body_id}/ق", d - datetime.timedelta(days=5), "", "",
                "بررسی مصوبات جلسه گذشته و پیگیری محلات هدف", "", status, "", "", 1, _at(d), _at(d), body,
            ))
        return rows


def _model(name: str):  # type: ignore[no-untyped-def]
    from mahalleh.meetings import models

    return getattr(models, name)


MEETING_COLS = ("id", "body_id", "number", "date", "start_time", "place", "invitation_number", "invitation_date",
                "chair", "secretary", "subject", "narrative", "status", "source_document", "source_sha256",
                "version", "created_at", "updated_at")
RESOLUTION_COLS = ("id", "meeting_id", "number", "text", "responsible_raw", "deadline_raw", "deadline_kind",
                   "deadline_amount", "deadline_unit", "due_date", "status", "done_at", "version", "created_at",
                   "updated_at")
ASSIGNMENT_COLS = ("id", "resolution_id", "agency_id", "is_lead", "written_as", "match_confidence")
REPORT_COLS = ("id", "assignment_id", "author_id", "text", "percent", "period", "status", "submitted_at",
               "reviewed_by_id", "reviewed_at", "review_reason")
ATTENDANCE_COLS = ("id", "meeting_id", "agency_id", "status", "representative", "written_as")


def build_activity(plan: Plan, world: World, rng: random.Random, today: datetime.date,
                   log: Callable[[str], None]) -> dict[str, int]:
    from mahalleh.meetings.models import Assignment, Attendance, Meeting, ProgressReport, Resolution

    big = [Meeting, Attendance, Resolution, Assignment, ProgressReport, Resolution.neighborhoods.through,
           Resolution.axes.through]
    with bulk_load(big):
        counts = _write_activity(plan, world, rng, today, log)
        t = time.perf_counter()
    log(f"  foreign keys and indexes restored in {time.perf_counter() - t:.1f}s")
    reset_sequences(big)
    return counts


def _write_activity(plan: Plan, world: World, rng: random.Random, today: datetime.date,
                    log: Callable[[str], None]) -> dict[str, int]:
    from mahalleh.meetings.models import Assignment, Attendance, Meeting, ProgressReport, Resolution

    act = _Activity(plan, world, rng, today)
    counts: dict[str, int] = {}

    def timed(label: str, model, cols, rows) -> None:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        counts[label] = copy_rows(model, cols, rows)
        log(f"  {label}: {counts[label]:,} rows written in {time.perf_counter() - t:.1f}s")

    t0 = time.perf_counter()
    meetings = act.meetings()
    timed("meetings", Meeting, MEETING_COLS, (m[:-1] for m in meetings))

    # Attendance: ~20 member agencies per meeting, each agency with its own habit of absence.
    att_id = next_id(Attendance)
    attendance = []
    for m in meetings:
        members = m[-1].members
        for agency in rng.sample(members, min(plan.attendance_per_meeting, len(members))):
            u = rng.random()
            absent = world.agency_absence[agency]
            status = "absent" if u < absent else "deputy" if u < absent + 0.12 else "present"
            attendance.append((att_id, m[0], agency, status, "", ""))
            att_id += 1
    timed("attendance", Attendance, ATTENDANCE_COLS, attendance)
    del attendance

    res_id, asg_id, rep_id = next_id(Resolution), next_id(Assignment), next_id(ProgressReport)
    resolutions, assignments, reports, res_hoods, res_axes = [], [], [], [], []
    hood_rid, axis_rid = next_id(Resolution.neighborhoods.through), next_id(Resolution.axes.through)
    for m in meetings:
        meeting_id, meeting_date, body = m[0], m[3], m[-1]
        reviewer = world.secretariat_user[body.province_id]
        hoods = world.hood_ids_by_province.get(body.province_id, [])
        for number in range(1, rng.randint(2, 14) + 1):
            deadline = rng.choices(_DEADLINE_INDEXES, cum_weights=_DEADLINE_CUM)[0]
            kind, amount, unit, raw, _w = DEADLINES[deadline]
            due = _due(meeting_date, deadline)
            status, done_at = act.status(deadline, meeting_date, due)
            k = rng.choices((1, 2, 3), cum_weights=(55, 85, 100))[0]
            chosen = rng.sample(body.members, min(k, len(body.members)))
            text = rng.choice(RESOLUTION_TEXTS).format(hood=rng.choice(body.hoods) if body.hoods else "")
            responsible = "، ".join(world.agency_short[a] for a in chosen)
            touched = _at(done_at or meeting_date)
            resolutions.append((res_id, meeting_id, number, text, responsible, raw, kind, amount, unit, due, status,
                                done_at, 1, _at(meeting_date), touched))
            if hoods and rng.random() < 0.3:
                res_hoods.append((hood_rid, res_id, rng.choice(hoods)))
                hood_rid += 1
            if rng.random() < 0.6:
                res_axes.append((axis_rid, res_id, rng.choice(world.axis_ids)))
                axis_rid += 1
            for j, agency in enumerate(chosen):
                lead = j == 0
                assignments.append((asg_id, res_id, agency, lead, world.agency_short[agency], 1.0))
                author = world.focal_user[agency]
                for r in _reports(rng, kind, status, lead, meeting_date, done_at, today):
                    percent, period, rstatus, day = r
                    reviewed = rstatus != "submitted"
                    reports.append((rep_id, asg_id, author, rng.choice(REPORT_TEXTS), percent, period, rstatus,
                                    _at(day, 9), reviewer if reviewed else None, _at(day, 15) if reviewed else None,
                                    rng.choice(RETURN_REASONS) if rstatus == "returned" else ""))
                    rep_id += 1
                asg_id += 1
            res_id += 1
    log(f"  activity rows drawn in {time.perf_counter() - t0:.1f}s")
    timed("resolutions", Resolution, RESOLUTION_COLS, resolutions)
    del resolutions
    timed("assignments", Assignment, ASSIGNMENT_COLS, assignments)
    del assignments
    timed("progress_reports", ProgressReport, REPORT_COLS, reports)
    del reports
    timed("resolution_neighborhoods", Resolution.neighborhoods.through, ("id", "resolution_id", "neighborhood_id"),
          res_hoods)
    timed("resolution_axes", Resolution.axes.through, ("id", "resolution_id", "serviceaxis_id"), res_axes)
    return counts


def _reports(rng: random.Random, kind: str, status: str, lead: bool, meeting_date: datetime.date,
             done_at: datetime.date | None, today: datetime.date) -> list[tuple[int, datetime.date | None, str, datetime.date]]:
    """(percent, period, status, day) of one assignment's progress reports, in the order they came."""
    if kind == "continuous" and status in (IN_PROGRESS, DONE):
        # Monthly reports of a continuous resolution, the latest few months.
        last = done_at or today
        months, first = [], _month_start(meeting_date)
        m = _month_start(last)
        while m >= first and len(months) < (3 if lead else 1):
            months.append(m)
            m = _month_start(m - datetime.timedelta(days=1))
        return [(min(100, 30 + 20 * i), p, "accepted", min(last, p + datetime.timedelta(days=25)))
                for i, p in enumerate(reversed(months))]
    day = done_at or _between(rng, meeting_date + datetime.timedelta(days=1), today)
    if status == DONE:
        if not lead and rng.random() < 0.5:
            return []
        out = []
        if rng.random() < 0.25:
            out.append((60, None, "returned", max(meeting_date, day - datetime.timedelta(days=10))))
        return [*out, (100, None, "accepted", day)]
    if not lead:
        return []
    if status == IN_PROGRESS:
        return [(rng.choice((20, 40, 60, 80)), None, "accepted", day)]
    if status == REPORTED:
        return [(100, None, "submitted", day)]
    if status == RETURNED:
        return [(70, None, "returned", day)]
    return []
