from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from mahalleh.core.scoping import CHANGE, VIEW, can, get_scoped_or_404
from mahalleh.places.models import Neighborhood
from mahalleh.reports import profile


class NeighborhoodProfile(LoginRequiredMixin, View):
    """The neighborhood's profile; ``?print=1`` lays it out for paper (as the lists do)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hood = get_scoped_or_404(
            Neighborhood.objects.select_related("county__province", "city", "target_announcement__body"),
            request.user, VIEW, pk=pk)
        printing = request.GET.get("print") == "1"
        return render(request, "reports/profile.html", {
            "p": profile.build(hood, request.user), "object": hood, "printing": printing,
            "base_template": "reports/print_base.html" if printing else "base.html",
            "can_change": can(request.user, CHANGE, hood), "today": timezone.localdate()})
