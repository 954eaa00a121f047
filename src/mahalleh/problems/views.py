"""Staff pages of problems: the list, the phone-first intake with its duplicate suggestions, the
«received» page and printed slip, the detail with its timeline and actions, and photos."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.files import send_bytes, serve_file
from mahalleh.core.forms import KEY_FIELD
from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import VIEW, get_scoped_or_404
from mahalleh.core.services import DomainError, parse_key, replayed
from mahalleh.core.views import ScopedDetailView, ServiceFormView
from mahalleh.problems import codes, duplicates, services
from mahalleh.problems.actions import action_forms
from mahalleh.problems.filtersets import PersonalReadFilterSet, ProblemFilterSet
from mahalleh.problems.forms import IntakeForm, intake_neighborhoods
from mahalleh.problems.models import PersonalDataRead, Problem, ProblemPhoto, ProblemUpdate
from mahalleh.problems.privacy import reporter_of
from mahalleh.problems.slip import render_slip_pdf
from mahalleh.problems.tables import PersonalReadTable, ProblemTable


class ProblemList(ScopedListView):
    # The table's columns only (``ProblemTable``): a page of rows need not carry 60 columns of six models.
    queryset = Problem.objects.select_related("neighborhood", "category", "agency").only(
        "tracking_code", "status", "due_date", "created_at", "neighborhood__name", "category__name", "agency__name")
    filterset_class = ProblemFilterSet
    table_class = ProblemTable
    export_name = "problems"

    def base_queryset(self) -> QuerySet[Problem]:
        return self.queryset.with_overdue(timezone.localdate())


class ProblemDetail(ScopedDetailView[Problem]):
    model = Problem
    template_name = "problems/problem_detail.html"

    def get_queryset(self) -> QuerySet[Problem]:
        user = self.request.user
        qs = Problem.objects.select_related("neighborhood__county", "category__axis", "agency", "duplicate_of")
        updates = ProblemUpdate.objects.restrict(user, VIEW).select_related("author", "from_agency", "to_agency")
        photos: QuerySet[ProblemPhoto] = ProblemPhoto.objects.restrict(user, VIEW)
        qs = qs.prefetch_related(Prefetch("updates", updates), Prefetch("photos", photos))
        return qs.prefetch_related("collaborators")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        problem: Problem = self.object
        user = self.request.user
        ctx["code"] = codes.display(problem.tracking_code)
        ctx["reporter"] = reporter_of(user, problem, purpose="detail")
        ctx["is_overdue"] = problem.is_overdue(timezone.localdate())
        ctx["duplicates"] = list(problem.duplicates.restrict(user, VIEW).only("pk", "tracking_code", "created_at"))
        ctx.update(action_forms(user, problem))
        return ctx


class ProblemCreate(ServiceFormView):
    """The phone-first intake: one screen; a resent form (the same key) answers with the problem made."""

    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin
    form_class = IntakeForm
    template_name = "problems/intake.html"
    partial_template_name = "problems/_intake_form.html"
    success_message = ""

    def render_form(self, form: IntakeForm, status: int = 200) -> HttpResponse:
        # Asked only where the form is shown (a GET, a refused POST): a valid POST names a neighborhood
        # of ``intake_neighborhoods`` and so already proves the user has one.
        if not intake_neighborhoods(self.request.user).exists():
            raise Http404  # no neighborhood to record for: the page is not theirs
        return super().render_form(form, status)

    def get_form(self, data: Any = None, files: Any = None) -> IntakeForm:
        initial = {}
        if data is None and (hood := self.request.GET.get("neighborhood", "")).isdigit():
            initial["neighborhood"] = int(hood)
        return IntakeForm(data, files, user=self.request.user, initial=initial)

    def perform(self, form: IntakeForm) -> Problem:
        data = form.cleaned_data
        original = None
        if data["duplicate_of"]:
            original = Problem.objects.restrict(self.request.user, VIEW).filter(pk=data["duplicate_of"]).first()
            if original is None:
                raise DomainError(services.DUPLICATE_NEEDS_ORIGINAL)
        return services.problem_intake(
            actor=self.request.user, neighborhood=data["neighborhood"], category=data["category"],
            description=data["description"], source=data["source"], reporter_name=data["reporter_name"],
            reporter_mobile=data["reporter_mobile"], may_call_back=data["may_call_back"], sms_consent=data["sms_consent"],
            photos=data["photos"] or (), duplicate_of=original, latitude=data["latitude"], longitude=data["longitude"],
            idempotency_key=data[KEY_FIELD],
        )

    def get_success_url(self, result: Problem) -> str:
        return reverse("problems:problem_received", args=[result.pk])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A key already used answers with its problem before the form is read. The device's queue
        # (static/js/offline.js) may resend a refused problem with its old data after the user fixed it
        # in the form and saved it there under the same key: that counts as sent, not refused again.
        self.load()
        if (key := parse_key(request.POST.get(KEY_FIELD))) is not None:
            try:
                done = replayed(key, request.user)
            except DomainError:
                done = None  # another's key, or its problem gone: the usual path says so
            if isinstance(done, Problem):
                url = self.get_success_url(done)
                return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else HttpResponseRedirect(url)
        return super().post(request, *args, **kwargs)


problem_create = ProblemCreate.as_view()


def _problem(request: HttpRequest, pk: int, action: str = VIEW) -> Problem:
    return get_scoped_or_404(Problem.objects.select_related("neighborhood__county", "category__axis", "agency",
                                                            "duplicate_of"), request.user, action, pk=pk)


def _next_url(request: HttpRequest) -> str | None:
    """Where «ثبت مشکل بعدی» goes when the intake was opened elsewhere (a desk's own intake): a path on
    this site only."""
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


@login_required
def problem_received(request: HttpRequest, pk: int) -> HttpResponse:
    """After intake: the code in large Persian digits to read aloud, the slip to print, the next one."""
    problem = _problem(request, pk)
    ctx = {"object": problem, "code": codes.display(problem.tracking_code),
           "texted": bool(problem.reporter_mobile and problem.sms_consent and not problem.sms_opt_out),
           "next_url": _next_url(request) or f"{reverse('problems:problem_create')}?neighborhood={problem.neighborhood_id}"}
    return render(request, "problems/received.html", ctx)


@login_required
def problem_slip(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The A6 intake slip (PDF) for the resident with no mobile: the code and how to follow it."""
    problem = _problem(request, pk)
    pdf = render_slip_pdf(problem, track_url=request.build_absolute_uri("/track/"))
    return send_bytes(pdf, download_name=f"slip-{problem.tracking_code}.pdf", content_type="application/pdf")


@login_required
def problem_similar(request: HttpRequest) -> HttpResponse:
    """The intake's «is it one of these?» (htmx): similar open problems of that neighborhood and category."""
    params = request.GET
    hood, category = params.get("neighborhood", ""), params.get("category", "")
    found: list[duplicates.Suggestion] = []
    if hood.isdigit() and category.isdigit():
        found = duplicates.similar_open(request.user, neighborhood_id=int(hood), category_id=int(category),
                                        description=params.get("description", ""))
    rows = [{"problem": s.problem, "score": round(s.score), "code": codes.display(s.problem.tracking_code)} for s in found]
    return render(request, "problems/_similar.html", {"suggestions": rows})


@login_required
def problem_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    photo = get_scoped_or_404(ProblemPhoto.objects.all(), request.user, VIEW, pk=pk)
    return serve_file(request, photo.image, download_name=photo.image.name.rsplit("/", 1)[-1])



class PersonalReadList(ScopedListView):
    """Who read which reporter's name and mobile, when: for the province admin (the secretariat)."""

    queryset = PersonalDataRead.objects.select_related("user", "problem")
    filterset_class = PersonalReadFilterSet
    table_class = PersonalReadTable
    export_name = "personal-reads"
