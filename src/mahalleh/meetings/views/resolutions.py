"""Resolution pages: list with search and filters, create, detail with timeline, edit, cancel."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, can, get_scoped_or_404, scope_of
from mahalleh.core.services import DomainError
from mahalleh.meetings import services
from mahalleh.meetings.filtersets import ResolutionFilterSet
from mahalleh.meetings.forms import CancelForm, ResolutionForm, ReturnForm
from mahalleh.meetings.models import Meeting, Resolution
from mahalleh.meetings.tables import ResolutionTable


class ResolutionList(ScopedListView):
    queryset = Resolution.objects.select_related("meeting__body").prefetch_related("assignments__agency")
    filterset_class = ResolutionFilterSet
    table_class = ResolutionTable
    export_name = "resolutions"

    def base_queryset(self) -> QuerySet:
        return self.queryset.order_by("-meeting__date", "number")


def _resolution(request: HttpRequest, pk: int, action: str = VIEW) -> Resolution:
    return get_scoped_or_404(Resolution.objects.select_related("meeting__body"), request.user, action, pk=pk)


@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(request, pk)
    from mahalleh.meetings.selectors import missing_months

    today = timezone.localdate()
    scope = scope_of(request.user)
    assignments = list(resolution.assignments.select_related("agency").prefetch_related("reports__attachments", "reports__author"))
    ctx = {
        "object": resolution,
        "assignments": assignments,
        "my_assignments": [a for a in assignments if a.agency_id in scope.agency_ids],
        "timeline": services.resolution_timeline(resolution),
        "can_change": can(request.user, CHANGE, resolution),
        "today": today,
        "is_overdue": resolution.is_overdue(today),
        "days_overdue": resolution.days_overdue(today),
        "missing_months": missing_months(resolution, today) if resolution.deadline_kind == "continuous" else [],
        "return_form": ReturnForm(),
        "cancel_form": CancelForm(),
    }
    return render(request, "meetings/resolution_detail.html", ctx)


def _resolution_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": data["text"], "lead_agency": data["lead_agency"],
        "collaborators": [a for a in data["collaborators"] if a != data["lead_agency"]],
        "deadline_raw": data["deadline_raw"], "neighborhoods": list(data["neighborhoods"]), "axes": list(data["axes"]),
    }


@login_required
def resolution_create(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_scoped_or_404(Meeting.objects.select_related("body"), request.user, CHANGE, pk=meeting_pk)
    form = ResolutionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_create(meeting=meeting, number=form.cleaned_data["number"], actor=request.user,
                                       **_resolution_kwargs(form.cleaned_data))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "مصوبه ثبت شد.")
            if "another" in request.POST:
                return redirect("meetings:resolution_create", meeting_pk=meeting.pk)
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/resolution_form.html", {"form": form, "meeting": meeting, "object": None}, status=status)


@login_required
def resolution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(request, pk, CHANGE)
    if request.method == "POST":
        form = ResolutionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.resolution_update(resolution=resolution, version=form.cleaned_data["version"] or 0,
                                           actor=request.user, number=form.cleaned_data["number"] or resolution.number,
                                           **_resolution_kwargs(form.cleaned_data))
            except DomainError as exc:
                form.add_error(None, str(exc))
                return render(request, "meetings/resolution_form.html",
                              {"form": form, "meeting": resolution.meeting, "object": resolution}, status=409)
            messages.success(request, "مصوبه ذخیره شد.")
            return redirect(resolution)
        return render(request, "meetings/resolution_form.html",
                      {"form": form, "meeting": resolution.meeting, "object": resolution}, status=400)
    lead = resolution.assignments.filter(is_lead=True).first()
    form = ResolutionForm(user=request.user, initial={
        "number": resolution.number, "text": resolution.text, "lead_agency": lead.agency_id if lead else None,
        "collaborators": [a.agency_id for a in resolution.assignments.filter(is_lead=False)],
        "deadline_raw": resolution.deadline_raw, "neighborhoods": list(resolution.neighborhoods.values_list("pk", flat=True)),
        "axes": list(resolution.axes.values_list("pk", flat=True)), "version": resolution.version,
    })
    return render(request, "meetings/resolution_form.html", {"form": form, "meeting": resolution.meeting, "object": resolution})


@login_required
def resolution_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(request, pk, CHANGE)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_cancel(resolution=resolution, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "مصوبه لغو شد.")
    elif request.method == "POST":
        messages.error(request, "علت لغو را بنویسید.")
    return redirect(resolution)
