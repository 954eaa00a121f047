"""Follow-up: the agency inbox, posting a report, the secretariat accepting or returning it, and the
report's attachments (downloaded only by those who may read the report)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.files import serve_file
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.registry import sections_for
from mahalleh.core.scoping import CHANGE, VIEW, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.core.views import ServiceFormView
from mahalleh.meetings import services
from mahalleh.meetings.forms import ReportForm, ReturnForm
from mahalleh.meetings.models import Assignment, ProgressReport


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The sections that are this user's work (``core.registry.sections_for``): an agency's open
    resolutions, the reports awaiting the secretariat's acceptance, those of other apps."""
    sections = [{"section": section, "rows": section.rows(request.user)} for section in sections_for(request.user)]
    return render(request, "meetings/inbox.html", {"sections": sections})


class ReportCreate(ServiceFormView):
    """An agency posts progress on its assignment; a resent form answers with the report already made."""
    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin

    form_class = ReportForm
    template_name = "meetings/report_form.html"
    success_message = "گزارش ارسال شد و در انتظار بررسی دبیرخانه است."

    def load(self) -> None:
        self.assignment = get_scoped_or_404(
            Assignment.objects.select_related("resolution__meeting__body", "agency"), self.request.user, CHANGE,
            pk=self.kwargs["assignment_pk"],
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"assignment": self.assignment, **kwargs}

    def perform(self, form: ReportForm) -> ProgressReport:
        data = form.cleaned_data
        return services.report_submit(assignment=self.assignment, text=data["text"], percent=data["percent"],
                                      attachments=data["attachments"], period=data["period"],
                                      idempotency_key=data[KEY_FIELD], actor=self.request.user)

    def get_success_url(self, result: ProgressReport) -> str:
        return reverse("meetings:inbox")


report_create = ReportCreate.as_view()


@login_required
@require_POST
def report_review(request: AuthenticatedHttpRequest, pk: int, decision: str) -> HttpResponse:
    report = get_scoped_or_404(
        ProgressReport.objects.select_related("assignment__resolution"), request.user, CHANGE, pk=pk
    )
    resolution = report.assignment.resolution
    try:
        if decision == "accept":
            services.report_accept(report=report, actor=request.user)
            messages.success(request, "گزارش پذیرفته شد.")
        else:
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, "برای برگشت گزارش، علت را بنویسید.")
                return redirect(resolution)
            services.report_return(report=report, reason=form.cleaned_data["reason"], actor=request.user)
            messages.success(request, "گزارش با ذکر علت برگشت داده شد.")
    except DomainError as exc:
        messages.error(request, str(exc))
    if request.POST.get("back") == "inbox":  # accepted from the inbox's list: back to the next one
        return redirect("meetings:inbox")
    return redirect(resolution)


@login_required
def report_attachment(request: HttpRequest, report_pk: int, pk: int) -> HttpResponseBase:
    report = get_scoped_or_404(ProgressReport.objects.all(), request.user, VIEW, pk=report_pk)
    attachment = get_object_or_404(report.attachments.all(), pk=pk)
    return serve_file(request, attachment.file, download_name=attachment.name)
