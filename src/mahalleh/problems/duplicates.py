"""Duplicate suggestions at intake: open problems of the same neighborhood and category whose words
are close to the new one's, as FixMyStreet offers «is it one of these?» before a second report.

Text is compared in its normalized form (``core.text.normalize``: «ك» as «ک», ZWNJ and diacritics
folded) with rapidfuzz's ``token_set_ratio``, so word order and extra words matter little. The same on
SQLite and PostgreSQL; the candidates are bounded (the newest ``CANDIDATES`` open problems of that
neighborhood and category), so the cost does not grow with the province.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from mahalleh.core.actors import AnyUser
from mahalleh.core.scoping import VIEW
from mahalleh.core.text import normalize
from mahalleh.problems.models import Problem

CANDIDATES = 200
THRESHOLD = 60.0
LIMIT = 5


@dataclass(frozen=True)
class Suggestion:
    problem: Problem
    score: float


def similar_open(user: AnyUser, *, neighborhood_id: int, category_id: int, description: str,
                 limit: int = LIMIT, exclude: int | None = None) -> list[Suggestion]:
    """The open problems the user may see that look like this one, best first (none for a short text)."""
    text = normalize(description or "")
    if len(text) < 4:
        return []
    candidates = (Problem.objects.restrict(user, VIEW).open()
                  .filter(neighborhood_id=neighborhood_id, category_id=category_id)
                  .select_related("category", "agency").order_by("-created_at")[:CANDIDATES])
    found = []
    for problem in candidates:
        if problem.pk == exclude:
            continue
        score = fuzz.token_set_ratio(text, problem.description_normalized)
        if score >= THRESHOLD:
            found.append(Suggestion(problem, score))
    found.sort(key=lambda s: (-s.score, -s.problem.pk))
    return found[:limit]
