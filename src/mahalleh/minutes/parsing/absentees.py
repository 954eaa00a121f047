"""The absentees list: «اسامی غایبین ...» followed by <li> items, numbered lines or a comma list."""

from __future__ import annotations

import html
import re

from mahalleh.core.doctext import list_marker
from mahalleh.minutes.parsing.header import is_label_line
from mahalleh.minutes.parsing.textcache import key, norm, squash, strip_markup

_HEADING = re.compile(
    r"غایبین|غائبین|غایبان|غائبان|اسامی\s+غایب|دستگاه\s*های\s+غایب|غیبت\s+کنندگان|عدم\s+حضور"
)
_LI = re.compile(r"<li\b[^>]*>(.*?)(?:</li>|(?=<li\b)|$)", re.S | re.I)
_MARKER_CELL = re.compile(r"^\s*\(?\d{1,3}\s*[-.)ـ]?\s*$")  # a cell holding only an item's number
_LEAD_NUM = re.compile(r"^\s*\(?\d{1,3}\s*[-.)ـ]?\s+")


def _clean(item: str) -> str:
    t = strip_markup(html.unescape(item))
    m = _LEAD_NUM.match(norm(t))
    if m:
        t = t[m.end() :]
    return squash(t.strip(" ،,؛;.-–"))


def find_absentees(lines: list[str], *, start: int = 0) -> tuple[list[str], int | None]:
    """Absentees as written and the 0-based line of their heading (None when there is no list)."""
    for i in range(start, len(lines)):
        raw = lines[i]
        k = key(strip_markup(raw))
        m = _HEADING.search(k)
        if not m or len(k) > 2000:
            continue
        if "<li" in raw.lower():
            chunk = raw
            j = i + 1
            while "</ol>" not in chunk.lower() and "</ul>" not in chunk.lower() and j < len(lines):
                chunk += "\n" + lines[j]
                j += 1
            items = [_clean(x) for x in _LI.findall(chunk[raw.lower().find("<li") :])]
            return [x for x in items if x], i
        head = strip_markup(raw)
        after = re.split(r"[:：]", head, maxsplit=1)
        if len(after) == 2 and after[1].strip():
            items = [_clean(x) for x in re.split(r"[،,؛;]|\s+-\s+", after[1])]
            return [x for x in items if x], i
        items = []
        for j in range(i + 1, len(lines)):
            line = strip_markup(lines[j])
            if not line:
                if items:
                    break
                continue
            if is_label_line(lines[j]) or len(line) > 150 or re.search(r"امضا|رونوشت|حاضرین", key(line)):
                break
            cells = [c for c in (strip_markup(c) for c in lines[j].split("\t")) if c]
            numbers = [c for c in cells if _MARKER_CELL.match(norm(c))]
            if len(numbers) > 1:  # a list laid out in columns: «۱-», name, «۳-», name
                items += [_clean(c) for c in cells if c not in numbers]
                continue
            marker = list_marker(line)
            text = max(cells, key=len) if len(cells) > 1 else (marker[1] if marker else line)
            items.append(_clean(text))
        return [x for x in items if x], i
    return [], None
