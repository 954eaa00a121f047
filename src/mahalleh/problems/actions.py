"""The problem page's actions: each a small POST form, one service call, back to the page with a
Persian message (the service's own when it refuses). Out of scope is a 404, as for every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.scoping import VIEW, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.core.views import post_action
from mahalleh.problems import forms, permissions, services
from mahalleh.problems.models import Problem, Status


def _problem(request: AuthenticatedHttpRequest, pk: int) -> Problem:
    return get_scoped_or_404(Problem.objects.select_related("neighborhood__county", "category", "agency"),
                             request.user, VIEW, pk=pk)


def _act(request: AuthenticatedHttpRequest, pk: int, form_class: type[forms.VersionForm],
         perform: Callable[[Problem, dict[str, Any]], object], done: str) -> HttpResponse:
    problem = _problem(request, pk)

    def call(data: dict[str, Any]) -> object:
        version = data.get("version")
        data["version"] = -1 if version is None else version  # no version: treated as stale
        return perform(problem, data)

    return post_action(request, problem, form_class(request.POST, request.FILES, problem=problem), call, done)


@login_required
@require_POST
def problem_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, forms.AcceptForm, lambda p, d: services.problem_accept(
        actor=request.user, problem=p, version=d["version"], agency=d["agency"], priority_rank=d["priority_rank"]),
        "مشکل پذیرفته و به دستگاه مسئول ارجاع شد.")


@login_required
@require_POST
def problem_reassign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, forms.ReassignForm, lambda p, d: services.problem_reassign(
        actor=request.user, problem=p, version=d["version"], agency=d["agency"], reason=d["reason"]),
        "مشکل به دستگاه تازه ارجاع شد.")


@login_required
@require_POST
def problem_not_responsible(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, forms.NotResponsibleForm, lambda p, d: services.problem_not_responsible(
        actor=request.user, problem=p, version=d["version"], reason=d["reason"]),
        "اعلام عدم مسئولیت ثبت شد؛ مشکل برای ارجاع دوباره به فرمانداری برگشت.")


def _set_status(request: AuthenticatedHttpRequest, problem: Problem, data: dict[str, Any]) -> Problem:
    original = None
    if data["status"] == Status.DUPLICATE and data["duplicate_code"]:
        original = Problem.objects.restrict(request.user, VIEW).filter(tracking_code=data["duplicate_code"]).first()
        if original is None:
            raise DomainError("مشکلی با این کد رهگیری در حدود دسترسی شما نیست.")
    return services.problem_set_status(actor=request.user, problem=problem, version=data["version"], status=data["status"],
                                       text=data["text"], is_public=data["is_public"], duplicate_of=original)


@login_required
@require_POST
def problem_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, forms.StatusForm, lambda p, d: _set_status(request, p, d), "وضعیت مشکل ثبت شد.")


@login_required
@require_POST
def problem_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, forms.NoteForm, lambda p, d: services.problem_add_note(
        actor=request.user, problem=p, version=d["version"], text=d["text"], is_public=d["is_public"]),
        "یادداشت ثبت شد.")


@login_required
@require_POST
def problem_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, forms.PublishForm, lambda p, d: services.problem_publish_description(
        actor=request.user, problem=p, version=d["version"], public=d["description_public"]),
        "نمایش عمومی شرح مشکل ثبت شد.")


@login_required
@require_POST
def problem_photo_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, forms.PhotoForm, lambda p, d: services.problem_add_photo(
        actor=request.user, problem=p, version=d["version"], image=d["image"], kind=d["kind"], is_public=d["is_public"]),
        "عکس افزوده شد.")


@login_required
@require_POST
def problem_sms_opt_out(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, forms.VersionForm, lambda p, d: services.problem_sms_opt_out(actor=request.user, problem=p),
                "دیگر پیامکی برای طرح‌کننده این مشکل فرستاده نمی‌شود.")


def action_forms(user: Any, problem: Problem) -> dict[str, Any]:
    """The forms the problem page offers this user (none that the service would refuse)."""
    routes, handles = permissions.may_route(user, problem), permissions.may_handle(user, problem)
    assigned = permissions.is_assigned_agency(user, problem)
    offered: dict[str, Any] = {}
    if routes and problem.status == Status.NEW:
        offered["accept_form"] = forms.AcceptForm(problem=problem, initial={"agency": problem.agency_id})
    if routes and not problem.is_closed:
        offered["reassign_form"] = forms.ReassignForm(problem=problem)
    if assigned and not problem.is_closed:
        offered["not_responsible_form"] = forms.NotResponsibleForm(problem=problem)
    if handles and (problem.status != Status.NEW or assigned):  # the county accepts a new one first
        offered["status_form"] = forms.StatusForm(problem=problem)
    if handles:
        offered["note_form"] = forms.NoteForm(problem=problem)
        offered["photo_form"] = forms.PhotoForm(problem=problem)
    if routes:
        offered["publish_form"] = forms.PublishForm(problem=problem, initial={"description_public": problem.description_public})
    return offered
