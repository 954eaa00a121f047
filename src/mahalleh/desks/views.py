"""The desk pages: the calendar, a desk and its day (intake, sign-ups, who came), the sign-in sheet,
the summary (page and PDF) and the answers of invited agencies. Out of scope is a 404."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.exports import export_response
from mahalleh.core.files import send_bytes
from mahalleh.core.jalali import MONTHS, WEEKDAYS, from_jalali, jalali_month_length, to_jalali
from mahalleh.core.scoping import VIEW, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.core.views import ServiceFormView
from mahalleh.core.views import post_action as act
from mahalleh.desks import forms, permissions, services
from mahalleh.desks.models import Desk, DeskAgency
from mahalleh.desks.privacy import signup_counts, signups_of
from mahalleh.desks.summary import render_summary_pdf, summarize
from mahalleh.problems.forms import IntakeForm
from mahalleh.problems.models import Problem
from mahalleh.problems.views import ProblemCreate


def _desk(request: HttpRequest, pk: int) -> Desk:
    return get_scoped_or_404(Desk.objects.select_related("county__province", "neighborhood", "host", "announced_by"),
                             request.user, VIEW, pk=pk)


def month_grid(year: int, month: int, desks: list[Desk]) -> list[list[dict[str, Any] | None]]:
    """The Jalali month as weeks from Saturday; each day with its desks."""
    first = from_jalali(year, month, 1)
    by_day: dict[datetime.date, list[Desk]] = {}
    for desk in desks:
        by_day.setdefault(desk.date, []).append(desk)
    cells: list[dict[str, Any] | None] = [None] * ((first.weekday() + 2) % 7)  # Saturday is the first column
    for day in range(jalali_month_length(year, month)):
        d = first + datetime.timedelta(days=day)
        cells.append({"date": d, "day": day + 1, "desks": by_day.get(d, [])})
    cells += [None] * (-len(cells) % 7)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


@login_required
def desk_calendar(request: HttpRequest) -> HttpResponse:
    """The month grid of the desks the user sees (Jalali month, ``?year=&month=``)."""
    today = to_jalali(timezone.localdate())
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        if not 1 <= month <= 12 or not 1300 <= year <= 1500:
            raise ValueError
    except ValueError:
        year, month = today.year, today.month
    start = from_jalali(year, month, 1)
    end = start + datetime.timedelta(days=jalali_month_length(year, month))
    desks = list(Desk.objects.restrict(request.user, VIEW).filter(date__gte=start, date__lt=end)
                 .select_related("neighborhood", "county").order_by("date", "county__name"))
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    return render(request, "desks/calendar.html", {
        "weeks": month_grid(year, month, desks), "weekdays": WEEKDAYS, "title": f"{MONTHS[month - 1]} {year}",
        "year": year, "month": month, "prev": {"year": prev_y, "month": prev_m}, "next": {"year": next_y, "month": next_m},
        "desks": desks, "may_schedule": permissions.may_schedule(request.user),
    })


class DeskCreate(ServiceFormView):
    request: AuthenticatedHttpRequest
    form_class = forms.DeskForm
    template_name = "desks/desk_form.html"
    success_message = "میز خدمت در تقویم قرار گرفت."

    def load(self) -> None:
        if not permissions.may_schedule(self.request.user):
            raise Http404

    def perform(self, form: forms.DeskForm) -> Desk:
        d = form.cleaned_data
        return services.desk_schedule(
            actor=self.request.user, kind=d["kind"], neighborhood=d["neighborhood"], county=d["county"], date=d["date"],
            place=d["place"], end=d["end"], announced_by=d["announced_by"],
            status=Desk.Status.ANNOUNCED if d["announce"] or d["announced_by"] else Desk.Status.PLANNED,
            idempotency_key=d["idempotency_key"],
        )


desk_create = DeskCreate.as_view()


@login_required
def desk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    desk = _desk(request, pk)
    user = request.user
    invitations = list(desk.agencies.select_related("agency").order_by("agency__name"))
    may_change = permissions.may_schedule_in(user, desk.county_id, desk.county.province_id)
    for invitation in invitations:
        invitation.may_answer = permissions.may_answer(user, invitation)  # type: ignore[attr-defined]
        invitation.form = forms.AnswerForm(version=invitation.version)  # type: ignore[attr-defined]
    ctx = {
        "desk": desk, "invitations": invitations, "may_change": may_change,
        "may_record": permissions.may_record_day(user, desk),
        "status_form": forms.StatusForm(desk=desk), "attendance_form": forms.AttendanceForm(desk=desk),
        "summary_form": forms.SummaryForm(desk=desk, user=user) if may_change else None,
        "problems": Problem.objects.restrict(user, VIEW).filter(desks=desk).select_related("category", "agency"),
        "signup_counts": signup_counts(desk),
        "moves": sorted(services.MOVES.get(Desk.Status(desk.status), set())),
        "statuses": dict(Desk.Status.choices),
    }
    return render(request, "desks/desk_detail.html", ctx)


def _changeable(request: AuthenticatedHttpRequest, pk: int) -> Desk:
    desk = _desk(request, pk)
    if not permissions.may_schedule_in(request.user, desk.county_id, desk.county.province_id):
        raise Http404
    return desk


@login_required
@require_POST
def desk_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    desk = _changeable(request, pk)
    return act(request, desk, forms.StatusForm(request.POST), lambda d: services.desk_set_status(
        actor=request.user, desk=desk, status=d["status"], version=d["version"]), "وضعیت میز ثبت شد.")


@login_required
@require_POST
def desk_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    desk = _desk(request, pk)
    if not permissions.may_record_day(request.user, desk):
        raise Http404
    return act(request, desk, forms.AttendanceForm(request.POST, desk=desk), lambda d: services.desk_record_attendance(
        actor=request.user, desk=desk, version=d["version"], present=[int(a) for a in d["present"]]),
        "حاضران میز ثبت شدند.")


@login_required
@require_POST
def invitation_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_scoped_or_404(DeskAgency.objects.select_related("desk", "agency"), request.user, VIEW, pk=pk)
    return act(request, invitation.desk, forms.AnswerForm(request.POST), lambda d: services.desk_answer(
        actor=request.user, invitation=invitation, answer=d["answer"], deputy_name=d["deputy_name"],
        version=d["version"]), "پاسخ شما به دعوت میز ثبت شد.")


@login_required
@require_POST
def desk_send_summary(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    desk = _changeable(request, pk)
    return act(request, desk, forms.SummaryForm(request.POST, desk=desk, user=request.user),
                lambda d: services.desk_send_summary(actor=request.user, desk=desk, meeting=d["meeting"]),
                lambda item: f"گزارش میز در دستور {item.meeting} قرار گرفت.")  # type: ignore[attr-defined]


class DeskIntake(ProblemCreate):
    """The problems intake opened from the desk: its neighborhood fixed, the problem linked to the desk."""

    template_name = "desks/intake.html"

    def load(self) -> None:
        self.desk = _desk(self.request, self.kwargs["pk"])
        if self.desk.neighborhood is None or not permissions.may_record_day(self.request.user, self.desk):
            raise Http404

    def get_form(self, data: Any = None, files: Any = None) -> IntakeForm:
        form = IntakeForm(data, files, user=self.request.user, initial={"neighborhood": self.desk.neighborhood_id})
        form.fields["neighborhood"].queryset = form.fields["neighborhood"].queryset.filter(pk=self.desk.neighborhood_id)  # type: ignore[attr-defined]
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"desk": self.desk, "intake_url": reverse("desks:desk_intake", args=[self.desk.pk]), **kwargs}

    def get_success_url(self, result: Problem) -> str:
        back = reverse("desks:desk_intake", args=[self.desk.pk])
        return f"{reverse('problems:problem_received', args=[result.pk])}?next={back}"

    def perform(self, form: IntakeForm) -> Problem:
        d = form.cleaned_data
        original = None
        if d["duplicate_of"]:
            original = Problem.objects.restrict(self.request.user, VIEW).filter(pk=d["duplicate_of"]).first()
        return services.desk_problem_intake(
            actor=self.request.user, desk=self.desk, category=d["category"], description=d["description"],
            reporter_name=d["reporter_name"], reporter_mobile=d["reporter_mobile"], may_call_back=d["may_call_back"],
            sms_consent=d["sms_consent"], photos=d["photos"] or (), duplicate_of=original,
            latitude=d["latitude"], longitude=d["longitude"], idempotency_key=d["idempotency_key"],
        )


desk_intake = DeskIntake.as_view()


class SignUpCreate(ServiceFormView):
    request: AuthenticatedHttpRequest
    form_class = forms.SignUpForm
    template_name = "desks/signup_form.html"
    success_message = "ثبت‌نام انجام شد."

    def load(self) -> None:
        self.desk = _desk(self.request, self.kwargs["pk"])
        if not permissions.may_record_day(self.request.user, self.desk):
            raise Http404

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"desk": self.desk, **kwargs}

    def perform(self, form: forms.SignUpForm) -> Desk:
        d = form.cleaned_data
        services.signup_add(actor=self.request.user, desk=self.desk, program=d["program"], name=d["name"],
                            mobile=d["mobile"], age_group=d["age_group"], idempotency_key=d["idempotency_key"])
        return self.desk

    def get_success_url(self, result: Desk) -> str:
        return reverse("desks:signup_create", args=[result.pk])


signup_create = SignUpCreate.as_view()


@login_required
def signup_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The names and mobiles, for those who may read them; every read is logged; Excel out."""
    desk = _desk(request, pk)
    export = request.GET.get("export") == "xlsx"
    rows = signups_of(request.user, desk, purpose="excel" if export else "page")
    if not rows and not permissions.may_record_day(request.user, desk):
        raise Http404
    if export:
        table = [["برنامه", "نام", "تلفن همراه", "گروه سنی"]] + [
            [s.program, s.name, s.mobile, s.get_age_group_display()] for s in rows]
        return export_response(table, fmt="xlsx", title="ثبت‌نام‌ها", filename=f"desk-{desk.pk}-signups")
    return render(request, "desks/signups.html", {"desk": desk, "signups": rows})


@login_required
def desk_summary(request: HttpRequest, pk: int) -> HttpResponseBase:
    desk = _desk(request, pk)
    if request.GET.get("format") == "pdf":
        return send_bytes(render_summary_pdf(desk), download_name=f"desk-{desk.pk}-summary.pdf",
                          content_type="application/pdf")
    return render(request, "desks/summary.html", {"desk": desk, "summary": summarize(desk)})


@login_required
def desk_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable sign-in sheet: the invited agencies with an empty line to sign, and spare lines."""
    desk = _desk(request, pk)
    invitations = list(desk.agencies.select_related("agency").order_by("agency__name"))
    return render(request, "desks/sheet.html", {"desk": desk, "invitations": invitations, "spare": range(6)})


@login_required
def plan_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The province's year plan: the last solve (objective, bound, what could not be planned and why);
    the secretariat plans a year here (POST), keeping what is held or announced."""
    from mahalleh.core.jalali import parse_jalali
    from mahalleh.core.scoping import scope_of
    from mahalleh.desks import plans
    from mahalleh.desks.models import DeskPlan
    from mahalleh.places.models import Province

    provinces = Province.objects.filter(pk__in=scope_of(request.user).province_ids).order_by("name")
    province = provinces.first()
    if province is None:
        raise Http404
    if request.method == "POST":
        if not permissions.may_plan(request.user):
            raise Http404
        try:
            year = int(request.POST.get("year", ""))
            raw = request.POST.get("from", "").strip()
            from_date = parse_jalali(raw) if raw else None
            key = uuid.UUID(request.POST.get("idempotency_key", ""))
            plans.plan_year(actor=request.user, province=province, year=year, from_date=from_date, idempotency_key=key)
        except (ValueError, DomainError) as exc:
            messages.error(request, exc.message_fa if isinstance(exc, DomainError) else "سال یا تاریخ نامعتبر است.")
        else:
            messages.success(request, "برنامه سالانه ساخته و میزهای آن در تقویم گذاشته شد.")
        return redirect("desks:plan")
    plan = DeskPlan.objects.restrict(request.user, VIEW).filter(province=province).first()
    return render(request, "desks/plan.html", {"province": province, "plan": plan, "key": uuid.uuid4(),
                                               "may_plan": permissions.may_plan(request.user),
                                               "year": to_jalali(timezone.localdate()).year + 1})


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Agency × neighborhood: planned, held, missed, or needed but unplanned, for the year."""
    from mahalleh.desks.selectors import coverage_matrix

    try:
        year = int(request.GET.get("year", to_jalali(timezone.localdate()).year))
    except ValueError:
        year = to_jalali(timezone.localdate()).year
    matrix = coverage_matrix(request.user, year)
    return render(request, "desks/coverage.html", {"matrix": matrix, "year": year})


@login_required
def feed_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own calendar feed: its secret URL to add to a phone's calendar, and revoking it."""
    from mahalleh.desks import ics

    if request.method == "POST":
        ics.revoke(request.user)
        messages.success(request, "نشانی پیشین تقویم باطل شد و نشانی تازه ساخته شد.")
        return redirect("desks:feed")
    feed = ics.feed_of(request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
    return render(request, "desks/feed.html", {"url": url})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """``/calendar/<token>.ics``: no sign-in (a phone's calendar cannot); the secret token is the
    permission, and a revoked or unknown one is a 404. The feed holds only what the user's scope reads."""
    from mahalleh.desks import ics
    from mahalleh.desks.models import CalendarFeed

    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    base = request.build_absolute_uri("/").rstrip("/")
    body = ics.render(ics.events_for(feed.user, timezone.localdate(), base_url=base))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def my_desks(request: HttpRequest) -> HttpResponse:
    """An agency's own list of the desks it is asked to, with its answer; and every county's Friday rota."""
    from mahalleh.desks.selectors import agency_desks, friday_rota

    return render(request, "desks/mine.html", {"desks": agency_desks(request.user), "rota": friday_rota(request.user)})
