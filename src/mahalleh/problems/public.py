"""The resident's pages, no login: /track/ (a code → where the problem stands), the online report form,
the «was it fixed?» answer, and the SMS reply webhook. Rate-limited per address in the database
(``core.ratelimit``), so every worker counts.

What /track/ shows is built here and only here (``public_view``): status, public updates, the
responsible agency, dates and public photos — never a name, a mobile or an internal note, and the
description only once staff accepted the problem and marked it public. A duplicate shows its original.
"""

from __future__ import annotations

import hmac
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mahalleh.core.files import serve_file
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.ratelimit import limited
from mahalleh.core.services import DomainError
from mahalleh.problems import codes, feedback, services
from mahalleh.problems.forms import PublicReportForm, TrackForm
from mahalleh.problems.models import Problem, ProblemPhoto, Status

NOT_FOUND = "مشکلی با این کد رهگیری پیدا نشد."


def public_view(problem: Problem) -> dict[str, Any]:
    """What anyone holding the code may see of it (the original's, for a duplicate)."""
    shown = problem.original
    now = timezone.now()
    return {
        "code": codes.display(problem.tracking_code),
        "merged_into": codes.display(shown.tracking_code) if shown.pk != problem.pk else "",
        "status": shown.get_status_display(),
        "status_type": shown.status_type,
        "category": shown.category.name,
        "neighborhood": shown.neighborhood.name,
        "agency": shown.agency.name if shown.agency else "",
        "created_at": problem.created_at,
        "acknowledged_at": shown.acknowledged_at,
        "fixed_at": shown.fixed_at,
        "due_date": shown.due_date,
        "description": shown.description if shown.description_public and shown.status != Status.NEW else "",
        "updates": [{"at": u.at, "kind": u.get_kind_display(), "status": u.get_to_status_display() if u.to_status else "",
                     "text": u.text} for u in shown.updates.filter(is_public=True).order_by("at", "id")],
        "photos": list(shown.photos.filter(is_public=True).order_by("at", "id")),
        "asks_feedback": shown.status == Status.FIXED and shown.confirm_until is not None and shown.confirm_until >= now,
    }


def _problem_by_code(code: str) -> Problem:
    try:
        stored = codes.parse(code)
    except codes.InvalidCode:
        raise Http404(codes.INVALID) from None
    problem = (Problem.objects.select_related("category", "neighborhood", "agency", "duplicate_of")
               .filter(tracking_code=stored).first())
    if problem is None:
        raise Http404(NOT_FOUND)
    return problem


@limited("track", limit=30, window=60)
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if Problem.objects.filter(tracking_code=code).exists():
            return redirect("public:track_problem", code=code)
        form.add_error("code", NOT_FOUND)
    return render(request, "problems/public/track.html", {"form": form}, status=400 if form.errors else 200)


@limited("track", limit=30, window=60)
def track_problem(request: HttpRequest, code: str) -> HttpResponse:
    problem = _problem_by_code(code)
    return render(request, "problems/public/track_problem.html",
                  {"p": public_view(problem), "problem_code": problem.tracking_code, "key": _key()})


def _key() -> str:
    return str(uuid.uuid4())


@require_POST
@limited("feedback", limit=10, window=3600, methods=("POST",))
def track_feedback(request: HttpRequest, code: str) -> HttpResponse:
    """«رفع شد» / «رفع نشد» from the track page; the code the visitor holds is their proof."""
    problem = _problem_by_code(code).original
    answer = request.POST.get("fixed", "")
    if answer not in ("yes", "no") or not request.POST.get(KEY_FIELD):
        messages.error(request, "پاسخ معتبر نیست.")
    else:
        try:
            feedback.problem_feedback(problem=problem, fixed=answer == "yes", channel="صفحه پیگیری")
        except DomainError as exc:
            messages.error(request, exc.message_fa)
        else:
            messages.success(request, "سپاس؛ نظر شما ثبت شد." if answer == "yes" else
                             "سپاس؛ مشکل دوباره برای دستگاه مسئول باز شد.")
    return redirect("public:track_problem", code=codes.parse(code))


def track_photo(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    problem = _problem_by_code(code).original
    photo = ProblemPhoto.objects.filter(pk=pk, problem=problem, is_public=True).first()
    if photo is None:
        raise Http404
    return serve_file(request, photo.image, download_name=photo.image.name.rsplit("/", 1)[-1])


@limited("report", limit=5, window=3600, methods=("POST",))
def report(request: HttpRequest) -> HttpResponse:
    """The resident's own report: arrives as «new» for the county to accept and route."""
    form = PublicReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.problem_report_online(
                neighborhood=data["neighborhood"], category=data["category"], description=data["description"],
                reporter_name=data["reporter_name"], reporter_mobile=data["reporter_mobile"],
                may_call_back=data["may_call_back"], sms_consent=data["sms_consent"], idempotency_key=data[KEY_FIELD])
        except DomainError as exc:
            form.add_error(None, exc.message_fa)
        else:
            return redirect("public:report_done", code=problem.tracking_code)
    status = 400 if form.errors else 200
    return render(request, "problems/public/report.html", {"form": form}, status=status)


def report_done(request: HttpRequest, code: str) -> HttpResponse:
    problem = _problem_by_code(code)
    return render(request, "problems/public/report_done.html",
                  {"code": codes.display(problem.tracking_code), "track_url": reverse("public:track_problem",
                                                                                       args=[problem.tracking_code])})


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """The SMS gateway's callback for a reply: ``secret``, ``from`` (the sender's mobile) and ``text``."""
    secret = str(getattr(settings, "SMS_INBOUND_SECRET", "") or "")
    given = request.POST.get("secret", "") or request.headers.get("X-Mahalleh-Secret", "")
    if not secret or not hmac.compare_digest(secret.encode(), given.encode()):
        return HttpResponseForbidden("forbidden")
    try:
        mobile = services.normalize_mobile(request.POST.get("from", ""))
        problem = feedback.feedback_by_sms(mobile=mobile, body=request.POST.get("text", ""))
    except DomainError as exc:
        return JsonResponse({"ok": False, "message": exc.message_fa}, status=200)
    return JsonResponse({"ok": True, "status": problem.status})
