"""The onboarding pages: the templates to download and the upload that checks, then imports, a workbook."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from mahalleh.administration import selectors
from mahalleh.administration.forms import OnboardingForm
from mahalleh.administration.models import OnboardingRun
from mahalleh.administration.onboarding import workbooks
from mahalleh.administration.onboarding.importer import onboarding_check, onboarding_import
from mahalleh.administration.onboarding.plan import OnboardingRejected
from mahalleh.administration.onboarding.sheets import SHEETS
from mahalleh.administration.views import require_admin
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.services import DomainError

LABELS = {"counties": "شهرستان", "neighborhoods": "محله", "agencies": "دستگاه", "aliases": "نام دیگر دستگاه",
          "users": "کاربر"}


def summary(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(LABELS[k], v) for k, v in counts.items() if k in LABELS]


class Onboarding(LoginRequiredMixin, View):
    template_name = "administration/onboarding.html"

    def page(self, request: HttpRequest, form: OnboardingForm, status: int = 200, **extra: Any) -> HttpResponse:
        provinces = selectors.grantable_provinces(request.user)
        runs = OnboardingRun.objects.filter(province__in=provinces).select_related("province", "actor")
        run = runs.filter(pk=request.GET["run"]).first() if request.GET.get("run", "").isdigit() else None
        ctx = {"form": form, "runs": runs[:20], "sheets": SHEETS, "run": run,
               "run_summary": summary(run.counts) if run else None, **extra}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        actor = require_admin(request)
        return self.page(request, OnboardingForm(user=actor))

    def post(self, request: HttpRequest) -> HttpResponse:
        actor = require_admin(request)
        form = OnboardingForm(request.POST, request.FILES, user=actor)
        if not form.is_valid():
            return self.page(request, form, status=400)
        upload = form.cleaned_data["file"]
        province = form.cleaned_data["province"]
        data = upload.read(workbooks.MAX_BYTES + 1)
        try:
            if form.cleaned_data["dry_run"]:
                plan = onboarding_check(province=province, data=data, actor=actor)
                return self.page(request, form, checked=summary(plan.counts()))
            run = onboarding_import(province=province, data=data, filename=upload.name or "", actor=actor,
                                    idempotency_key=form.cleaned_data.get(KEY_FIELD))
        except OnboardingRejected as exc:
            return self.page(request, form, status=400, problems=exc.problems, rejected=exc.message_fa)
        except DomainError as exc:
            form.add_error(None, exc.message_fa)
            return self.page(request, form, status=400)
        messages.success(request, "همه ردیف‌های کارنامه ثبت شد.")
        fresh = OnboardingForm(user=actor)
        return self.page(request, fresh, run=run, run_summary=summary(run.counts))


class OnboardingTemplate(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        require_admin(request)
        if kind != "all" and kind not in {s.kind for s in SHEETS}:
            raise Http404
        response = HttpResponse(workbooks.template(kind), content_type=workbooks.XLSX)
        response["Content-Disposition"] = f'attachment; filename="mahalleh-{kind}.xlsx"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
