"""Agenda, narrative, and header facts written only in the narrative's first sentence."""

from __future__ import annotations

import re

from mahalleh.core.doctext import WEEKDAY_RE, as_int
from mahalleh.minutes.parsing.header import Header, is_label_line
from mahalleh.minutes.parsing.markers import item_marker
from mahalleh.minutes.parsing.textcache import key, norm, strip_markup

_LI = re.compile(r"<li\b[^>]*>(.*?)(?:</li>|(?=<li\b)|$)", re.S | re.I)
_NARRATIVE_START = re.compile(
    r"(?:برگزار|تشکیل|آغاز|شروع)\s*(?:شد|گردید)|^\S{1,30}(?:مین|ین)\s+(?:جلسه|نشست|صورت\s*جلسه)"
    r"|^(?:پس از تلاوت|در ابتدا|در ابتدای|در این جلسه|با تلاوت)"
)


# «مصوبات چهاردهمین جلسه … مورخ …:» titles the resolutions table, it is not one more agenda item
_RESOLUTIONS_TITLE = re.compile(r"^(?:مصوبات|تصمیمات)(?:\s.*)?[:：]$")


def is_narrative_start(line: str) -> bool:
    return bool(_NARRATIVE_START.search(key(strip_markup(line))))


def _strip_markers(text: str) -> str:
    for _ in range(3):
        marker = item_marker(text)
        if not marker:
            break
        text = marker[1]
    return text.strip()


def find_agenda(lines: list[str], header: Header, *, stop: int) -> tuple[list[str], int, int]:
    """Agenda items, the 1-based line of the first item, and the 0-based line after the agenda."""
    if "agenda" not in header.lines:
        return [], 0, 0
    label = header.lines["agenda"] - 1
    items: list[str] = []
    first = 0
    same_line = header.values.get("agenda", "").strip()
    if same_line and "<li" in lines[label].lower():  # «<p>دستور کار:</p> <ol><li>…</li>…</ol>» on one line
        items.extend(_strip_markers(strip_markup(x)) for x in _LI.findall(lines[label]) if strip_markup(x))
        first = label + 1
    elif same_line:
        items.append(_strip_markers(strip_markup(same_line)))
        first = label + 1
    end = label + 1
    for j in range(label + 1, stop):
        raw = lines[j]
        clean = strip_markup(raw)
        if not clean:
            continue
        if (
            is_label_line(raw)
            or is_narrative_start(raw)
            or len(clean) > 300
            or _RESOLUTIONS_TITLE.match(key(clean))
        ):
            break
        if "<li" in raw.lower():
            lis = [strip_markup(x) for x in _LI.findall(raw)]
            items.extend(_strip_markers(x) for x in lis if x)
            first = first or j + 1
            end = j + 1
            continue
        if "\t" in raw:
            cells = [strip_markup(c) for c in raw.split("\t")]
            cells = [c for c in cells if c and as_int(c) is None]
            if not cells or all(re.match(r"^(?:ردیف|دستور|موضوع|عنوان|شرح)", key(c)) for c in cells):
                end = j + 1
                continue
            clean = max(cells, key=len)
        elif same_line and not item_marker(clean):
            break
        item = _strip_markers(clean)
        if item:
            items.append(item)
            first = first or j + 1
        end = j + 1
    return [i for i in items if i], first, end


def narrative_text(
    lines: list[str], header: Header, *, start: int, stop: int
) -> tuple[str, list[tuple[int, int]]]:
    """Narrative paragraphs joined (lines broken mid-sentence are joined by spaces) and an offset map."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for i in range(start, stop):
        raw = lines[i]
        if i in header.label_lines or "\t" in raw.strip("\t"):
            continue
        clean = strip_markup(raw)
        if not clean:
            continue
        offsets.append((pos, i))
        parts.append(clean)
        pos += len(clean) + 1
    return "\n".join(parts), offsets


def line_of(offsets: list[tuple[int, int]], pos: int) -> int:
    """1-based line of an offset into the narrative text."""
    return max((i for off, i in offsets if off <= pos), default=0) + 1


_ORD = r"((?:\S{1,30}\s+و\s+)?\S{1,30})"  # bounded: an unbroken run must not backtrack
NUMBER_RE = re.compile(rf"{_ORD}\s+(?:صورت\s*جلسه|جلسه|نشست)")
NUMBER_AFTER_RE = re.compile(r"(?:جلسه|صورت\s*جلسه|نشست)\s+(?:شماره\s+)?(\d{1,4})(?!\s*[/\d])")
BODY_RE = re.compile(
    r"(?:^|\s)(?:\S{1,30}(?:مین|ین)\s+)?(?:جلسه|نشست)\s+(.{3,120}?)\s+(?:\(|در\s+سال|در\s+روز|روز|مورخ|ساعت|به\s+ریاست"
    r"|با\s+ریاست|با\s+حضور|در\s+محل|در\s+سالن|رأس|راس|امروز|صبح|عصر|برگزار\s+(?:شد|گردید))"
)
# «ستاد توانمندسازی محلات منطقه ۱۹ صبح روز … تشکیل جلسه داد»: the body is the sentence's subject
BODY_SUBJECT_RE = re.compile(
    r"^(?:به\s+گزارش[^،,]{0,80}[،,]\s*)?((?:قرارگاه|ستاد|کارگروه|شورای|کمیته|کمیسیون)\s.{3,100}?)"
    r"\s+(?:صبح|عصر|امروز|روز|مورخ|ساعت|در\s|با\s|به\s+ریاست)(?=.*تشکیل\s+جلسه\s+(?:داد|دادند))"
)
WEEKDAY_IN_TEXT = re.compile(rf"(?:روز\s+)({WEEKDAY_RE})(?!\S)")
TIME_IN_TEXT = re.compile(
    r"(?:ساعت|رأس\s+ساعت|راس\s+ساعت)\s+(\d{1,2}(?:\s*[:/]\s*\d{1,2})?(?:\s*(?:صبح|عصر|بعد\s*از\s*ظهر|شب))?)"
)
PLACE_IN_TEXT = re.compile(
    r"در\s+(?:محل\s+)?((?:سالن|ساختمان|دفتر|اتاق|تالار|مرکز|محل|سرای|مسجد|حسینیه|خانه\s+محله)\s.+?)(?=\s+(?:با\s|به\s+ریاست|برگزار|و\s+با|تشکیل)|[.،]|$)"
)
CHAIR_IN_TEXT = re.compile(
    r"(?:به|با)\s+ریاست\s+(.+?)(?=\s+(?:و\s+با\s+حضور|و\s+حضور|با\s+حضور|برگزار|شروع|تشکیل|در\s+سالن|در\s+محل)|[.]|$)"
)


def first_sentence(text: str) -> tuple[str, int]:
    """The narrative's first sentence that reports the meeting (it holds ordinal, day, time, place)."""
    k = norm(text)
    for m in re.finditer(r"[^.!؟]+", k):
        if re.search(r"جلسه|نشست", m.group(0)) and re.search(r"برگزار|تشکیل|شروع|آغاز", m.group(0)):
            return text[m.start() : min(m.end(), m.start() + 2000)], m.start()
    head = re.match(r"[^.!؟]*", k)
    return text[: min(head.end(), 2000) if head else 0], 0
