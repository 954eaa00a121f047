"""Putting a neighborhood problem on a meeting's agenda («طرح در جلسه»), offered on the problem's page
through the kernel's ``object_links``: the page is here because its choices are meetings."""

from typing import Any

from django.http import Http404

from mahalleh.accounts.http import AuthenticatedHttpRequest
from mahalleh.core.scoping import CHANGE, get_scoped_or_404
from mahalleh.core.views import ServiceFormView
from mahalleh.meetings.forms import EscalateForm
from mahalleh.meetings.models import AgendaItem
from mahalleh.meetings.services.escalation import may_escalate, meetings_for, problems_escalate
from mahalleh.problems import codes
from mahalleh.problems.models import Problem


class ProblemEscalate(ServiceFormView):
    request: AuthenticatedHttpRequest  # behind LoginRequiredMixin
    form_class = EscalateForm
    template_name = "meetings/problem_escalate.html"
    success_message = "مشکل در دستور کار جلسه قرار گرفت."

    def load(self) -> None:
        queryset = Problem.objects.select_related("neighborhood__county", "category__axis", "agency")
        self.problem = get_scoped_or_404(queryset, self.request.user, CHANGE, pk=self.kwargs["pk"])
        # the same predicate as the problem page's button: who routes it, while it is open, with a meeting to take it
        if not may_escalate(self.request.user, self.problem):
            raise Http404

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"meetings": meetings_for(self.request.user, self.problem)}

    def get_form(self, data: Any = None, files: Any = None) -> EscalateForm:
        return EscalateForm(data, initial={"version": self.problem.version}, **self.get_form_kwargs())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"problem": self.problem, "code": codes.display(self.problem.tracking_code), **kwargs}

    def perform(self, form: EscalateForm) -> AgendaItem:
        version = form.cleaned_data["version"]
        return problems_escalate(actor=self.request.user, problems=[self.problem], meeting=form.cleaned_data["meeting"],
                                 versions={self.problem.pk: -1 if version is None else version})

    def get_success_url(self, result: AgendaItem) -> str:
        return self.problem.get_absolute_url()


problem_escalate = ProblemEscalate.as_view()
