"""Resolution pages: list with search and filters, create, detail with timeline, edit, cancel."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.history import history_of
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW, can, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.core.views import ServiceFormView
from mahalleh.meetings import services
from mahalleh.meetings.filtersets import ResolutionFilterSet
from mahalleh.meetings.forms import CancelForm, ResolutionForm, ReturnForm
from mahalleh.meetings.models import Assignment, Meeting, ProgressReport, Resolution
from mahalleh.meetings.services.escalation import agenda_problems
from mahalleh.meetings.tables import ResolutionTable
from mahalleh.problems.codes import display as display_code


class ResolutionList(ScopedListView):
    # The assignments with their agencies in one query (the agency filter's choices are another).
    queryset = Resolution.objects.select_related("meeting__body").prefetch_related(
        Prefetch("assignments", Assignment.objects.select_related("agency")))
    filterset_class = ResolutionFilterSet
    table_class = ResolutionTable
    export_name = "resolutions"

    def base_queryset(self) -> QuerySet[Resolution]:
        return self.queryset.order_by("-meeting__date", "number")


def _resolution(request: HttpRequest, pk: int, action: str = VIEW) -> Resolution:
    return get_scoped_or_404(Resolution.objects.select_related("meeting__body"), request.user, action, pk=pk)


@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(request, pk)
    from mahalleh.meetings.selectors import missing_months

    today = timezone.localdate()
    reports = Prefetch("reports", ProgressReport.objects.restrict(request.user, VIEW).select_related("author")
                       .prefetch_related("attachments"))
    assignments = list(
        resolution.assignments.restrict(request.user, VIEW).select_related("agency").prefetch_related(reports)
    )
    reporting = set(resolution.assignments.restrict(request.user, CHANGE).values_list("pk", flat=True))
    # The page's history: the resolution's own changes and those of the assignments, reports and
    # attachments it shows (read above through the scope).
    shown = [*assignments, *(r for a in assignments for r in a.reports.all()),
             *(f for a in assignments for r in a.reports.all() for f in r.attachments.all())]
    ctx = {
        "object": resolution,
        "assignments": assignments,
        "my_assignments": [a for a in assignments if a.pk in reporting],
        "timeline": services.resolution_timeline(resolution),
        "can_change": can(request.user, CHANGE, resolution),
        "today": today,
        "is_overdue": resolution.is_overdue(today),
        "days_overdue": resolution.days_overdue(today),
        "missing_months": missing_months(resolution, today) if resolution.deadline_kind == "continuous" else [],
        "return_form": ReturnForm(),
        "cancel_form": CancelForm(initial={"version": resolution.version}),
        # the resolutions of approved minutes are read-only until the secretariat reopens them
        "minutes_approved": resolution.meeting.status == Meeting.Status.APPROVED,
        "problems": [(p, display_code(p.tracking_code)) for p in resolution.problems.restrict(request.user, VIEW).select_related("category")],
        "history": history_of(resolution, shown),
        "history_subject": resolution,
    }
    return render(request, "meetings/resolution_detail.html", ctx)


def _resolution_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    kwargs = {
        "text": data["text"], "lead_agency": data["lead_agency"],
        "collaborators": [a for a in data["collaborators"] if a != data["lead_agency"]],
        "deadline_raw": data["deadline_raw"], "neighborhoods": list(data["neighborhoods"]), "axes": list(data["axes"]),
    }
    if "problems" in data:  # the form offers them when the meeting's agenda names problems
        kwargs["problems"] = list(data["problems"])
    return kwargs


class ResolutionCreate(ServiceFormView):
    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin
    form_class = ResolutionForm
    template_name = "meetings/resolution_form.html"
    success_message = "مصوبه ثبت شد."

    def load(self) -> None:
        self.meeting = get_scoped_or_404(Meeting.objects.select_related("body"), self.request.user, CHANGE,
                                         pk=self.kwargs["meeting_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user, "problems": agenda_problems(self.meeting, self.request.user)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"meeting": self.meeting, "object": None, **kwargs}

    def perform(self, form: ResolutionForm) -> Resolution:
        data = form.cleaned_data
        return services.resolution_create(meeting=self.meeting, number=data["number"], actor=self.request.user,
                                          idempotency_key=data[KEY_FIELD], **_resolution_kwargs(data))

    def get_success_url(self, result: Resolution) -> str:
        if "another" in self.request.POST:
            return reverse("meetings:resolution_create", kwargs={"meeting_pk": self.meeting.pk})
        return self.meeting.get_absolute_url()


class ResolutionEdit(ServiceFormView):
    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin
    form_class = ResolutionForm
    template_name = "meetings/resolution_form.html"
    success_message = "مصوبه ذخیره شد."

    def load(self) -> None:
        self.resolution = _resolution(self.request, self.kwargs["pk"], CHANGE)

    def get_form(self, data: Any = None, files: Any = None) -> ResolutionForm:
        problems = agenda_problems(self.resolution.meeting, self.request.user)
        if data is not None:
            return ResolutionForm(data, user=self.request.user, problems=problems)
        resolution = self.resolution
        lead = resolution.assignments.filter(is_lead=True).first()
        return ResolutionForm(user=self.request.user, problems=problems, initial={
            "number": resolution.number, "text": resolution.text, "lead_agency": lead.agency_id if lead else None,
            "collaborators": [a.agency_id for a in resolution.assignments.filter(is_lead=False)],
            "deadline_raw": resolution.deadline_raw,
            "neighborhoods": list(resolution.neighborhoods.values_list("pk", flat=True)),
            "axes": list(resolution.axes.values_list("pk", flat=True)), "version": resolution.version,
            "problems": list(resolution.problems.values_list("pk", flat=True)),
        })

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"meeting": self.resolution.meeting, "object": self.resolution, **kwargs}

    def perform(self, form: ResolutionForm) -> Resolution:
        data = form.cleaned_data
        kwargs = _resolution_kwargs(data)
        if "problems" in kwargs:  # the linked problems this user does not read stay linked
            offered = form.fields["problems"].queryset  # type: ignore[attr-defined]
            kwargs["problems"] += list(self.resolution.problems.exclude(pk__in=offered.values("pk")))
        return services.resolution_update(resolution=self.resolution, version=data["version"], actor=self.request.user,
                                          number=data["number"] or self.resolution.number, **kwargs)


resolution_create = ResolutionCreate.as_view()
resolution_edit = ResolutionEdit.as_view()


@login_required
def resolution_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resolution = _resolution(request, pk, CHANGE)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            services.resolution_cancel(resolution=resolution, reason=form.cleaned_data["reason"], actor=request.user,
                                       version=-1 if version is None else version)  # no version: stale
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "مصوبه لغو شد.")
    elif request.method == "POST":
        messages.error(request, "علت لغو را بنویسید.")
    return redirect(resolution)
