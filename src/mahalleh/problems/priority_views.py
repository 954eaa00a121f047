"""The county HQ's priorities (escalation): each target neighborhood's open problems in rank order, with
an inline form to rank one. The list is the input of the desk plan (which directors-general go where)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.forms import DigitsMixin
from mahalleh.core.scoping import CHANGE, get_scoped_or_404
from mahalleh.core.services import DomainError
from mahalleh.places.models import Neighborhood
from mahalleh.problems import codes
from mahalleh.problems.models import Problem
from mahalleh.problems.permissions import may_prioritize, may_route, prioritized_neighborhoods
from mahalleh.problems.selectors import open_counts, prioritized_open_by_neighborhood
from mahalleh.problems.services import problem_set_priority

PER_NEIGHBORHOOD = 30  # the first of each neighborhood; the rest are on its filtered problem list


class PriorityForm(DigitsMixin, forms.Form):
    rank = forms.IntegerField(label="رتبه", required=False, min_value=1, max_value=9999)
    version = forms.IntegerField(widget=forms.HiddenInput)


@login_required
def priorities(request: HttpRequest) -> HttpResponse:
    if not may_prioritize(request.user):
        raise Http404
    hoods = list(prioritized_neighborhoods(request.user).order_by("county__name", "priority_rank", "name"))
    problems = prioritized_open_by_neighborhood(hoods, limit=PER_NEIGHBORHOOD)
    counts = open_counts(hoods)
    today = timezone.localdate()

    def row(hood: Neighborhood) -> dict[str, Any]:
        return {"hood": hood, "count": counts.get(hood.pk, 0),
                "problems": [(p, codes.display(p.tracking_code), p.is_overdue(today)) for p in problems[hood.pk]]}

    counties = [(county, [row(h) for h in group]) for county, group in groupby(hoods, key=lambda h: h.county)]
    return render(request, "problems/priorities.html", {"counties": counties, "per_neighborhood": PER_NEIGHBORHOOD})


@login_required
@require_POST
def priority_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    problem = get_scoped_or_404(Problem.objects.select_related("neighborhood__county"), request.user, CHANGE, pk=pk)
    if not may_route(request.user, problem):
        raise Http404
    form = PriorityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "رتبه اولویت باید عددی مثبت باشد (یا خالی، برای بی‌رتبه).")
    else:
        try:
            problem_set_priority(actor=request.user, problem=problem, version=form.cleaned_data["version"],
                                 rank=form.cleaned_data["rank"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"رتبه مشکل {codes.display(problem.tracking_code)} ثبت شد.")
    return redirect(reverse("problems:priorities") + f"#n{problem.neighborhood_id}")
