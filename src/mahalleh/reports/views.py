"""The role's dashboard (the home page) and the map of the target neighborhoods (issue 12)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mahalleh.core.scoping import scope_of
from mahalleh.reports import dashboards, maps
from mahalleh.reports.forms import DashboardFilterForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home page: the dashboard of the user's role (national, province, county, agency, neighborhood
    house), its filters, then the menu's cards. A user with no role sees the cards' notice only."""
    has_role = bool(scope_of(request.user).roles) or request.user.is_superuser
    form = DashboardFilterForm(request.GET or None, user=request.user)
    groups = dashboards.figure_groups(request, form.filters()) if has_role else []
    return render(request, "home.html", {
        "dashboard_title": dashboards.dashboard_title(request.user), "form": form, "groups": groups,
        "charts": [g.chart_data() for g in groups if g.rows],
    })


@login_required
def neighborhood_map(request: HttpRequest) -> HttpResponse:
    """The target neighborhoods on a plain background with the counties' outlines (a tile server only when
    ``MAP_TILE_URL`` is set), coloured by a chosen measure; a marker opens the neighborhood's page."""
    return render(request, "reports/map.html", {
        "points": maps.neighborhood_points(request.user), "measures": maps.MEASURES,
        "map_config": {"tiles": settings.MAP_TILE_URL, "measures": maps.MEASURES},
    })
