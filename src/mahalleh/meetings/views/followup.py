"""Follow-up: the agency inbox, posting a report, the secretariat accepting or returning it, and the
report's attachments (downloaded only by those who may read the report)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mahalleh.core.files import serve_file
from mahalleh.core.scoping import CHANGE, VIEW, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.meetings import selectors, services
from mahalleh.meetings.forms import ReportForm, ReturnForm
from mahalleh.meetings.models import Assignment, ProgressReport


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.inbox(user=request.user)
    return render(request, "meetings/inbox.html", {"rows": rows})


@login_required
def report_create(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    assignment = get_scoped_or_404(
        Assignment.objects.select_related("resolution__meeting__body", "agency"), request.user, CHANGE, pk=assignment_pk
    )
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_submit(assignment=assignment, text=data["text"], percent=data["percent"],
                                   attachments=data["attachments"], period=data["period"], actor=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "گزارش ارسال شد و در انتظار بررسی دبیرخانه است.")
            return redirect("meetings:inbox")
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/report_form.html", {"form": form, "assignment": assignment}, status=status)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
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
    return redirect(resolution)


@login_required
def report_attachment(request: HttpRequest, report_pk: int, pk: int) -> HttpResponseBase:
    report = get_scoped_or_404(ProgressReport.objects.all(), request.user, VIEW, pk=report_pk)
    attachment = get_object_or_404(report.attachments.all(), pk=pk)
    return serve_file(request, attachment.file, download_name=attachment.name)
