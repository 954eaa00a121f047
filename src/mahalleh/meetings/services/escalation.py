"""Where a neighborhood problem meets a body: put on a meeting's agenda, answered by a resolution.

Meetings imports problems, never the reverse (the layers of ``pyproject.toml``): the links are
``AgendaItem.problems`` and ``Resolution.problems``, and a problem's page shows them through the
kernel's ``object_panels`` (``meetings.registrations``). The problem's status moves through the problems
services (``problem_set_status``), so its timeline, its audit and the reporter's SMS are theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.db.models import Q, QuerySet

from mahalleh.accounts.models import User
from mahalleh.core.actors import AnyUser
from mahalleh.core.audit import record_event
from mahalleh.core.scoping import CHANGE, VIEW
from mahalleh.core.services import acts, require
from mahalleh.core.text import to_persian_digits
from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import AgendaItem, Body, Meeting, Resolution
from mahalleh.meetings.services._common import refuse_if_approved
from mahalleh.problems import codes
from mahalleh.problems.models import Problem, ProblemUpdate, Status
from mahalleh.problems.permissions import may_route
from mahalleh.problems.services import problem_set_status

NOT_YOURS = "شما اجازه تغییر دستور کار جلسات این نهاد را ندارید."
NONE_CHOSEN = "مشکلی برای طرح در جلسه انتخاب نشده است."
NOT_ROUTER = "طرح مشکل در جلسه با کارشناس فرمانداری همان شهرستان یا دبیرخانه استان است."
CLOSED = "مشکل {code} بسته شده است و در دستور جلسه قرار نمی‌گیرد."
OUTSIDE_BODY = "مشکل {code} در حوزه «{body}» نیست."
ALREADY = "مشکل {code} پیش‌تر در دستور همین جلسه قرار گرفته است."
NOT_ON_AGENDA = "مشکل انتخاب‌شده در دستور کار این جلسه نیست."
ESCALATABLE = (Meeting.Status.PLANNED, Meeting.Status.HELD)


def covers(body: Body, problem: Problem) -> bool:
    """Whether a problem lies within a body's area: a county HQ its county's, a provincial body its province's."""
    hood = problem.neighborhood
    if body.county_id is not None:
        return body.county_id == hood.county_id
    return body.province_id == hood.county.province_id


def meetings_for(user: AnyUser, problem: Problem) -> QuerySet[Meeting]:
    """The meetings whose agenda ``user`` may put ``problem`` on: of a body that covers it, not yet
    approved, that the user records (the escalation form's choices); the coming ones first."""
    hood = problem.neighborhood
    area = Q(body__county_id=hood.county_id) | Q(body__county__isnull=True, body__province_id=hood.county.province_id)
    return (Meeting.objects.restrict(user, CHANGE).filter(area, status__in=ESCALATABLE)
            .select_related("body").order_by("-date", "-number"))


def may_escalate(user: AnyUser, problem: Problem) -> bool:
    """The problem page's «طرح در جلسه»: who routes the problem, while it is open and some meeting takes it."""
    return not problem.is_closed and may_route(user, problem) and meetings_for(user, problem).exists()


def _agenda_text(problems: Sequence[Problem]) -> str:
    hoods = "، ".join(dict.fromkeys(p.neighborhood.name for p in problems))
    items = "؛ ".join(f"{p.category.name} (کد رهگیری {codes.display(p.tracking_code)})" for p in problems)
    return f"طرح مشکلات احصاشده محله {hoods}: {items}"


def _item_for(meeting: Meeting, neighborhood_id: int) -> AgendaItem | None:
    """The meeting's item that already names problems of this neighborhood (new ones are appended to it)."""
    return (meeting.agenda_items.filter(problems__neighborhood_id=neighborhood_id).order_by("order").first())


@acts
@transaction.atomic
def problems_escalate(
    *,
    actor: User,
    problems: Iterable[Problem],
    meeting: Meeting,
    versions: Mapping[int, int] | None = None,
) -> AgendaItem:
    """Put ``problems`` on ``meeting``'s agenda: one item naming them (their categories and tracking codes),
    or the item that already names problems of the same neighborhood, with these appended. Each problem is
    moved to «ارجاع به قرارگاه» (a public update the reporter is texted about) and its timeline says which
    meeting took it. ``versions`` are the problems' versions as the page showed them (problem id → version);
    a problem not in it is claimed at the version read here. All or nothing."""
    chosen = list(problems)
    if not chosen:
        raise MeetingsError(NONE_CHOSEN)
    require(meeting, actor, NOT_YOURS)
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    refuse_if_approved(meeting)
    fresh = list(Problem.objects.select_related("neighborhood__county", "category")
                 .filter(pk__in=[p.pk for p in chosen]).order_by("neighborhood_id", "pk"))
    on_agenda = set(meeting.agenda_items.values_list("problems", flat=True))
    for problem in fresh:
        code = codes.display(problem.tracking_code)
        require(problem, actor, NOT_ROUTER)
        if not may_route(actor, problem):
            raise MeetingsError(NOT_ROUTER)
        if problem.is_closed:
            raise MeetingsError(CLOSED.format(code=code))
        if not covers(meeting.body, problem):
            raise MeetingsError(OUTSIDE_BODY.format(code=code, body=meeting.body.name))
        if problem.pk in on_agenda:
            raise MeetingsError(ALREADY.format(code=code))
    items: dict[int, AgendaItem] = {}
    for hood_id in dict.fromkeys(p.neighborhood_id for p in fresh):
        group = [p for p in fresh if p.neighborhood_id == hood_id]
        item = _item_for(meeting, hood_id)
        if item is None:
            last = meeting.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0
            item = AgendaItem.objects.create(meeting=meeting, order=last + 1, text=_agenda_text(group))
            item.problems.set(group)
        else:
            item.problems.add(*group)
            item.text = _agenda_text(list(item.problems.select_related("neighborhood", "category").order_by("pk")))
            item.save(update_fields=["text"])
        items[hood_id] = item
    versions = versions or {}
    public = f"در دستور {meeting} قرار گرفت."
    for problem in fresh:
        if problem.status != Status.REFERRED:
            problem_set_status(actor=actor, problem=problem, version=versions.get(problem.pk, problem.version),
                               status=Status.REFERRED, text=public, is_public=True)
        order = to_persian_digits(items[problem.neighborhood_id].order)
        ProblemUpdate.objects.create(problem=problem, kind=ProblemUpdate.Kind.ESCALATED, author=actor,
                                     text=f"بند {order} دستور کار {meeting}")
    record_event(meeting, "problems escalated", problems=[p.tracking_code for p in fresh])
    return items[fresh[0].neighborhood_id]


def agenda_problems(meeting: Meeting, user: AnyUser) -> QuerySet[Problem]:
    """The problems on ``meeting``'s agenda that ``user`` reads (what a resolution of it may answer)."""
    return (Problem.objects.restrict(user, VIEW).filter(agenda_items__meeting=meeting).distinct()
            .select_related("category", "neighborhood").order_by("pk"))


def linked_problems(items: Iterable[AgendaItem], user: AnyUser) -> dict[int, list[tuple[Problem, str]]]:
    """The problems each agenda item names that ``user`` reads, with their codes as shown (item id → them):
    one query for the whole agenda."""
    ids = [item.pk for item in items]
    through = AgendaItem.problems.through.objects.filter(agendaitem_id__in=ids)
    readable = {p.pk: p for p in Problem.objects.restrict(user, VIEW).filter(pk__in=through.values("problem_id"))}
    out: dict[int, list[tuple[Problem, str]]] = {}
    for item_id, problem_id in through.order_by("problem_id").values_list("agendaitem_id", "problem_id"):
        if problem_id in readable:
            problem = readable[problem_id]
            out.setdefault(item_id, []).append((problem, codes.display(problem.tracking_code)))
    return out


def link_problems(resolution: Resolution, problems: Iterable[Problem | int], actor: AnyUser) -> None:
    """Make the problems ``resolution`` answers exactly ``problems``, each on its meeting's agenda; the
    newly linked ones get a line on their timeline naming the resolution."""
    ids = list(dict.fromkeys(p if isinstance(p, int) else p.pk for p in problems))
    allowed = set(Problem.objects.filter(pk__in=ids, agenda_items__meeting_id=resolution.meeting_id).values_list("pk", flat=True))
    if len(allowed) != len(ids):
        raise MeetingsError(NOT_ON_AGENDA)
    before = set(resolution.problems.values_list("pk", flat=True))
    resolution.problems.set(ids)
    text = f"مصوبه ردیف {to_persian_digits(resolution.number)} {resolution.meeting} درباره این مشکل ثبت شد."
    for pk in ids:
        if pk not in before:
            ProblemUpdate.objects.create(problem_id=pk, kind=ProblemUpdate.Kind.ESCALATED, text=text,
                                         author_id=getattr(actor, "pk", None))
