"""Resolutions: a tab table (columns possibly reversed), a numbered list, «مقرر شد» lines, or news prose."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mahalleh.core.doctext import as_int
from mahalleh.meetings.deadlines import parse_deadline
from mahalleh.minutes.parsing.markers import item_marker
from mahalleh.minutes.parsing.textcache import key, norm, squash, strip_markup

NUMBER, TEXT, RESP, DEADLINE = "number", "text", "responsible", "deadline"


@dataclass
class RawResolution:
    """A resolution before deadlines and agencies are resolved."""

    number: int | None
    text: str
    responsible: str | None
    deadline: str | None
    line: int  # 0-based


@dataclass
class Found:
    items: list[RawResolution]
    start: int  # 0-based line where the resolutions block (its heading) starts
    end: int  # 0-based line after the block


_HEAD_DEADLINE = re.compile(r"^(?:زمان|مهلت|موعد|تاریخ\s*(?:انجام|اقدام)|زمانبندی|زمان\s*بندی)")
_HEAD_RESP = re.compile(r"^(?:اقدام\s*کننده|مسئول|مسیول|دستگاه|متولی|مجری|پیگیری\s*کننده|اقدام)")
_HEAD_NUMBER = re.compile(r"^(?:ردیف|شماره\s*مصوبه|شماره|ش|#|بند)$")
_HEAD_TEXT = re.compile(
    r"^(?:مصوب|شرح|متن|عنوان|موضوع|تصمیم|درخواست|دستور\s*(?:صادره|العمل)|مشکل|مساله|مسئله)"
)
_OTHER_TABLE = re.compile(r"نام\s*و\s*نام|نام\s*خانوادگی|سمت|امضا|حاضرین|غایبین|غائبین")


# Row numbers past 999: ``as_int`` reads only small numbers (a four-digit cell is more often a year), so a
# long table's rows from 1,000 on were dropped; the number column reads them, and a list its markers
# that carry on the count.
_BIG_INT = re.compile(r"^\s*[(\[]?\s*(\d{4,6})\s*[)\].\-ـ–:]?\s*$")
_BIG_MARK = re.compile(r"^\s*\(?(\d{4,6})\s*[-.)ـ–:]\s*")


def _row_number(cell: str) -> int | None:
    small = as_int(cell)
    if small is not None:
        return small
    m = _BIG_INT.match(norm(strip_markup(cell)))
    return int(m.group(1)) if m else None


def _next_marker(clean: str, items: list[RawResolution]) -> tuple[int | None, str] | None:
    """A list marker, or past 999 one that carries on the items' count («۱۰۰۰- ...» after «۹۹۹- ...»)."""
    marker = item_marker(clean)
    if marker is None and items and items[-1].number is not None and items[-1].number >= 999:
        m = _BIG_MARK.match(norm(clean))
        if m and int(m.group(1)) == items[-1].number + 1:
            return int(m.group(1)), clean[m.end() :]
    return marker


def _role(cell: str) -> str | None:
    k = key(cell).rstrip(":： ").strip()
    if not k:
        return None
    if _HEAD_DEADLINE.match(k):
        return DEADLINE
    if _HEAD_RESP.match(k) and len(k) < 30:
        return RESP
    if _HEAD_NUMBER.match(k):
        return NUMBER
    if _HEAD_TEXT.match(k):
        return TEXT
    return None


def _table_header(line: str) -> list[str] | None:
    """The column roles of a resolutions table header, oriented to start at the number column."""
    if "\t" not in line:
        return None
    cells = [strip_markup(c) for c in line.split("\t")]
    cells = [c for c in cells if c]
    if any(re.search(r"دستور\s*(?:کار|جلسه)", key(c)) for c in cells):
        return None  # an agenda table («ردیف / عنوان دستور کار»), not the resolutions
    found = [_role(c) for c in cells]
    roles = [r for r in found if r is not None]
    if len(cells) < 2 or len(roles) != len(found) or TEXT not in roles or len(set(roles)) != len(roles):
        return None
    if NUMBER in roles and roles[-1] == NUMBER and roles[0] != NUMBER:
        roles.reverse()
    return roles


def _looks_deadline(cell: str) -> bool:
    return bool(cell) and len(cell) <= 40 and parse_deadline(cell).kind != "none"


def _assign(cells: list[str], roles: list[str]) -> dict[str, str] | None:
    """Map one row's cells to roles, using the header order from the number cell outwards."""
    filled = [i for i, c in enumerate(cells) if c]
    if not filled:
        return None
    first, last = filled[0], filled[-1]
    out: dict[str, str] = {}
    if (
        NUMBER in roles
        and as_int(cells[first]) is not None
        and not (as_int(cells[last]) is not None and last != first and len(roles) == 1)
    ):
        order = [(r, first + k) for k, r in enumerate(roles)]
    elif NUMBER in roles and as_int(cells[last]) is not None:
        order = [(r, last - k) for k, r in enumerate(roles)]
    elif NUMBER in roles and _row_number(cells[first]) is not None:
        order = [(r, first + k) for k, r in enumerate(roles)]
    elif NUMBER in roles and _row_number(cells[last]) is not None:
        order = [(r, last - k) for k, r in enumerate(roles)]
    elif NUMBER not in roles:
        order = [(r, first + k) for k, r in enumerate(roles)]
    else:
        return None
    for role, idx in order:
        out[role] = cells[idx] if 0 <= idx < len(cells) else ""
    others = [c for i, c in enumerate(cells) if c and i not in {idx for _, idx in order}]
    if others:
        out[TEXT] = " ".join([out.get(TEXT, ""), *others]).strip()
    return _fix_by_content(out)


def _fix_by_content(row: dict[str, str]) -> dict[str, str]:
    """Columns that slid (a cell looks like another column's content) are put back by what they hold."""
    text, resp, dl = row.get(TEXT, ""), row.get(RESP, ""), row.get(DEADLINE, "")
    cands = [c for c in (text, resp, dl) if c]
    if not cands:
        return row
    longest = max(cands, key=len)
    ok_text = text == longest or "مقرر" in key(text)
    ok_dl = not dl or _looks_deadline(dl)
    if ok_text and ok_dl:
        return row
    new_dl = next((c for c in reversed(cands) if _looks_deadline(c) and c != longest), "")
    rest = [c for c in cands if c is not new_dl]
    new_text = max(rest, key=len) if rest else ""
    new_resp = next((c for c in rest if c is not new_text), "")
    return {**row, TEXT: new_text, RESP: new_resp, DEADLINE: new_dl}


def _table(lines: list[str]) -> Found | None:
    for i, line in enumerate(lines):
        roles = _table_header(line)
        if not roles:
            continue
        items: list[RawResolution] = []
        j = i + 1
        end = j
        while j < len(lines):
            raw = lines[j]
            if not raw.strip():
                j += 1
                continue
            if "\t" not in raw:
                if len(raw.strip()) > 40 or _SECTION.match(key(strip_markup(raw))):
                    break  # prose, or the absentees' (signatures', copies') heading: the table is over
                j += 1
                continue
            cells = [strip_markup(c) for c in raw.split("\t")]
            if _table_header(raw) or (
                _OTHER_TABLE.search(key(" ".join(cells))) and not any(as_int(c) is not None for c in cells)
            ):
                break
            row = _assign(cells, roles)
            if row and row.get(TEXT) and (NUMBER not in roles or _row_number(row.get(NUMBER, "")) is not None):
                items.append(
                    RawResolution(
                        number=_row_number(row[NUMBER]) if NUMBER in row else None,
                        text=row[TEXT],
                        responsible=row.get(RESP) or None,
                        deadline=row.get(DEADLINE) or None,
                        line=j,
                    )
                )
                end = j + 1
            j += 1
        if items:
            return Found(items, i, end)
    return None


_HEADING = re.compile(
    r"^(?:\d+\s*[-.)]\s*)?(?:مصوبات|مصوبه ها|تصمیمات|تصمیمات متخذه|نتایج)(?:\s+\S+){0,7}\s*:?$"
    r"|(?:مصوب|تصویب)\s*(?:گردید|شد|گردیدند|شدند)\s*:$|به شرح (?:زیر|ذیل) (?:است|مصوب|تصویب)\S*\s*(?:گردید|شد)?\s*:?$"
)
_MOQARRAR = re.compile(r"^مقرر\s*(?:گردید|گردیده است|شد|شده است|می\s*گردد|می\s*شود)(?=[\s:：]|$)")
_SECTION = re.compile(r"^\s*(?:اسامی|غایبین|غائبین|غایبان|غائبان|حاضرین|حاضران|امضا|رونوشت|رو نوشت)")
_STOP = re.compile(r"غایبین|غائبین|غایبان|حاضرین|حاضران|اسامی|امضا|رونوشت|رو نوشت|محل امضا")
_INLINE = re.compile(
    r"(?P<label>مسئول\s*(?:پیگیری|اجرا)?|مسیول\s*(?:پیگیری|اجرا)?|اقدام\s*کننده|دستگاه\s*(?:مسئول|مسیول|متولی)|متولی|مجری"
    r"|مهلت\s*(?:اقدام|انجام|اجرا)?|زمان\s*(?:اقدام|انجام|اجرا)|موعد)\s*[:：]"
)


def clean_text(text: str) -> str:
    """Resolution text without markup and without the «مقرر گردید:» opening."""
    t = strip_markup(text)
    m = _MOQARRAR.match(norm(t))
    if m:
        t = t[m.end() :]
        t = re.sub(r"^\s*[:：]?\s*(?:که\s+)?", "", t)
    return squash(t)


def _balanced(value: str, raw: str) -> str:
    """Give back the «)» stripping took from a value that opened a parenthesis («کمیته امداد (ره)»)."""
    while value.count("(") > value.count(")") and raw.strip().startswith(value):
        rest = raw.strip()[len(value) :]
        if not rest.startswith(")"):
            break
        value += ")"
    return value


def _split_inline(text: str) -> tuple[str, str | None, str | None]:
    """«متن (مسئول: X، مهلت: Y)» → (متن, X, Y)."""
    kt = norm(text)
    matches = list(_INLINE.finditer(kt))
    if not matches:
        return text, None, None
    head = text[: matches[0].start()]
    resp = dl = None
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        value = _balanced(text[m.end() : end].strip(" \t،,؛;.)(]-–—/|"), text[m.end() : end])
        label = key(m.group("label"))
        if label.startswith(("مهلت", "زمان", "موعد")):
            dl = dl or value or None
        else:
            resp = resp or value or None
    head = re.sub(r"[\s(\[\-–—/|،,؛;]+$", "", head)
    return head, resp, dl


def _list(lines: list[str]) -> Found | None:
    start = None
    for i, line in enumerate(lines):
        if "\t" not in line and _HEADING.search(key(strip_markup(line))):
            start = i
    candidates = [start] if start is not None else []
    candidates.append(-1)  # no heading: «مقرر شد» lines anywhere
    for start in candidates:
        items: list[RawResolution] = []
        blank_after_item = False
        j = start + 1
        end = j
        while j < len(lines):
            raw = lines[j]
            clean = strip_markup(raw)
            if not clean:
                blank_after_item = bool(items)
                j += 1
                continue
            k = key(clean)
            marker = _next_marker(clean, items)
            body = marker[1].strip() if marker else clean
            is_item = (marker is not None and start >= 0) or bool(_MOQARRAR.match(key(body)))
            if _STOP.match(k) or (start >= 0 and items and _STOP.search(k) and len(k) < 60):
                break
            if is_item and (start >= 0 or _MOQARRAR.match(key(body))):
                number = marker[0] if marker else None
                items.append(RawResolution(number, body, None, None, j))
                end = j + 1
                blank_after_item = False
            elif items and not blank_after_item and start >= 0 and "\t" not in raw:
                items[-1].text += " " + clean
                end = j + 1
            elif items and start >= 0:
                break
            j += 1
        if items:
            for n, item in enumerate(items, 1):
                text, resp, dl = _split_inline(item.text)
                item.text, item.responsible, item.deadline = text, resp, dl
                if item.number is None:
                    item.number = n
            return Found(items, max(start, items[0].line - 1 if start < 0 else start), end)
    return None


_PROSE_BEFORE = re.compile(
    r"(?:از\s+)?(?:اهم|مهمترین|مهم\s*ترین|عمده|جمله)\s+(?:مصوبات|تصمیمات)\s+(?:این|جلسه|نشست)"
    r"|(?<!\S)از\s+(?:مصوبات|تصمیمات)\s+(?:این\s+)?(?:جلسه|نشست)\s+(?:بود|بودند|است|هستند)"
)
_PROSE_AFTER = re.compile(
    r"(?:مصوبات|تصمیمات)\s+(?:این\s+)?(?:جلسه|نشست)\s+(?:عبارت\s+(?:بودند|بود|است)\s+از|به\s+شرح\s+(?:زیر|ذیل)\s+(?:است|بود)|شامل)\s*[:：]?"
    r"|(?P<moqarrar>در\s+(?:پایان\s+)?(?:این\s+)?(?:جلسه|نشست)\s+مقرر\s+(?:شد|گردید)\s*(?:که)?\s*[:：]?)"
)
# «… . همچنین مقرر شد X.»: each further decision of a news report is its own sentence
_ALSO_MOQARRAR = re.compile(r"^\s*(?:همچنین|ضمنا|ضمناً|نیز|و)?\s*مقرر\s+(?:شد|گردید)\s+(?:که\s+)?")
_ACTION = {
    "ثبت",
    "احصا",
    "احصای",
    "احصاء",
    "راه",
    "راه‌اندازی",
    "تدوین",
    "ایجاد",
    "برگزاری",
    "تشکیل",
    "تهیه",
    "پیگیری",
    "تقویت",
    "ارسال",
    "اعزام",
    "تامین",
    "تأمین",
    "توسعه",
    "شناسایی",
    "ساماندهی",
    "تجهیز",
    "بررسی",
    "اجرای",
    "افتتاح",
    "تخصیص",
    "جذب",
    "ارائه",
    "ارایه",
    "استفاده",
    "اختصاص",
    "انجام",
    "تعیین",
    "معرفی",
    "آموزش",
    "حمایت",
    "رفع",
    "تسریع",
    "اطلاع",
    "اعلام",
    "تکمیل",
    "ساخت",
    "احداث",
    "بازسازی",
    "توزیع",
    "پرداخت",
}


def _split_enumeration(text: str) -> list[str]:
    """«الف، ب، پ و ت» → items; «و» splits only before an action noun that starts an item."""
    parts = [p.strip() for p in re.split(r"\s*[،,؛;]\s*", text) if p.strip()]
    if not parts:
        return []
    firsts = {key(p).split(" ")[0] for p in parts}
    last = parts[-1]
    words = last.split(" ")
    for idx in range(len(words) - 1, 0, -1):
        if words[idx] == "و" and idx + 1 < len(words):
            nxt = key(words[idx + 1])
            if nxt in _ACTION or nxt in firsts:
                parts[-1:] = [" ".join(words[:idx]), " ".join(words[idx + 1 :])]
                break
    return [squash(p) for p in parts if p]


def _prose(lines: list[str]) -> Found | None:
    joined, starts = "", []
    for i, line in enumerate(lines):
        if line.strip():
            starts.append((len(joined), i))
            joined += strip_markup(line) + " "
    kj = norm(joined)

    def line_at(pos: int) -> int:
        return max((i for off, i in starts if off <= pos), default=0)

    m = _PROSE_BEFORE.search(kj)
    if m:
        begin = max(kj.rfind(c, 0, m.start()) for c in ".:!؟\n")
        seg = joined[begin + 1 : m.start()]
        lead = len(seg) - len(seg.lstrip())
        items = _split_enumeration(seg.strip())
        if items:
            first = line_at(begin + 1 + lead)
            return Found(
                [RawResolution(n, t, None, None, first) for n, t in enumerate(items, 1)],
                first,
                line_at(m.end()) + 1,
            )
    m = _PROSE_AFTER.search(kj)
    if m:
        stop = kj.find(".", m.end())
        seg = joined[m.end() : stop if stop > 0 else len(joined)]
        if m.group("moqarrar") and not m.group(0).rstrip().endswith((":", "：")):
            # «در پایان جلسه مقرر شد شهرداری … اقدام کند.»: one decision, commas are inside it
            items = [squash(seg) + "."] if stop > 0 and seg.strip() else _split_enumeration(seg.strip())
            items.extend(_further_decisions(joined, kj, stop))
        else:
            items = _split_enumeration(seg.strip())
        if items:
            first = line_at(m.start())
            return Found(
                [RawResolution(n, t, None, None, first) for n, t in enumerate(items, 1)],
                first,
                line_at(m.end()) + 1,
            )
    return None


def _further_decisions(joined: str, kj: str, stop: int) -> list[str]:
    """Sentences after ``stop`` that open with «همچنین مقرر شد», each one decision."""
    found: list[str] = []
    while stop > 0:
        nxt = kj.find(".", stop + 1)
        m = _ALSO_MOQARRAR.match(kj[stop + 1 : nxt if nxt > 0 else len(kj)])
        if not m:
            break
        text = squash(joined[stop + 1 + m.end() : nxt if nxt > 0 else len(joined)])
        if text:
            found.append(text + ("." if nxt > 0 else ""))
        stop = nxt
    return found


def find_resolutions(lines: list[str]) -> Found | None:
    """The first structure that yields resolutions: table, list, then prose."""
    for finder in (_table, _list, _prose):
        found = finder(lines)
        if found:
            for item in found.items:
                item.text = clean_text(item.text)
                item.responsible = squash(strip_markup(item.responsible)) if item.responsible else None
                item.deadline = squash(strip_markup(item.deadline)) if item.deadline else None
            found.items = [i for i in found.items if i.text]
            if found.items:
                return found
    return None
