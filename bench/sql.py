"""The bare-SQL twins of the meetings selectors: the same rows in the same order, one round trip each.

They are the yardstick for ``mahalleh.meetings.selectors`` (inbox, review, scorecards): the
benchmark times both and compares ids and figures. Scope follows ``core.scoping`` for province,
county and agency roles (not the national role or superusers, which see everything).
PostgreSQL is the target; SQLite variants exist so the tests can run them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

# Provinces the user reaches through any role (Scope.province_ids).
MY_PROVINCES = """
    SELECT ra.province_id FROM accounts_roleassignment ra WHERE ra.user_id = %s AND ra.province_id IS NOT NULL
    UNION SELECT c.province_id FROM accounts_roleassignment ra JOIN places_county c ON c.id = ra.county_id
        WHERE ra.user_id = %s AND ra.role = 'county_staff'
    UNION SELECT g.province_id FROM accounts_roleassignment ra JOIN agencies_agency g ON g.id = ra.agency_id
        WHERE ra.user_id = %s AND ra.role IN ('agency_focal', 'partner')
    UNION SELECT c.province_id FROM accounts_roleassignment ra JOIN places_neighborhood n ON n.id = ra.neighborhood_id
        JOIN places_county c ON c.id = n.county_id WHERE ra.user_id = %s AND ra.role = 'neighborhood_manager'
"""
CLOSED = "('done', 'cancelled')"

INBOX = f"""
SELECT a.id AS assignment_id, a.is_lead, r.id AS resolution_id, r.number, r.text, r.status, r.deadline_kind,
       r.due_date, r.due_date < %s AS is_overdue, m.id AS meeting_id, m.date AS meeting_date,
       m.number AS meeting_number, b.id AS body_id, b.name AS body_name,
       lr.id AS report_id, lr.status AS report_status, lr.percent AS report_percent, lr.submitted_at AS report_at
FROM meetings_assignment a
JOIN meetings_resolution r ON r.id = a.resolution_id
JOIN meetings_meeting m ON m.id = r.meeting_id
JOIN meetings_body b ON b.id = m.body_id
JOIN agencies_agency ag ON ag.id = a.agency_id
LEFT JOIN meetings_progressreport lr ON lr.id = (
    SELECT p.id FROM meetings_progressreport p WHERE p.assignment_id = a.id
    ORDER BY p.submitted_at DESC, p.id DESC LIMIT 1)
WHERE a.agency_id IN (SELECT ra.agency_id FROM accounts_roleassignment ra
                      WHERE ra.user_id = %s AND ra.role IN ('agency_focal', 'partner'))
  AND r.status NOT IN {CLOSED}
ORDER BY CASE WHEN r.due_date < %s THEN 0 WHEN r.due_date IS NOT NULL THEN 1 ELSE 2 END, r.due_date,
         m.date DESC, m.number DESC, r.number, a.is_lead DESC, ag.name
"""

# Open resolutions of the body's earlier meetings plus those closed since the previous one, by lead agency.
REVIEW = f"""
WITH my AS ({MY_PROVINCES}),
prev AS (
    SELECT pm.date FROM meetings_meeting pm JOIN meetings_body pb ON pb.id = pm.body_id
    WHERE pm.body_id = %s AND pm.date < %s AND pb.province_id IN (SELECT province_id FROM my)
    ORDER BY pm.date DESC, pm.number DESC LIMIT 1)
SELECT r.id AS resolution_id, r.number, m.number AS meeting_number, m.date AS meeting_date, r.text, r.status,
       r.due_date, r.due_date < %s AND r.status NOT IN {CLOSED} AS is_overdue,
       lead.agency_id, ag.name AS agency_name,
       lr.id AS report_id, lr.status AS report_status, lr.percent AS report_percent
FROM meetings_resolution r
JOIN meetings_meeting m ON m.id = r.meeting_id
JOIN meetings_body b ON b.id = m.body_id
LEFT JOIN meetings_assignment lead ON lead.id = (
    SELECT a.id FROM meetings_assignment a JOIN agencies_agency x ON x.id = a.agency_id
    WHERE a.resolution_id = r.id ORDER BY a.is_lead DESC, x.name LIMIT 1)
LEFT JOIN agencies_agency ag ON ag.id = lead.agency_id
LEFT JOIN meetings_progressreport lr ON lr.id = (
    SELECT p.id FROM meetings_progressreport p JOIN meetings_assignment a2 ON a2.id = p.assignment_id
    WHERE a2.resolution_id = r.id ORDER BY p.submitted_at DESC, p.id DESC LIMIT 1)
WHERE m.body_id = %s AND m.date < %s AND b.province_id IN (SELECT province_id FROM my)
  AND (r.status NOT IN {CLOSED}
       OR (r.status = 'done' AND r.done_at >= (SELECT date FROM prev))
       OR (r.status = 'cancelled' AND {{updated_on}} >= (SELECT date FROM prev)))
ORDER BY ag.name IS NULL, ag.name/*C*/, lead.agency_id, m.date, m.number, r.number
"""

SCORECARDS = f"""
WITH my AS ({MY_PROVINCES}),
mt AS (
    SELECT m.id, m.date FROM meetings_meeting m JOIN meetings_body b ON b.id = m.body_id
    WHERE b.province_id = %s AND b.province_id IN (SELECT province_id FROM my) AND m.date >= %s AND m.date <= %s
      {{body_filter}}),
work AS (
    SELECT a.agency_id, COUNT(*) AS assigned,
        COUNT(*) FILTER (WHERE r.status = 'done' AND (r.due_date IS NULL OR r.done_at <= r.due_date)) AS done_on_time,
        COUNT(*) FILTER (WHERE r.status = 'done' AND r.done_at > r.due_date) AS done_late,
        COUNT(*) FILTER (WHERE r.status NOT IN {CLOSED} AND r.due_date < %s) AS overdue,
        COUNT(*) FILTER (WHERE r.status NOT IN {CLOSED} AND (r.due_date IS NULL OR r.due_date >= %s)) AS open_not_due
    FROM mt JOIN meetings_resolution r ON r.meeting_id = mt.id JOIN meetings_assignment a ON a.resolution_id = r.id
    WHERE r.status <> 'cancelled'
    GROUP BY a.agency_id),
med AS ({{median}}),
presence AS (
    SELECT t.agency_id, COUNT(*) FILTER (WHERE t.status IN ('present', 'deputy')) AS attended,
        COUNT(*) FILTER (WHERE t.status = 'absent') AS missed
    FROM mt JOIN meetings_attendance t ON t.meeting_id = mt.id
    GROUP BY t.agency_id)
SELECT g.id AS agency_id, g.name, COALESCE(w.assigned, 0) AS assigned, COALESCE(w.done_on_time, 0) AS done_on_time,
       COALESCE(w.done_late, 0) AS done_late, COALESCE(w.overdue, 0) AS overdue,
       COALESCE(w.open_not_due, 0) AS open_not_due, med.days AS median_days_to_done,
       COALESCE(p.attended, 0) AS meetings_attended, COALESCE(p.missed, 0) AS meetings_missed
FROM agencies_agency g
LEFT JOIN work w ON w.agency_id = g.id
LEFT JOIN med ON med.agency_id = g.id
LEFT JOIN presence p ON p.agency_id = g.id
WHERE g.province_id IN (SELECT province_id FROM my)
  AND (w.agency_id IS NOT NULL OR p.attended > 0 OR p.missed > 0)
ORDER BY COALESCE(w.overdue, 0) DESC, g.name/*C*/, g.id
"""
_DONE_DAYS = """FROM mt JOIN meetings_resolution r ON r.meeting_id = mt.id JOIN meetings_assignment a ON a.resolution_id = r.id
        WHERE r.status = 'done' AND r.done_at IS NOT NULL"""
MEDIAN_POSTGRES = f"""
    SELECT a.agency_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY r.done_at - mt.date) AS days
    {_DONE_DAYS} GROUP BY a.agency_id"""
MEDIAN_PORTABLE = f"""
    SELECT agency_id, AVG(days) AS days FROM (
        SELECT a.agency_id, julianday(r.done_at) - julianday(mt.date) AS days,
            ROW_NUMBER() OVER (PARTITION BY a.agency_id ORDER BY julianday(r.done_at) - julianday(mt.date)) AS rn,
            COUNT(*) OVER (PARTITION BY a.agency_id) AS n
        {_DONE_DAYS}) ranked
    WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY agency_id"""


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: list[Any]


def _sql(text: str) -> str:
    """Names sort by code point, as Python's ``sorted`` does in the selectors, whatever the database collation."""
    return text.replace("/*C*/", ' COLLATE "C"' if connection.vendor == "postgresql" else "")


def _user_params(user_id: int) -> list[int]:
    return [user_id] * 4


def inbox_query(*, user_id: int, today: datetime.date) -> Query:
    return Query("inbox", INBOX, [today, user_id, today])


def review_query(*, user_id: int, body_id: int, meeting_date: datetime.date, as_of: datetime.date) -> Query:
    if connection.vendor == "postgresql":
        updated_on = f"(r.updated_at AT TIME ZONE '{settings.TIME_ZONE}')::date"
    else:
        updated_on = "date(r.updated_at, '+210 minutes')"  # Tehran is UTC+03:30 all year since 1401
    sql = REVIEW.replace("{updated_on}", updated_on)
    params = [*_user_params(user_id), body_id, meeting_date, as_of, body_id, meeting_date]
    return Query("review", _sql(sql), params)


def scorecards_query(*, user_id: int, province_id: int, start: datetime.date, end: datetime.date,
                     today: datetime.date, body_id: int | None = None) -> Query:
    median = MEDIAN_POSTGRES if connection.vendor == "postgresql" else MEDIAN_PORTABLE
    sql = SCORECARDS.replace("{median}", median).replace("{body_filter}", "AND m.body_id = %s" if body_id else "")
    params: list[Any] = [*_user_params(user_id), province_id, start, end]
    if body_id:
        params.append(body_id)
    params += [today, today]
    return Query("scorecards", _sql(sql), params)


def run(query: Query) -> list[dict[str, Any]]:
    """Execute and fetch every row as a dict."""
    with connection.cursor() as cursor:
        cursor.execute(query.sql, query.params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def explain(query: Query) -> str:
    """EXPLAIN ANALYZE on PostgreSQL (the plan with real timings and buffers), the query plan on SQLite."""
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + query.sql, query.params)
        return "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
