"""Pages of the monthly agency reports: the agency's report form (new and edit), a report's page with the
secretariat's accept/return, its attachments, the month page (who filed, who is late, who has not
filed), and the province's compiled report (page, PDF, Excel). The lists are in ``monthly_lists``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.agencies.models import Agency
from mahalleh.core.audit import history
from mahalleh.core.exports import XLSX_TYPE
from mahalleh.core.files import send_bytes, serve_file
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.scoping import CHANGE, VIEW, get_scoped_or_404, scope_of
from mahalleh.core.services import DomainError
from mahalleh.core.views import ServiceFormView
from mahalleh.places.models import Province
from mahalleh.reports import monthly, services
from mahalleh.reports import monthly_compiled as compiled
from mahalleh.reports.monthly import Month
from mahalleh.reports.monthly_forms import MonthlyReportForm, ReviewForm
from mahalleh.reports.monthly_lists import month_of
from mahalleh.reports.monthly_models import MonthlyReport
from mahalleh.reports.monthly_selectors import compliance, followed_provinces
from mahalleh.reports.services import MonthlyError, is_focal_of


def focal_agencies(user: Any) -> list[Agency]:
    """The agencies whose monthly report this user files (focal point of each, and it must report)."""
    scope = scope_of(user)
    if scope.can_write_global:
        return []  # the superuser files for no agency; they pick one through the admin if ever needed
    return [a for a in Agency.objects.filter(pk__in=scope.agency_ids).order_by("name")
            if is_focal_of(user, a.pk) and monthly.is_required(a)]


class _ReportFormView(ServiceFormView):
    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin
    form_class = MonthlyReportForm
    template_name = "reports/monthly/report_form.html"
    partial_template_name = "reports/monthly/_report_form.html"
    agency: Agency
    report: MonthlyReport | None = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            result = self.perform(form)
        except MonthlyError as exc:  # the field it is about, when it names one
            form.add_error(exc.field if exc.field in form.fields else None, exc.message_fa)
            return self.render_form(form, status=400)
        except DomainError as exc:
            form.add_error(None, exc.message_fa)
            return self.render_form(form, status=409 if "version" in form.fields else 400)
        messages.success(request, "گزارش به دبیرخانه ارسال شد." if form.submits else "پیش‌نویس گزارش ذخیره شد.")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(result.get_absolute_url())
        return HttpResponseRedirect(result.get_absolute_url())

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        # htmx swaps only a 2xx answer: a refused form comes back as 200 there, its errors on the fields
        return super().render_form(form, 200 if getattr(self.request, "htmx", False) else status)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"agency": self.agency, "report": self.report, **kwargs}


class MonthlyFile(_ReportFormView):
    """A focal point starts the month's report of their agency (``?agency=`` when they have several)."""

    def load(self) -> None:
        agencies = focal_agencies(self.request.user)
        wanted = self.request.GET.get("agency") or self.request.POST.get("agency")
        chosen = [a for a in agencies if str(a.pk) == wanted] if wanted else agencies[:1]
        if not chosen:
            raise Http404
        self.agency = chosen[0]
        self.month = month_of(self.request, Month.of(timezone.localdate()))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        found = MonthlyReport.objects.filter(agency=self.agency, year=self.month.year, month=self.month.month).first()
        if found is not None:  # one report per month: open the one there is (its form while it is theirs to edit)
            return redirect(reverse("reports:monthly_edit", args=[found.pk]) if found.is_editable else found.get_absolute_url())
        return self.render_form(self.get_form())

    def get_form(self, data: Any = None, files: Any = None) -> MonthlyReportForm:
        return MonthlyReportForm(data, files, agency=self.agency, month=self.month)

    def perform(self, form: MonthlyReportForm) -> MonthlyReport:
        data = form.cleaned_data
        return services.monthly_report_create(
            agency=self.agency, month=data["month"], narrative=data["narrative"], indicators=form.indicators(),
            services=form.services(), attachments=data["attachments"], submit=form.submits,
            idempotency_key=data[KEY_FIELD], actor=self.request.user)


class MonthlyEdit(_ReportFormView):
    def load(self) -> None:
        report = get_scoped_or_404(MonthlyReport.objects.select_related("agency"), self.request.user, CHANGE,
                                   pk=self.kwargs["pk"])
        if not is_focal_of(self.request.user, report.agency_id):
            raise Http404  # the secretariat reviews it; only the agency writes it
        self.report, self.agency = report, report.agency

    def get_form(self, data: Any = None, files: Any = None) -> MonthlyReportForm:
        return MonthlyReportForm(data, files, agency=self.agency, report=self.report)

    def perform(self, form: MonthlyReportForm) -> MonthlyReport:
        data = form.cleaned_data
        assert self.report is not None
        return services.monthly_report_update(
            report=self.report, version=data.get("version"), narrative=data["narrative"], indicators=form.indicators(),
            services=form.services(), attachments=data["attachments"], submit=form.submits, actor=self.request.user)


monthly_file = MonthlyFile.as_view()
monthly_edit = MonthlyEdit.as_view()


@login_required
def monthly_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_scoped_or_404(MonthlyReport.objects.select_related("agency", "province", "submitted_by", "reviewed_by"),
                               request.user, VIEW, pk=pk)
    month = Month(report.year, report.month)
    due = monthly.due_date(report.province_id, month)
    reviews = scope_of(request.user).decides_for_province(report.province_id)
    return render(request, "reports/monthly/report_detail.html", {
        "report": report, "month": month, "due": due,
        "timeliness": monthly.timeliness(report.filed_on, due, timezone.localdate()),
        "indicator_lines": report.indicator_lines.select_related("indicator__axis"),
        "service_lines": report.service_lines.select_related("neighborhood__county", "axis"),
        "attachments": report.attachments.all(),
        "can_edit": report.is_editable and is_focal_of(request.user, report.agency_id),
        "can_review": reviews and report.status == MonthlyReport.Status.SUBMITTED,
        "review_form": ReviewForm(initial={"version": report.version}),
        "history": history(report)[:30],
    })


@login_required
@require_POST
def monthly_review(request: AuthenticatedHttpRequest, pk: int, decision: str) -> HttpResponse:
    report = get_scoped_or_404(MonthlyReport.objects.all(), request.user, CHANGE, pk=pk)
    if not scope_of(request.user).decides_for_province(report.province_id):
        raise Http404
    form = ReviewForm(request.POST)
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    try:
        services.monthly_report_review(report=report, decision=decision, version=data.get("version"),
                                       note=data.get("note") or "", actor=request.user)
        messages.success(request, "گزارش پذیرفته شد." if decision == "accept" else "گزارش با ذکر علت برگشت داده شد.")
    except DomainError as exc:
        messages.error(request, exc.message_fa)
    if request.POST.get("back") == "month":
        query = urlencode({"province": report.province_id, "month": Month(report.year, report.month).code})
        return redirect(f"{reverse('reports:monthly_month')}?{query}")
    return redirect(report.get_absolute_url())


@login_required
def monthly_attachment(request: HttpRequest, report_pk: int, pk: int) -> HttpResponseBase:
    report = get_scoped_or_404(MonthlyReport.objects.all(), request.user, VIEW, pk=report_pk)
    attachment = get_object_or_404(report.attachments.all(), pk=pk)
    return serve_file(request, attachment.file, download_name=attachment.name)


def _province_and_month(request: HttpRequest) -> tuple[Province, Month]:
    """The followed province the query names (or the first), and its month (or the month last due);
    a 404 to whoever follows no province's month or names one they do not follow."""
    provinces = followed_provinces(request.user)
    wanted = request.GET.get("province")
    province = provinces.filter(pk=wanted).first() if wanted and wanted.isdigit() else (
        None if wanted else provinces.first())
    if province is None:
        raise Http404
    return province, month_of(request, Month.of(timezone.localdate()).previous())


@login_required
def monthly_month(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The secretariat's month: the counts (each opening its list), every required agency's state, and
    accept/return for what awaits review."""
    province, month = _province_and_month(request)
    today = timezone.localdate()
    ctx: dict[str, Any] = {"province": province, "month": month, "provinces": followed_provinces(request.user),
                           "begun": month.has_begun(today), "prev": month.previous(), "next": month.next()}
    if ctx["begun"]:
        rows: list[Any] = list(monthly.month_rows(province, month, today=today))  # annotated (monthly.with_month)
        reports = {r.pk: r for r in MonthlyReport.objects.filter(pk__in=[a.report_id for a in rows if a.report_id])}
        ctx.update(
            due=monthly.due_date(province, month), counts=compliance(request.user, month.year, month.month,
                                                                     province=province, today=today),
            rows=[(a, reports.get(a.report_id), monthly.timeliness(a.filed_on, a.due_on, today)) for a in rows],
            reviews=scope_of(request.user).decides_for_province(province.pk),
        )
    return render(request, "reports/monthly/month.html", ctx)


@login_required
def monthly_compiled(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The province's compiled month as a page, ``?format=pdf`` or ``?format=xlsx``; a month not yet
    begun is refused with a message (no file)."""
    province, month = _province_and_month(request)
    if not month.has_begun():
        messages.error(request, f"ماه {month.label} هنوز آغاز نشده است؛ گزارش تلفیقی هر ماه از نخستین روز آن ساخته می‌شود.")
        return render(request, "reports/monthly/compiled.html", {"province": province, "month": month}, status=400)
    c = compiled.compile_month(province, month)
    fmt = request.GET.get("format")
    if fmt == "pdf":
        return send_bytes(compiled.render_pdf(c), download_name=compiled.file_name(c, "pdf"),
                          content_type="application/pdf")
    if fmt == "xlsx":
        return send_bytes(compiled.render_xlsx(c), download_name=compiled.file_name(c, "xlsx"),
                          content_type=XLSX_TYPE)
    return render(request, "reports/monthly/compiled.html", {
        "province": province, "month": month, "c": c, "agency_rows": compiled.agency_table(c),
        "provinces": followed_provinces(request.user)})
