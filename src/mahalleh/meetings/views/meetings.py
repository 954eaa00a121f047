"""Meeting pages: list, schedule, edit, attendance, status steps, review of previous resolutions.

The minutes downloads are the minutes app's (``minutes.downloads``)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, can, get_scoped_or_404
from mahalleh.core.services import CONFLICT, ConflictError, DomainError
from mahalleh.core.views import ServiceFormView
from mahalleh.meetings import selectors, services
from mahalleh.meetings.filtersets import MeetingFilterSet
from mahalleh.meetings.forms import AttendanceForm, MeetingForm, ReopenForm, StepForm
from mahalleh.meetings.models import Attendance, Meeting
from mahalleh.meetings.permissions import may_schedule_meeting
from mahalleh.meetings.services.escalation import linked_problems
from mahalleh.meetings.tables import MeetingTable


class MeetingList(ScopedListView):
    queryset = Meeting.objects.select_related("body")
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    export_name = "meetings"
    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"can_schedule": may_schedule_meeting(self.request.user), **kwargs}


def _meeting(request: HttpRequest, pk: int, action: str = VIEW) -> Meeting:
    return get_scoped_or_404(Meeting.objects.select_related("body__province", "body__county"), request.user, action, pk=pk)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    from mahalleh.core.audit import history

    resolutions = meeting.resolutions.restrict(request.user, VIEW).prefetch_related("assignments__agency").order_by("number")
    attendances = meeting.attendances.select_related("agency").order_by("agency__name")
    agenda = list(meeting.agenda_items.order_by("order"))
    ctx = {
        "object": meeting,
        "agenda": agenda,
        "agenda_problems": linked_problems(agenda, request.user),
        "resolutions": resolutions,
        "attendances": attendances,
        "absentees": [a for a in attendances if a.status == Attendance.Status.ABSENT],
        "can_change": can(request.user, CHANGE, meeting),
        # approved minutes are read-only: no edit buttons, only the secretariat's «reopen»
        "is_approved": meeting.status == Meeting.Status.APPROVED,
        "can_reopen": meeting.status == Meeting.Status.APPROVED and services.may_reopen(request.user, meeting),
        "reopen_form": ReopenForm(initial={"version": meeting.version}),
        "today": timezone.localdate(),
        "history": history(meeting)[:50],
    }
    return render(request, "meetings/meeting_detail.html", ctx)


HEADER_FIELDS = ("number", "date", "start_time", "place", "invitation_number", "invitation_date", "chair", "secretary",
                 "subject", "narrative")


class MeetingCreate(ServiceFormView):
    """Schedule a meeting with its subject, narrative and agenda: one service call, one transaction."""
    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin

    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"
    success_message = "جلسه ثبت شد و دعوت‌نامه اعضا ایجاد شد."

    def load(self) -> None:
        if not may_schedule_meeting(self.request.user):
            raise Http404  # no body of theirs to schedule for: the form would offer nothing to choose

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"object": None, **kwargs}

    def perform(self, form: MeetingForm) -> Meeting:
        data = form.cleaned_data
        return services.meeting_schedule(
            body=data["body"], agenda=data["agenda"], idempotency_key=data[KEY_FIELD], actor=self.request.user,
            **{f: data[f] for f in HEADER_FIELDS},
        )


class MeetingEdit(ServiceFormView):
    """Edit the header and the agenda of a meeting at the version the form was loaded at."""
    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin

    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"
    success_message = "تغییرات جلسه ذخیره شد."

    def load(self) -> None:
        self.meeting = _meeting(self.request, self.kwargs["pk"], CHANGE)

    def get_form(self, data: Any = None, files: Any = None) -> MeetingForm:
        meeting = self.meeting
        initial = {f: getattr(meeting, f) for f in (*HEADER_FIELDS, "version")}
        initial["body"] = meeting.body_id
        initial["agenda"] = "\n".join(i.text for i in meeting.agenda_items.filter(is_review=False).order_by("order"))
        form = MeetingForm(data, initial=initial, user=self.request.user)
        form.fields["body"].disabled = True  # a meeting stays with its body
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"object": self.meeting, **kwargs}

    def perform(self, form: MeetingForm) -> Meeting:
        data = form.cleaned_data
        return services.meeting_update(meeting=self.meeting, version=data["version"], agenda=data["agenda"],
                                       actor=self.request.user, **{f: data[f] for f in HEADER_FIELDS})


class MeetingAttendance(ServiceFormView):
    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin
    form_class = AttendanceForm
    template_name = "meetings/attendance_form.html"
    success_message = "حضور و غیاب ثبت شد."

    def load(self) -> None:
        self.meeting = _meeting(self.request, self.kwargs["pk"], CHANGE)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"meeting": self.meeting}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"object": self.meeting, **kwargs}

    def perform(self, form: AttendanceForm) -> Meeting:
        version = form.cleaned_data["version"]
        if version is None:  # a form without the version it was loaded at cannot tell it is stale
            raise ConflictError(CONFLICT)
        services.attendance_record(meeting=self.meeting, entries=form.entries(), actor=self.request.user,
                                   version=version)
        return self.meeting


meeting_create = MeetingCreate.as_view()
meeting_edit = MeetingEdit.as_view()
meeting_attendance = MeetingAttendance.as_view()


def _posted_version(form: StepForm) -> int:
    """The version the page's button was rendered at; a form without one is stale (-1 matches no row)."""
    version = form.cleaned_data.get("version") if form.is_valid() else None
    return version if version is not None else -1


@login_required
@require_POST
def meeting_transition(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    meeting = _meeting(request, pk, CHANGE)
    actions: dict[str, Any] = {"held": services.meeting_mark_held, "approve": services.meeting_approve}
    if step not in actions:
        return redirect(meeting)
    try:
        changed = actions[step](meeting=meeting, actor=request.user, version=_posted_version(StepForm(request.POST)))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:  # the status the service wrote, not the one this request loaded
        messages.success(request, f"وضعیت جلسه به «{changed.get_status_display()}» تغییر کرد.")
    return redirect(meeting)


@login_required
@require_POST
def meeting_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The secretariat reopens approved minutes for correction, with a reason (audited)."""
    meeting = _meeting(request, pk, CHANGE)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "علت بازگشایی صورتجلسه را بنویسید." if "reason" in form.errors else CONFLICT)
        return redirect(meeting)
    try:
        changed = services.meeting_reopen(meeting=meeting, reason=form.cleaned_data["reason"], actor=request.user,
                                          version=_posted_version(form))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"صورتجلسه بازگشایی شد؛ وضعیت جلسه: «{changed.get_status_display()}».")
    return redirect(meeting)


@login_required
def meeting_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The review of previous resolutions, read out at the start of the meeting; printable."""
    meeting = _meeting(request, pk)
    report = selectors.review(meeting=meeting, user=request.user)
    return render(request, "meetings/review.html", {"object": meeting, "report": report,
                                                     "print": request.GET.get("print") == "1"})


def meeting_context(meeting: Meeting) -> dict[str, Any]:
    return {"object": meeting}
