
import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.filtersets import api_filter_queryset
from mahalleh.core.schemas import ErrorOut
from mahalleh.core.scoping import CHANGE, VIEW, get_scoped_or_404
from mahalleh.meetings.filtersets import BodyFilterSet, MeetingFilterSet, ResolutionFilterSet
from mahalleh.meetings.models import Assignment, Attendance, Body, Meeting, ProgressReport, Resolution
from mahalleh.meetings.selectors.periods import FIRST_YEAR, LAST_YEAR

router = Router(tags=["meetings"])


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    province_id: int
    county_id: int | None
    parent_id: int | None
    chair_title: str
    cadence: str
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj: Body) -> list[int]:
        return [m.agency_id for m in obj.memberships.all()]


class BodyFilters(Schema):
    """The fields of ``BodyFilterSet``, the bodies page's filters."""

    q: str | None = None
    kind: str | None = None


@router.get("/bodies/", response={200: list[BodyOut], 400: ErrorOut})
@paginate
def list_bodies(request: HttpRequest, filters: Query[BodyFilters]) -> QuerySet[Body]:
    qs = Body.objects.restrict(request.user, VIEW).prefetch_related("memberships")
    return api_filter_queryset(BodyFilterSet, filters, qs, request)


@router.get("/bodies/{pk}/", response={200: BodyOut, 404: ErrorOut})
def get_body(request: HttpRequest, pk: int) -> Body:
    return get_scoped_or_404(Body.objects.prefetch_related("memberships"), request.user, VIEW, pk=pk)


# --- meetings, resolutions, follow-up -------------------------------------------------------------



class AttendanceOut(Schema):
    agency_id: int
    agency: str
    status: str
    representative: str

    @staticmethod
    def resolve_agency(obj: Attendance) -> str:
        return obj.agency.name


class MeetingOut(Schema):
    id: int
    body_id: int
    number: int | None
    date: datetime.date
    date_jalali: str
    weekday: str
    start_time: datetime.time | None
    place: str
    invitation_number: str
    status: str
    agenda: list[str]

    @staticmethod
    def resolve_date_jalali(obj: Meeting) -> str:
        from mahalleh.core.jalali import format_jalali

        return format_jalali(obj.date, persian_digits=False)

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list[str]:
        return [a.text for a in obj.agenda_items.all()]


class AssignmentOut(Schema):
    id: int
    agency_id: int
    agency: str
    is_lead: bool

    @staticmethod
    def resolve_agency(obj: Assignment) -> str:
        return obj.agency.name


class ResolutionOut(Schema):
    id: int
    meeting_id: int
    number: int
    text: str
    deadline_raw: str
    deadline_kind: str
    due_date: datetime.date | None
    status: str
    is_overdue: bool
    days_overdue: int
    assignments: list[AssignmentOut]

    @staticmethod
    def resolve_is_overdue(obj: Resolution) -> bool:
        return obj.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_days_overdue(obj: Resolution) -> int:
        return obj.days_overdue(timezone.localdate())

    @staticmethod
    def resolve_assignments(obj: Resolution) -> list[Assignment]:
        return list(obj.assignments.all())


class ReportIn(Schema):
    text: str
    percent: int = 0


class ReportOut(Schema):
    id: int
    assignment_id: int
    text: str
    percent: int
    status: str
    submitted_at: datetime.datetime
    review_reason: str


class MeetingFilters(Schema):
    """The fields of ``MeetingFilterSet``; dates as Jalali text (1401/04/23), like the page."""

    q: str | None = None
    body: int | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None


class ResolutionFilters(Schema):
    """The fields of ``ResolutionFilterSet``, the resolutions page's filters; dates as Jalali text
    (1401/04/23): the meeting's (``date_from``, ``date_to``) and the due date (``due_from``, ``due_to``)."""

    q: str | None = None
    status: str | None = None
    agency: int | None = None
    body: int | None = None
    county: int | None = None
    neighborhood: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    due_from: str | None = None
    due_to: str | None = None
    meeting: int | None = None


@router.get("/", response={200: list[MeetingOut], 400: ErrorOut})
@paginate
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> QuerySet[Meeting]:
    qs = Meeting.objects.restrict(request.user, VIEW).prefetch_related("agenda_items")
    return api_filter_queryset(MeetingFilterSet, filters, qs, request)


@router.get("/resolutions/", response={200: list[ResolutionOut], 400: ErrorOut})
@paginate
def list_resolutions(request: HttpRequest, filters: Query[ResolutionFilters]) -> QuerySet[Resolution]:
    qs = Resolution.objects.restrict(request.user, VIEW).prefetch_related("assignments__agency").order_by("-meeting__date", "number")
    return api_filter_queryset(ResolutionFilterSet, filters, qs, request)


@router.get("/resolutions/{pk}/", response={200: ResolutionOut, 404: ErrorOut})
def get_resolution(request: HttpRequest, pk: int) -> Resolution:
    return get_scoped_or_404(Resolution.objects.prefetch_related("assignments__agency"), request.user, VIEW, pk=pk)


@router.get("/resolutions/{pk}/reports/", response={200: list[ReportOut], 404: ErrorOut})
def resolution_reports(request: HttpRequest, pk: int) -> QuerySet[ProgressReport]:
    resolution = get_scoped_or_404(Resolution.objects.all(), request.user, VIEW, pk=pk)
    return ProgressReport.objects.filter(assignment__resolution=resolution)


class InboxItemOut(Schema):
    """One row of the agency inbox (``selectors.inbox``)."""

    assignment_id: int
    resolution_id: int
    meeting_id: int
    text: str
    agency_id: int
    due_date: datetime.date | None
    is_overdue: bool
    days_overdue: int
    days_left: int | None
    latest_report_status: str | None
    missing_months: list[datetime.date]


@router.get("/inbox/", response=list[InboxItemOut])
def api_inbox(request: HttpRequest) -> list[InboxItemOut]:
    from mahalleh.meetings import selectors

    return [
        InboxItemOut(
            assignment_id=r.assignment.pk, resolution_id=r.resolution.pk, meeting_id=r.meeting.pk,
            text=r.resolution.text, agency_id=r.assignment.agency_id, due_date=r.due_date,
            is_overdue=r.is_overdue, days_overdue=r.days_overdue, days_left=r.days_left,
            latest_report_status=r.latest_report.status if r.latest_report else None,
            missing_months=r.missing_months,
        )
        for r in selectors.inbox(user=request.user)
    ]


@router.post("/assignments/{pk}/reports/", response={201: ReportOut, 400: ErrorOut, 404: ErrorOut})
def api_report(request: AuthenticatedHttpRequest, pk: int, payload: ReportIn) -> Status[ProgressReport]:
    """A domain rule broken (empty text, a percent outside 0..100, a key replayed by someone else) is a
    400 with its Persian message; an assignment the user may not report on is a 404."""
    from mahalleh.core.services import DomainError, parse_key
    from mahalleh.meetings import services

    assignment = get_scoped_or_404(Assignment.objects.select_related("resolution"), request.user, CHANGE, pk=pk)
    try:
        # A client resending the same report sends the same Idempotency-Key and gets the first one back.
        report = services.report_submit(assignment=assignment, text=payload.text, percent=payload.percent,
                                        idempotency_key=parse_key(request.headers.get("Idempotency-Key")),
                                        actor=request.user)
    except DomainError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, report)


@router.get("/{pk}/", response={200: MeetingOut, 404: ErrorOut})
def get_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_scoped_or_404(Meeting.objects.prefetch_related("agenda_items"), request.user, VIEW, pk=pk)


@router.get("/{pk}/attendance/", response={200: list[AttendanceOut], 404: ErrorOut})
def meeting_attendance(request: HttpRequest, pk: int) -> QuerySet[Attendance]:
    meeting = get_scoped_or_404(Meeting.objects.all(), request.user, VIEW, pk=pk)
    return meeting.attendances.select_related("agency")


class ScorecardOut(Schema):
    """One agency's figures on the scorecards (``selectors.scorecards``)."""

    agency_id: int
    agency: str
    assigned: int
    done_on_time: int
    done_late: int
    overdue: int
    open_not_due: int
    median_days_to_done: int | float | None  # an int stays an int in the JSON, as before
    meetings_attended: int
    meetings_missed: int


class ScorecardQuery(Schema):
    """The scorecards' period: a Jalali year (as the page's form bounds it) and optionally its quarter."""

    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    quarter: int | None = Field(None, ge=1, le=4)
    body: int | None = None


@router.get("/scorecards/{province_id}/", response={200: list[ScorecardOut], 404: ErrorOut})
def api_scorecards(request: HttpRequest, province_id: int, period: Query[ScorecardQuery]) -> list[ScorecardOut]:
    from mahalleh.meetings import selectors
    from mahalleh.places.models import Province

    province = get_scoped_or_404(Province.objects.all(), request.user, VIEW, pk=province_id)
    body_obj = get_scoped_or_404(Body.objects.all(), request.user, VIEW, pk=period.body) if period.body else None
    start, end = selectors.period_bounds(period.year, quarter=period.quarter)
    rows = selectors.scorecards(user=request.user, province=province, body=body_obj, start=start, end=end)
    return [
        ScorecardOut(
            agency_id=r.agency.pk, agency=r.agency.name, assigned=r.assigned, done_on_time=r.done_on_time,
            done_late=r.done_late, overdue=r.overdue, open_not_due=r.open_not_due,
            median_days_to_done=r.median_days_to_done, meetings_attended=r.meetings_attended,
            meetings_missed=r.meetings_missed,
        )
        for r in rows
    ]
