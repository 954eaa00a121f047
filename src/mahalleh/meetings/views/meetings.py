"""Meeting pages: list, schedule, edit, attendance, status steps, review of previous resolutions, minutes."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, can, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.meetings import selectors, services
from mahalleh.meetings.filtersets import MeetingFilterSet
from mahalleh.meetings.forms import AttendanceForm, MeetingForm
from mahalleh.meetings.models import Attendance, Meeting
from mahalleh.meetings.tables import MeetingTable


class MeetingList(ScopedListView):
    queryset = Meeting.objects.select_related("body")
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    export_name = "meetings"
    template_name = "meetings/meeting_list.html"


def _meeting(request: HttpRequest, pk: int, action: str = VIEW) -> Meeting:
    return get_scoped_or_404(Meeting.objects.select_related("body__province", "body__county"), request.user, action, pk=pk)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    from mahalleh.core.audit import history

    resolutions = (
        meeting.resolutions.prefetch_related("assignments__agency").order_by("number")
    )
    attendances = meeting.attendances.select_related("agency").order_by("agency__name")
    ctx = {
        "object": meeting,
        "agenda": meeting.agenda_items.order_by("order"),
        "resolutions": resolutions,
        "attendances": attendances,
        "absentees": [a for a in attendances if a.status == Attendance.Status.ABSENT],
        "can_change": can(request.user, CHANGE, meeting),
        "today": timezone.localdate(),
        "history": history(meeting)[:50],
    }
    return render(request, "meetings/meeting_detail.html", ctx)


def _meeting_form_page(request: HttpRequest, form: MeetingForm, meeting: Meeting | None, status: int = 200) -> HttpResponse:
    return render(request, "meetings/meeting_form.html", {"form": form, "object": meeting}, status=status)


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                body=data["body"], date=data["date"], start_time=data["start_time"], place=data["place"],
                number=data["number"], invitation_number=data["invitation_number"],
                invitation_date=data["invitation_date"], chair=data["chair"], secretary=data["secretary"],
                agenda=data["agenda"], actor=request.user,
            )
            if data["narrative"] or data["subject"]:
                services.meeting_update(meeting=meeting, version=meeting.version, actor=request.user,
                                        narrative=data["narrative"], subject=data["subject"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "جلسه ثبت شد و دعوت‌نامه اعضا ایجاد شد.")
            return redirect(meeting)
    return _meeting_form_page(request, form, None, status=400 if request.method == "POST" else 200)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, CHANGE)
    if request.method == "POST":
        form = MeetingForm(request.POST, user=request.user)
        form.fields["body"].required = False
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version") or 0
            data.pop("body", None)
            agenda = data.pop("agenda")
            try:
                services.meeting_update(meeting=meeting, version=version, actor=request.user, **data)
                services.meeting_set_agenda(meeting=meeting, items=agenda, actor=request.user)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "تغییرات جلسه ذخیره شد.")
                return redirect(meeting)
        return _meeting_form_page(request, form, meeting, status=409 if form.errors.get("__all__") else 400)
    initial = {f: getattr(meeting, f) for f in (
        "number", "date", "start_time", "place", "invitation_number", "invitation_date", "chair", "secretary",
        "subject", "narrative", "version")}
    initial["body"] = meeting.body_id
    initial["agenda"] = "\n".join(i.text for i in meeting.agenda_items.filter(is_review=False).order_by("order"))
    form = MeetingForm(initial=initial, user=request.user)
    form.fields["body"].disabled = True
    return _meeting_form_page(request, form, meeting)


@login_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, CHANGE)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, entries=form.entries(), actor=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "حضور و غیاب ثبت شد.")
            return redirect(meeting)
    return render(request, "meetings/attendance_form.html", {"form": form, "object": meeting})


@login_required
@require_POST
def meeting_transition(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    meeting = _meeting(request, pk, CHANGE)
    actions: dict[str, Any] = {"held": services.meeting_mark_held, "approve": services.meeting_approve}
    if step not in actions:
        return redirect(meeting)
    try:
        actions[step](meeting=meeting, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"وضعیت جلسه به «{meeting.get_status_display()}» تغییر کرد.")
    return redirect(meeting)


@login_required
def meeting_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The review of previous resolutions, read out at the start of the meeting; printable."""
    meeting = _meeting(request, pk)
    report = selectors.review(meeting=meeting, user=request.user)
    return render(request, "meetings/review.html", {"object": meeting, "report": report,
                                                     "print": request.GET.get("print") == "1"})


@login_required
def meeting_minutes(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    from mahalleh.minutes.export import render_minutes_docx, render_minutes_pdf

    if fmt == "pdf":
        data, ctype = render_minutes_pdf(meeting), "application/pdf"
    else:
        data = render_minutes_docx(meeting)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.{fmt}"'
    return response


def meeting_context(meeting: Meeting) -> dict[str, Any]:
    return {"object": meeting}
