"""The campaign pages: the list, a new campaign, its timetable and coverage, planning and delivery."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.roles import Role
from mahalleh.core.scoping import VIEW, get_scoped_or_404, scope_of
from mahalleh.core.services import DomainError
from mahalleh.core.views import ServiceFormView
from mahalleh.core.views import post_action as act
from mahalleh.desks import campaigns, forms, permissions
from mahalleh.desks.models import Campaign, CampaignVisit
from mahalleh.places.models import Province


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    rows = list(Campaign.objects.restrict(request.user, VIEW).select_related("lead", "province"))
    covered = campaigns.coverages(rows)
    return render(request, "desks/campaigns.html", {
        "campaigns": [(c, covered[c.pk]) for c in rows], "may_plan": permissions.may_plan(request.user)})


class CampaignCreate(ServiceFormView):
    request: AuthenticatedHttpRequest
    form_class = forms.CampaignForm
    template_name = "desks/campaign_form.html"
    success_message = "پویش تعریف شد؛ جدول زمانی آن را برنامه‌ریزی کنید."

    def load(self) -> None:
        ids = scope_of(self.request.user).provinces_with(Role.SECRETARIAT)
        province = Province.objects.filter(pk__in=ids).order_by("pk").first()
        if province is None:
            raise Http404
        self.province: Province = province

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user, "province": self.province}

    def perform(self, form: forms.CampaignForm) -> Campaign:
        d = form.cleaned_data
        return campaigns.campaign_create(
            actor=self.request.user, province=self.province, name=d["name"], lead=d["lead"], services=d["services"],
            start=d["start"], end=d["end"], lead_per_day=d["lead_per_day"],
            partners=[(a, d["partner_capacity"]) for a in d["partners"]], idempotency_key=d["idempotency_key"])


campaign_create = CampaignCreate.as_view()


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_scoped_or_404(Campaign.objects.select_related("lead", "province"), request.user, VIEW, pk=pk)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    visits = list(campaign.visits.select_related("neighborhood__county").prefetch_related("partners"))
    may_change = campaign.province_id in scope_of(request.user).provinces_with(Role.SECRETARIAT)
    for v in visits:
        v.form = forms.DeliveryForm(version=v.version)  # type: ignore[attr-defined]
    return render(request, "desks/campaign_detail.html", {
        "campaign": campaign, "visits": visits, "coverage": campaigns.coverage(campaign),
        "partners": campaign.partners.select_related("agency"), "may_change": may_change})


@login_required
@require_POST
def campaign_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        result = campaigns.campaign_plan(actor=request.user, campaign=campaign)
    except DomainError as exc:
        messages.error(request, exc.message_fa)
    else:
        messages.success(request, f"جدول زمانی پویش ساخته شد ({len(result.visits)} نوبت).")
    return redirect(campaign)


@login_required
@require_POST
def campaign_deliver(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visit = get_scoped_or_404(CampaignVisit.objects.select_related("campaign"), request.user, VIEW, pk=pk)
    return act(request, visit.campaign, forms.DeliveryForm(request.POST), lambda d: campaigns.campaign_deliver(
        actor=request.user, visit=visit, delivered_on=d["delivered_on"], service=d["service"],
        people_served=d["people_served"], version=d["version"]), "اجرای پویش در محله ثبت شد.")
