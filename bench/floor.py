"""The floor of each benchmarked page, and the timing header, served by the same gunicorn as the pages.

A floor view reads the page's rows with the bare SQL of ``bench.sql`` (one raw cursor per query) and
renders them with a minimal template (``bench/templates/floor/``): no layout, no forms, no model
instances. It runs behind the same middleware as the page (session, user, CSRF, locale), so the
ratio page ÷ floor is what the ORM, the selectors, the forms and the layout cost on top of the data.

Served only with ``DJANGO_SETTINGS_MODULE=bench.pages_settings`` (bench/pages.py starts it): this
URLconf is the project's with ``/bench-floor/`` added; the settings add ``ServerTiming``.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.urls import include, path
from django.utils import timezone

from bench import sql


class ServerTiming:
    """Outermost middleware: the time Django spends on a request, as ``Server-Timing: app;dur=<ms>``.

    It covers every middleware, the view and the template (rendered before the response leaves the
    view); not gunicorn's parsing of the request or its writing of the bytes to the socket."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.3f}"
        return response


def _rows(query: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _mine(user_id: int) -> list[int]:
    return [user_id] * 4  # the four branches of sql.MY_PROVINCES


def _signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    return wrapped


@_signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    rows = sql.run(sql.inbox_query(user_id=request.user.pk, today=timezone.localdate()))
    return render(request, "floor/inbox.html", {"rows": rows})


MEETING = f"""
SELECT m.id, m.date, m.number, m.body_id, b.name AS body_name FROM meetings_meeting m
JOIN meetings_body b ON b.id = m.body_id WHERE m.id = %s AND b.province_id IN ({sql.MY_PROVINCES})
"""


@_signed_in
def review(request: HttpRequest, pk: int) -> HttpResponse:
    found = _rows(MEETING, [pk, *_mine(request.user.pk)])
    if not found:
        return HttpResponse(status=404)
    meeting = found[0]
    rows = sql.run(sql.review_query(user_id=request.user.pk, body_id=meeting["body_id"],
                                    meeting_date=meeting["date"], as_of=meeting["date"]))
    return render(request, "floor/review.html", {"meeting": meeting, "rows": rows})


RESOLUTIONS_FROM = f"""
FROM meetings_resolution r JOIN meetings_meeting m ON m.id = r.meeting_id JOIN meetings_body b ON b.id = m.body_id
WHERE b.province_id IN ({sql.MY_PROVINCES})
"""
AGENCY_OPTIONS = f"SELECT id, name FROM agencies_agency WHERE province_id IN ({sql.MY_PROVINCES}) ORDER BY name"
BODY_OPTIONS = f"""
SELECT b.id, b.name FROM meetings_body b JOIN places_province p ON p.id = b.province_id
LEFT JOIN places_county c ON c.id = b.county_id
WHERE b.province_id IN ({sql.MY_PROVINCES}) ORDER BY p.name, c.name, b.name
"""
PAGE_SIZE = 50  # ScopedListView.paginate_by


@_signed_in
def resolutions(request: HttpRequest) -> HttpResponse:
    mine = _mine(request.user.pk)
    count = _rows("SELECT COUNT(*) AS n " + RESOLUTIONS_FROM, mine)[0]["n"]
    page = _rows("SELECT r.id, r.number, r.text, r.status, r.due_date, m.date AS meeting_date, b.name AS body_name "
                 + RESOLUTIONS_FROM + " ORDER BY m.date DESC, r.number LIMIT %s", [*mine, PAGE_SIZE])
    by_id = {r["id"]: {**r, "agencies": []} for r in page}
    if by_id:
        marks = ", ".join(["%s"] * len(by_id))
        for a in _rows(f"SELECT a.resolution_id, g.name FROM meetings_assignment a JOIN agencies_agency g "
                       f"ON g.id = a.agency_id WHERE a.resolution_id IN ({marks}) "
                       f"ORDER BY a.resolution_id, a.is_lead DESC, g.name", list(by_id)):
            by_id[a["resolution_id"]]["agencies"].append(a["name"])
    return render(request, "floor/resolutions.html", {
        "count": count, "rows": list(by_id.values()), "today": timezone.localdate(),
        "agencies": _rows(AGENCY_OPTIONS, mine), "bodies": _rows(BODY_OPTIONS, mine),
    })


FIRST_PROVINCE = f"SELECT id, name FROM places_province WHERE id IN ({sql.MY_PROVINCES}) ORDER BY name LIMIT 1"


@_signed_in
def scorecards(request: HttpRequest) -> HttpResponse:
    from mahalleh.core.jalali import from_jalali, jalali_month_length

    mine = _mine(request.user.pk)
    year = int(request.GET["year"])
    start, end = from_jalali(year, 1, 1), from_jalali(year, 12, jalali_month_length(year, 12))
    bodies = _rows(BODY_OPTIONS, mine)
    provinces = _rows(FIRST_PROVINCE, mine)
    rows: list[dict[str, Any]] = []
    if provinces:
        rows = sql.run(sql.scorecards_query(user_id=request.user.pk, province_id=provinces[0]["id"], start=start,
                                            end=min(end, datetime.date.max), today=timezone.localdate()))
    return render(request, "floor/scorecards.html", {"rows": rows, "bodies": bodies, "start": start, "end": end})


INSERT_PROBLEM = """
INSERT INTO problems_problem (neighborhood_id, source, reporter_name, reporter_mobile, may_call_back, sms_consent,
    sms_opt_out, description, description_normalized, description_public, category_id, agency_id, status,
    tracking_code, due_date, token, version, created_at, created_by_id)
SELECT n.id, %s, %s, %s, false, %s, false, %s, %s, false, %s,
       (SELECT r.agency_id FROM problems_routingrule r JOIN places_county c ON c.province_id = r.province_id
        WHERE c.id = n.county_id AND r.category_id = %s AND r.county_id IS NULL), 'new', %s, %s, '', 1, %s, %s
FROM places_neighborhood n WHERE n.id = %s
RETURNING id, agency_id
"""


@_signed_in
def intake(request: HttpRequest) -> HttpResponse:
    """The floor of POST /problems/new/: the same fields, one INSERT of the problem and one of its update."""
    from django.db import transaction
    from django.http import HttpResponseRedirect

    from mahalleh.core.text import normalize
    from mahalleh.problems import codes

    post = request.POST
    text = post.get("description", "")
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INSERT_PROBLEM, [post.get("source", "service_desk"), post.get("reporter_name", ""),
                                        post.get("reporter_mobile", ""), bool(post.get("sms_consent")), text,
                                        normalize(text), int(post["category"]), int(post["category"]),
                                        codes.generate(), timezone.localdate() + datetime.timedelta(days=14), now,
                                        request.user.pk, int(post["neighborhood"])])
        pk, agency = cursor.fetchone()
        cursor.execute("INSERT INTO problems_problemupdate (problem_id, kind, text, is_public, from_status, to_status,"
                       " to_agency_id, author_id, at) VALUES (%s, 'routed', '', false, '', '', %s, %s, %s)",
                       [pk, agency, request.user.pk, now])
    return HttpResponseRedirect(f"/problems/{pk}/received/")


urlpatterns = [
    path("bench-floor/intake/", intake),
    path("bench-floor/inbox/", inbox),
    path("bench-floor/review/<int:pk>/", review),
    path("bench-floor/resolutions/", resolutions),
    path("bench-floor/scorecards/", scorecards),
    path("", include("mahalleh.config.urls")),
]
