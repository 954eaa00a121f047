from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mahalleh.core.lists import ScopedListView
from mahalleh.core.scoping import CHANGE, VIEW
from mahalleh.core.views import ScopedDetailView
from mahalleh.problems import codes
from mahalleh.problems.filtersets import ProblemFilterSet
from mahalleh.problems.models import Problem, ProblemUpdate
from mahalleh.problems.privacy import reporter_of
from mahalleh.problems.tables import ProblemTable


class ProblemList(ScopedListView):
    queryset = Problem.objects.select_related("neighborhood", "category", "agency")
    filterset_class = ProblemFilterSet
    table_class = ProblemTable
    export_name = "problems"


class ProblemDetail(ScopedDetailView[Problem]):
    model = Problem
    template_name = "problems/problem_detail.html"

    def get_queryset(self) -> QuerySet[Problem]:
        user = self.request.user
        qs = Problem.objects.select_related("neighborhood__county", "category__axis", "agency", "duplicate_of")
        updates = ProblemUpdate.objects.restrict(user, VIEW).select_related("author", "from_agency", "to_agency")
        return qs.prefetch_related(Prefetch("updates", updates))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        problem: Problem = self.object
        ctx["code"] = codes.display(problem.tracking_code)
        ctx["reporter"] = reporter_of(self.request.user, problem, purpose="detail")
        ctx["is_overdue"] = problem.is_overdue(timezone.localdate())
        ctx["can_change_problem"] = Problem.objects.restrict(self.request.user, CHANGE).filter(pk=problem.pk).exists()
        return ctx
