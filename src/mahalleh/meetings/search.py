"""Search over meetings and resolutions on normalized text, the same on SQLite and PostgreSQL.

Text is stored as written; ``search_text`` / ``text_normalized`` hold its normalized form
(core.text.normalize: Arabic yeh/kaf, digits, ZWNJ, diacritics…), so «كميته امداد» and
«کمیته امداد» meet, and every word of the query must appear.
"""

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from mahalleh.core.filtersets import search_words

M = TypeVar("M", bound=Model)


def _words(text: str) -> list[str]:
    return search_words(text)  # bounded: the filter set's search field refuses a longer query


def search_meetings(qs: QuerySet[M], text: str) -> QuerySet[M]:
    for word in _words(text):
        qs = qs.filter(
            Q(search_text__contains=word) | Q(pk__in=_resolution_meetings(word))
        )
    return qs


def _resolution_meetings(word: str) -> QuerySet[Any, Any]:
    from mahalleh.meetings.models import Resolution

    return Resolution.objects.filter(text_normalized__contains=word).values("meeting_id")


def search_resolutions(qs: QuerySet[M], text: str) -> QuerySet[M]:
    for word in _words(text):
        qs = qs.filter(Q(text_normalized__contains=word) | Q(responsible_raw__icontains=word))
    return qs
