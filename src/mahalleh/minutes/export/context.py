"""Everything the official minutes print, gathered from a meeting in a constant number of queries.

The PDF and the Word renderers read only the plain dataclasses built here, so the layout rules
(Persian digits, ordinal subject, who acts on each resolution, the deadline column) live in one
place and the renderers never touch the database.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from mahalleh.core.jalali import format_jalali, weekday_name
from mahalleh.core.text import to_persian_digits
from mahalleh.meetings.models import Assignment, Attendance, DeadlineKind, Meeting, Resolution

# The heading of the provincial social secretariat as the seeds print it.
DEPUTY_HEADING = "معاونت سیاسی، امنیتی و اجتماعی"
DEFAULT_SECRETARIAT = "اداره کل امور اجتماعی و فرهنگی"

HEADER_LABELS = ("تاریخ تشکیل", "روز", "ساعت", "محل تشکیل جلسه", "شماره دعوتنامه", "تاریخ دعوتنامه")
RESOLUTION_COLUMNS = ("ردیف", "مصوبات", "اقدام کننده", "زمان اقدام")
LEAD_IN = "مقرر گردید:"
AGENCY_SEPARATOR = "، "

# Deadlines with no text as written still have a conventional wording in minutes.
_DEADLINE_WORDS: dict[str, str] = {DeadlineKind.CONTINUOUS: "بطور مستمر", DeadlineKind.ASAP: "در اسرع وقت"}

_BOLD_TAG = re.compile(r"<\s*/?\s*(?:b|strong)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/tr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_LEAD_IN = re.compile(r"^\s*مقرر\s*گردید\s*[:：]\s*")
_SPACES = re.compile(r"[ \t\u00a0]+")


class MeetingNotFound(LookupError):
    """The meeting to export does not exist."""


@dataclass(frozen=True)
class Segment:
    """A run of text, bold or not (names in the narrative are bold in the seeds)."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class ResolutionRow:
    number: str
    text: str
    agencies: str
    deadline: str
    lead_in: str = ""  # «مقرر گردید:», printed bold before the text


@dataclass(frozen=True)
class MinutesContext:
    """One meeting's official minutes, every string ready to print (Persian digits)."""

    meeting_id: int
    org_lines: list[str]
    subject: str
    title: str
    header_labels: tuple[str, ...]
    header_values: list[str]
    chair: str
    secretary: str
    agenda: list[str]
    narrative: list[list[Segment]]
    resolutions_title: str
    resolution_columns: tuple[str, ...]
    resolutions: list[ResolutionRow]
    absentees_title: str
    absentees: list[str] = field(default_factory=list)


def _ordinal(n: int | None) -> str:
    """«چهاردهمین», or «» when there is no number or the ordinal helper cannot spell it."""
    if not n:
        return ""
    try:
        from mahalleh.core.ordinals import int_to_ordinal
    except ImportError:  # the helper may not exist in every checkout yet
        return ""
    try:
        return int_to_ordinal(n)
    except ValueError:
        return ""


def format_time(t: datetime.time | None) -> str:
    """«۷:۳۰» as the minutes write a start time; empty when unknown."""
    if t is None:
        return ""
    return to_persian_digits(f"{t.hour}:{t.minute:02d}")


def _clean(text: str) -> str:
    """Plain printable text: tags removed, entities decoded, spaces collapsed, Persian digits."""
    t = _TAG.sub("", _BLOCK_TAG.sub("\n", text or ""))
    t = html.unescape(t)
    lines = [_SPACES.sub(" ", line).strip() for line in t.splitlines()]
    return to_persian_digits("\n".join(line for line in lines if line))


def _segments(paragraph: str) -> list[Segment]:
    """Split on ``**`` / ``<b>`` into alternating plain and bold runs."""
    marked = _BOLD_TAG.sub("**", paragraph)
    segments = []
    for i, piece in enumerate(marked.split("**")):
        text = html.unescape(_TAG.sub("", piece))
        text = to_persian_digits(_SPACES.sub(" ", text))
        if text.strip():
            segments.append(Segment(text=text, bold=i % 2 == 1))
    if segments:  # the paragraph's outer spaces are layout, not text
        segments[0] = Segment(segments[0].text.lstrip(), segments[0].bold)
        segments[-1] = Segment(segments[-1].text.rstrip(), segments[-1].bold)
    return segments


def _narrative(text: str) -> list[list[Segment]]:
    paragraphs = _BLOCK_TAG.sub("\n", text or "").splitlines()
    return [segs for p in paragraphs if (segs := _segments(p))]


def _agencies(resolution: Resolution) -> str:
    """Lead agency first, then the others by name; the text as written when nobody is assigned."""
    assignments = sorted(resolution.assignments.all(), key=lambda a: (not a.is_lead, a.agency.name))
    if assignments:
        return to_persian_digits(AGENCY_SEPARATOR.join(a.agency.name for a in assignments))
    return _clean(resolution.responsible_raw)


def _deadline(resolution: Resolution) -> str:
    if resolution.deadline_raw.strip():
        return _clean(resolution.deadline_raw)
    if resolution.due_date:
        return format_jalali(resolution.due_date)
    return _DEADLINE_WORDS.get(resolution.deadline_kind, "")


def _resolution_row(resolution: Resolution) -> ResolutionRow:
    text = _clean(resolution.text).replace("\n", " ").replace("**", "")
    match = _LEAD_IN.match(text)
    return ResolutionRow(
        number=to_persian_digits(resolution.number),
        text=text[match.end() :] if match else text,
        agencies=_agencies(resolution),
        deadline=_deadline(resolution),
        lead_in=LEAD_IN if match else "",
    )


def load_meeting(meeting: Meeting | int) -> Meeting:
    """The meeting with everything printed prefetched: five queries whatever its size."""
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    queryset = Meeting.objects.select_related("body__province", "body__secretariat").prefetch_related(
        "agenda_items",
        Prefetch(
            "resolutions",
            queryset=Resolution.objects.order_by("number").prefetch_related(
                Prefetch("assignments", queryset=Assignment.objects.select_related("agency"))
            ),
        ),
        Prefetch(
            "attendances",
            queryset=Attendance.objects.filter(status=Attendance.Status.ABSENT).select_related("agency"),
            to_attr="absent_rows",
        ),
    )
    try:
        return queryset.get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise MeetingNotFound(f"جلسه‌ای با شناسه «{to_persian_digits(pk)}» پیدا نشد.") from None


def build_minutes_context(meeting: Meeting | int) -> MinutesContext:
    """Gather one meeting's minutes for printing (see ``load_meeting`` for the queries)."""
    m = load_meeting(meeting)
    body = m.body
    ordinal = _ordinal(m.number)
    body_name = to_persian_digits(body.name)
    if ordinal:
        subject = f"{ordinal} صورتجلسه {body_name}"
        session = f"{ordinal} جلسه {body_name}"
    elif m.number:
        subject = f"صورتجلسه شماره {to_persian_digits(m.number)} {body_name}"
        session = f"جلسه شماره {to_persian_digits(m.number)} {body_name}"
    else:
        subject = f"صورتجلسه {body_name}"
        session = f"جلسه {body_name}"
    secretariat = body.secretariat.name if body.secretariat else DEFAULT_SECRETARIAT
    date = format_jalali(m.date)
    absent_rows: list[Attendance] = m.absent_rows  # type: ignore[attr-defined]  # set by Prefetch(to_attr=), which django-stubs cannot see
    absentees = [to_persian_digits(a.agency.name) for a in sorted(absent_rows, key=lambda a: a.agency.name)]
    return MinutesContext(
        meeting_id=m.pk,
        org_lines=[
            f"استانداری {to_persian_digits(body.province.name)}",
            f"{DEPUTY_HEADING} – {to_persian_digits(secretariat)}",
        ],
        subject=subject,
        title=f"{subject} – {date}",
        header_labels=HEADER_LABELS,
        header_values=[
            date,
            weekday_name(m.date),
            format_time(m.start_time),
            to_persian_digits(m.place),
            to_persian_digits(m.invitation_number),
            format_jalali(m.invitation_date),
        ],
        chair=to_persian_digits(m.chair),
        secretary=to_persian_digits(m.secretary),
        agenda=[_clean(item.text).replace("\n", " ") for item in m.agenda_items.all()],
        narrative=_narrative(m.narrative),
        resolutions_title=f"مصوبات {session} مورخ {date}",
        resolution_columns=RESOLUTION_COLUMNS,
        resolutions=[_resolution_row(r) for r in m.resolutions.all()],
        absentees_title=f"اسامی غایبین {session}",
        absentees=absentees,
    )
