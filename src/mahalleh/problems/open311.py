"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) at ``/open311/v2/``: categories are services,
problems are service requests, the tracking code is the ``service_request_id``.

Reads are public and show only a problem's public fields, as ``/track/`` does: never a reporter's name or
mobile, never an internal note, the description only once staff accepted it and marked it public. A POST
takes an ``api_key`` (a token of ``mahalleh issue_token``, checked by the API's own ``TokenAuth``) and
records the problem through ``problem_intake`` as its user. Errors are the spec's list of
``{code, description}``, a missing or bad key a 403 (the spec's rule, not the API's 401).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mahalleh.accounts.auth import TokenAuth
from mahalleh.core.services import DomainError
from mahalleh.core.text import to_latin_digits
from mahalleh.places.models import Neighborhood, Province
from mahalleh.problems.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    Problem,
    ProblemUpdate,
    Source,
    Status,
)
from mahalleh.problems.services import problem_intake

TEHRAN = ZoneInfo("Asia/Tehran")
DEFAULT_DAYS = 90  # the spec: without dates, the last 90 days
MAX_ROWS = 1000  # the spec: at most 1,000 requests
NEIGHBORHOOD = "neighborhood"
SERVICE_NOTICE = "مشکل شما ثبت شد و پس از بررسی فرمانداری به دستگاه مسئول ارجاع می‌شود."

# The element a list's items take in XML (the spec's <services><service>, <values><value>, ...).
_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}

Data = dict[str, Any] | list[Any]


class Open311Error(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


# ---- rendering: the same dicts as JSON or XML


def _xml_value(parent: ET.Element, tag: str, value: Any) -> None:
    node = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_value(node, key, item)
    elif isinstance(value, list):
        child = _ITEMS.get(tag, "item")
        for item in value:
            _xml_value(node, child, item)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


def to_xml(root: str, data: Data) -> bytes:
    """``data`` under ``<root>``: a list's items each in the spec's element (``<services><service>``)."""
    element = ET.Element(root)
    if isinstance(data, list):
        child = _ITEMS[root]
        for item in data:
            _xml_value(element, child, item)
    else:
        for key, value in data.items():
            _xml_value(element, key, value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="unicode").encode()


def render(data: Data, fmt: str, root: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(root, data), content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def error(fmt: str, code: int, description: str) -> HttpResponse:
    return render([{"code": code, "description": description}], fmt, "errors", status=code)


def endpoint(root: str) -> Callable[[Callable[..., Data]], Callable[..., HttpResponse]]:
    """A view returning its data (or raising ``Open311Error``), rendered in the format its URL names."""

    def decorate(view: Callable[..., Data]) -> Callable[..., HttpResponse]:
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            try:
                _province(request)
                return render(view(request, *args, **kwargs), fmt, root)
            except Open311Error as exc:
                return error(fmt, exc.code, exc.description)

        wrapper.__name__ = view.__name__
        wrapper.__doc__ = view.__doc__
        return wrapper

    return decorate


# ---- reading


def _param(request: HttpRequest, name: str) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return str(source.get(name, "") or "").strip()


def _province(request: HttpRequest) -> Province | None:
    """The ``jurisdiction_id`` (a province's code), optional while one province is served."""
    code = _param(request, "jurisdiction_id")
    if not code:
        return None
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Open311Error(404, f"حوزه «{code}» شناخته نیست")
    return province


def _isoformat(moment: datetime.datetime | None) -> str:
    return moment.astimezone(TEHRAN).isoformat(timespec="seconds") if moment else ""


def _expected(due: datetime.date | None) -> str:
    if due is None:
        return ""
    return datetime.datetime.combine(due, datetime.time(23, 59, 59), tzinfo=TEHRAN).isoformat()


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.name,
        "metadata": True,
        "type": "realtime",
        "keywords": category.axis.name,
        "group": category.axis.name,
    }


def _category(code: str) -> Category:
    category = Category.objects.select_related("axis").filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, f"خدمت «{code}» شناخته نیست")
    return category


def _public_rows() -> Any:
    """Problems with only what a request shows: never the reporter's name or mobile."""
    return (
        Problem.objects.select_related("category", "agency", "neighborhood", "duplicate_of")
        .only(
            "tracking_code", "status", "description", "description_public", "latitude", "longitude", "due_date",
            "created_at", "token", "duplicate_of", "category__code", "category__name", "agency__name",
            "neighborhood__name",
        )
        .annotate(last_update=Max("updates__at"))
    )


def _request(problem: Problem) -> dict[str, Any]:
    followed = problem.original if problem.duplicate_of_id else problem
    status = followed.status
    notes = str(Status(status).label)
    last_public = ProblemUpdate.objects.filter(problem=followed, is_public=True).exclude(text="").order_by("-at", "-id").first()
    if last_public is not None:
        notes = f"{notes} — {last_public.text}"
    shown = problem.description_public and problem.status != Status.NEW
    updated = getattr(problem, "last_update", None) or problem.created_at
    return {
        "service_request_id": problem.tracking_code,
        "status": "closed" if status in CLOSED_STATUSES else "open",
        "status_notes": notes,
        "service_name": problem.category.name,
        "service_code": problem.category.code,
        "description": problem.description if shown else "",
        "agency_responsible": followed.agency.name if followed.agency_id and followed.agency else "",
        "service_notice": "",
        "requested_datetime": _isoformat(problem.created_at),
        "updated_datetime": _isoformat(max(updated, problem.created_at)),
        "expected_datetime": _expected(followed.due_date),
        "address": problem.neighborhood.name,
        "address_id": "",
        "zipcode": "",
        "lat": problem.latitude if problem.latitude is not None else "",
        "long": problem.longitude if problem.longitude is not None else "",
        "media_url": "",
    }


def _date(request: HttpRequest, name: str) -> datetime.datetime | None:
    text = _param(request, name)
    if not text:
        return None
    try:
        moment = parse_datetime(text.replace(" ", "+"))  # a «+» left unescaped in a query arrives as a space
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, f"تاریخ «{name}» در قالب ISO 8601 نیست")
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=TEHRAN)


def _codes(text: str) -> list[str]:
    return [to_latin_digits(part).strip() for part in text.split(",") if part.strip()]


# ---- the endpoints


@endpoint("discovery")
def discovery(request: HttpRequest) -> Data:
    base = request.build_absolute_uri("/open311/v2/")
    return {
        "changeset": "2026-01-01T00:00:00+03:30",
        "contact": "دبیرخانه قرارگاه محلات",
        "key_service": "توکن را دبیرخانه با دستور mahalleh issue_token صادر می‌کند.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-01-01T00:00:00+03:30",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


@endpoint("services")
def services(request: HttpRequest) -> Data:
    return [_service(c) for c in Category.objects.select_related("axis").filter(is_active=True)]


@endpoint("service_definition")
def service_definition(request: HttpRequest, code: str) -> Data:
    category = _category(code)
    province = _province(request)
    hoods = Neighborhood.objects.order_by("name", "pk")
    if province is not None:
        hoods = hoods.filter(county__province=province)
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": NEIGHBORHOOD,
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "محله‌ای که مشکل در آن است",
                "order": 1,
                "description": "محله",
                "values": [{"key": str(h.pk), "name": h.name} for h in hoods.only("pk", "name")],
            }
        ],
    }


def _list(request: HttpRequest) -> Data:
    rows = _public_rows()
    province = _province(request)
    if province is not None:
        rows = rows.filter(neighborhood__county__province=province)
    ids = _param(request, "service_request_id")
    if ids:  # the spec: overrides every other parameter
        return [_request(p) for p in rows.filter(tracking_code__in=_codes(ids))[:MAX_ROWS]]
    start, end = _date(request, "start_date"), _date(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, "start_date پس از end_date است")
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    if start is not None:
        rows = rows.filter(created_at__gte=start)
    if end is not None:
        rows = rows.filter(created_at__lte=end)
    code = _param(request, "service_code")
    if code:
        rows = rows.filter(category__code__in=code.split(","))
    status = _param(request, "status")
    if status:
        wanted = set(status.split(","))
        if not wanted <= {"open", "closed"}:
            raise Open311Error(400, "status باید open یا closed باشد")
        q = Q()
        if "open" in wanted:
            q |= Q(status__in=OPEN_STATUSES)
        if "closed" in wanted:
            q |= Q(status__in=CLOSED_STATUSES)
        rows = rows.filter(q)
    return [_request(p) for p in rows[:MAX_ROWS]]


def _coordinate(request: HttpRequest, name: str) -> float | None:
    text = to_latin_digits(_param(request, name))
    if not text:
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise Open311Error(400, f"«{name}» عدد نیست") from exc


def _create(request: HttpRequest) -> Data:
    key = _param(request, "api_key")
    user = TokenAuth().authenticate(request, key) if key else None
    if user is None:
        raise Open311Error(403, "api_key نیامده یا معتبر نیست")
    code = _param(request, "service_code")
    if not code:
        raise Open311Error(400, "service_code لازم است")
    category = _category(code)
    hood_key = to_latin_digits(_param(request, f"attribute[{NEIGHBORHOOD}]"))
    if not hood_key:
        raise Open311Error(400, "attribute[neighborhood] لازم است")
    hoods = Neighborhood.objects.all()
    province = _province(request)
    if province is not None:
        hoods = hoods.filter(county__province=province)
    neighborhood = hoods.filter(pk=int(hood_key)).first() if hood_key.isdigit() and len(hood_key) < 19 else None
    if neighborhood is None:
        raise Open311Error(400, "محله شناخته نیست")
    name = " ".join(part for part in (_param(request, "first_name"), _param(request, "last_name")) if part)
    token = str(uuid.uuid4())
    try:
        problem = problem_intake(
            actor=user,
            neighborhood=neighborhood,
            category=category,
            description=_param(request, "description"),
            source=Source.ONLINE,
            reporter_name=name,
            reporter_mobile=_param(request, "phone"),
            latitude=_coordinate(request, "lat"),
            longitude=_coordinate(request, "long"),
            token=token,
        )
    except DomainError as exc:
        raise Open311Error(400, str(exc)) from exc
    return [{"service_request_id": problem.tracking_code, "token": token, "service_notice": SERVICE_NOTICE}]


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    return endpoint("service_requests")(_create if request.method == "POST" else _list)(request, fmt=fmt)


@endpoint("service_requests")
def request_detail(request: HttpRequest, code: str) -> Data:
    problem = _public_rows().filter(tracking_code=to_latin_digits(code)).first()
    if problem is None:
        raise Open311Error(404, "درخواستی با این شناسه نیست")
    return [_request(problem)]


@endpoint("service_requests")
def token_detail(request: HttpRequest, token: str) -> Data:
    rows: Iterable[tuple[str, str]] = Problem.objects.filter(token=token).exclude(token="").values_list("tracking_code", "token")
    found = [{"service_request_id": code, "token": value} for code, value in rows]
    if not found:
        raise Open311Error(404, "توکن شناخته نیست")
    return found
