"""``parse_document``: bytes of a minutes file → ``ParsedMinutes`` (pure extraction, no database writes)."""

from __future__ import annotations

import logging
import re
from typing import Any

from mahalleh.core.doctext import WEEKDAY_RE, as_int, find_date, latin_digits, parse_time, weekday_canonical
from mahalleh.core.ordinals import ordinal_to_int
from mahalleh.core.text import to_persian_digits
from mahalleh.meetings.deadlines import due_date, parse_deadline
from mahalleh.minutes.parsing import textcache
from mahalleh.minutes.parsing.absentees import find_absentees
from mahalleh.minutes.parsing.errors import MinutesError
from mahalleh.minutes.parsing.extract import extract_text
from mahalleh.minutes.parsing.header import Header, parse_header
from mahalleh.minutes.parsing.markers import read_time
from mahalleh.minutes.parsing.model import Absentee, ParsedMinutes, ParsedResolution, Responsible
from mahalleh.minutes.parsing.narrative import (
    BODY_RE,
    BODY_SUBJECT_RE,
    CHAIR_IN_TEXT,
    NUMBER_AFTER_RE,
    NUMBER_RE,
    PLACE_IN_TEXT,
    TIME_IN_TEXT,
    WEEKDAY_IN_TEXT,
    find_agenda,
    first_sentence,
    is_narrative_start,
    line_of,
    narrative_text,
)
from mahalleh.minutes.parsing.resolutions import find_resolutions
from mahalleh.minutes.parsing.textcache import key, norm, squash, strip_markup

log = logging.getLogger(__name__)

_BODY_WORDS = re.compile(r"قرارگاه|ستاد|کارگروه|شورا|کمیته|کمیسیون|جلسه|نشست|هیئت|هیات")
_TITLE_WORDS = re.compile(r"صورت\s*جلسه|قرارگاه|ستاد|کارگروه|شورا|کمیته|کمیسیون")
_BODY_NAMES = {"قرارگاه", "ستاد", "کارگروه", "شورای", "کمیته", "کمیسیون", "هیئت", "هیات"}
_SKIP_TOKENS = {"صورتجلسه", "صورت", "جلسه", "نشست", "و", "شماره"}


# More resolutions than this in one document are refused, never cut (the review form posts them all).
MAX_RESOLUTIONS = 2000


def parse_document(data: bytes, filename: str, *, province: Any = None) -> ParsedMinutes:
    """Read one minutes file. Raises only ``MinutesError`` (Persian message).

    In this process: the importer reads uploads through ``parsing.limited`` (a child process with limits).
    """
    return resolve_references(read_document(data, filename), province=province)


def read_document(data: bytes, filename: str) -> ParsedMinutes:
    """What the file says, without the database: agencies unmatched, due dates not computed
    (``resolve_references`` adds them). Raises only ``MinutesError``, or ``MemoryError``."""
    try:
        return read_text(extract_text(data, filename))
    except (MinutesError, MemoryError):
        raise
    except Exception as e:  # the contract is «MinutesError or a result», whatever broke
        log.exception("minutes parser failed on %s", filename)
        raise MinutesError("خواندن این صورتجلسه با خطای غیرمنتظره روبه‌رو شد؛ لطفاً فایل را بررسی کنید.") from e


def _number_in(text: str) -> int | None:
    k = norm(text)
    for m in NUMBER_RE.finditer(k):
        words = text[m.start(1) : m.end(1)].split()
        for n in range(len(words)):
            value = ordinal_to_int(" ".join(words[n:]))
            if value:
                return value
    after = NUMBER_AFTER_RE.search(k)
    return int(after.group(1)) if after else None


def body_from_subject(subject: str) -> str | None:
    """«چهاردهمین صورتجلسه قرارگاه اجتماعی استان» → «قرارگاه اجتماعی استان»."""
    # what follows the name is the date, the number or the topic («… با محوریت محلات کم برخوردار»)
    s = re.split(
        r"\s+(?:مورخ|مورخه|در\s+تاریخ|بتاریخ|به\s+تاریخ|شماره\s+\S+$"
        r"|با\s+(?:محوریت|موضوع|دستور|حضور)|در\s+خصوص|درباره|پیرامون)",
        subject,
    )[0]
    words = s.split()
    # «برگزاری نشست ستاد ...», «صورتجلسه هفتمین جلسه کارگروه ...»: the body follows the first «جلسه».
    keys = [key(w) for w in words]
    for n, (k, nxt) in enumerate(zip(keys, [*keys[1:], ""], strict=True)):
        if k in ("صورتجلسه", "جلسه", "نشست") or (k == "صورت" and nxt == "جلسه"):
            words = words[n:]
            break
    while words and (
        key(words[0]) in _SKIP_TOKENS or ordinal_to_int(words[0]) or as_int(words[0]) is not None
    ):
        words.pop(0)
    # «میز خدمت ستاد …», «گزارش کارگروه …»: a few words ahead of the body's own name are not part of it
    for n, w in enumerate(words[:4]):
        if n and key(w) in _BODY_NAMES:
            words = words[n:]
            break
    body = " ".join(words).strip(" :-–")
    return body or None


def _header_fields(result: ParsedMinutes, header: Header) -> None:
    v, lines = header.values, header.lines

    def take(name: str, value: Any, src: str | None = None) -> None:
        if value is not None and value != "" and getattr(result, name) in (None, ""):
            setattr(result, name, value)
            result.sources[name] = lines[src or name]

    if "subject" in v:
        take("subject", strip_markup(v["subject"]))
    if "body" in v:
        take("body", strip_markup(v["body"]))
    if "number" in v:
        take("number", as_int(v["number"]) or ordinal_to_int(v["number"]) or _number_in(v["number"]))
    if "date" in v:
        found = find_date(v["date"])
        take("date", found[0] if found else None)
        m = re.search(WEEKDAY_RE, norm(v["date"]))
        if m:
            take("weekday", weekday_canonical(m.group(0)), "date")
    if "weekday" in v:
        m = re.search(WEEKDAY_RE, norm(v["weekday"]))
        take("weekday", weekday_canonical(m.group(0)) if m else None)
    if "time" in v:
        take("time", read_time(v["time"]))
    if "place" in v:
        take("place", strip_markup(v["place"]))
    if "invitation_number" in v:
        take("invitation_number", re.sub(r"\s+", "", latin_digits(strip_markup(v["invitation_number"]))))
    if "invitation_date" in v:
        found = find_date(v["invitation_date"])
        take("invitation_date", found[0] if found else None)
    for name in ("chair", "secretary"):
        if name in v:
            take(name, strip_markup(v[name]))


def _fill_from_narrative(result: ParsedMinutes, narrative: str, offsets: list[tuple[int, int]]) -> None:
    sentence, base = first_sentence(narrative)
    k = norm(sentence)

    def take(name: str, value: Any, pos: int) -> None:
        if value not in (None, "") and getattr(result, name) in (None, ""):
            setattr(result, name, value)
            result.sources[name] = line_of(offsets, base + pos)

    n = _number_in(sentence)
    if n:
        take("number", n, 0)
    m = BODY_RE.search(k) or BODY_SUBJECT_RE.search(k.lstrip())
    if m:
        shift = len(k) - len(k.lstrip()) if m.re is BODY_SUBJECT_RE else 0
        take("body", squash(sentence[shift + m.start(1) : shift + m.end(1)]), shift + m.start(1))
    m = WEEKDAY_IN_TEXT.search(k)
    if m:
        take("weekday", weekday_canonical(m.group(1)), m.start(1))
    found = find_date(sentence)
    if found:
        take("date", found[0], found[1])
    m = TIME_IN_TEXT.search(k)
    if m:
        take("time", parse_time(m.group(1)), m.start(1))
    m = PLACE_IN_TEXT.search(k)
    if m:
        take("place", squash(sentence[m.start(1) : m.end(1)]), m.start(1))
    m = CHAIR_IN_TEXT.search(k)
    if m:
        take("chair", squash(sentence[m.start(1) : m.end(1)]), m.start(1))


def _responsible(written: str | None, province: Any) -> list[Responsible]:
    if not written:
        return []
    if province is not None:
        try:
            from mahalleh.agencies.matching import match_agencies

            matches = match_agencies(written, province=province)
        except Exception:  # matching is best effort; the review screen lets people fix it
            log.warning("agency matching failed for %r", written, exc_info=True)
        else:
            if matches:
                return [
                    Responsible(
                        written=m.written,
                        agency_id=m.agency_id,
                        agency_name=m.agency_name,
                        confidence=float(m.confidence or 0.0),
                    )
                    for m in matches
                ]
    return [Responsible(written=written)]


def _absentee(written: str, province: Any) -> Absentee:
    found = _responsible(written, province) if province is not None else []
    match = found[0] if found and found[0].agency_id is not None else None
    return Absentee(written, match.agency_id if match else None, match.agency_name if match else None)


def _due(raw: str | None, meeting_date: Any) -> tuple[str, Any]:
    deadline = parse_deadline(raw)
    try:
        return deadline.kind, due_date(deadline, meeting_date)
    except Exception:  # working days read closures from the database, which may be unavailable
        log.warning("due date not computed for %r", raw, exc_info=True)
        return deadline.kind, None


def parse_text(text: str, *, province: Any = None) -> ParsedMinutes:
    """Parse extracted text (see ``extract_text``)."""
    return resolve_references(read_text(text), province=province)


def resolve_references(result: ParsedMinutes, *, province: Any = None) -> ParsedMinutes:
    """What needs the database: the agencies named (with a province) and the resolutions' due dates."""
    for r in result.resolutions:
        r.responsible = _responsible(r.responsible_written, province)
        r.deadline_kind, r.due_date = _due(r.deadline_raw, result.date)
    result.absentees = [_absentee(a.written, province) for a in result.absentees]
    return result


def read_text(text: str) -> ParsedMinutes:
    """Parse extracted text without the database (see ``resolve_references``)."""
    textcache.clear()
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    found = find_resolutions(lines)
    stop = found.start if found else len(lines)
    header = parse_header(lines, stop=stop)
    result = ParsedMinutes(text=text)
    _header_fields(result, header)
    agenda, agenda_line, agenda_end = find_agenda(lines, header, stop=stop)
    result.agenda = agenda
    if agenda:
        result.sources["agenda"] = agenda_line
    start = max(
        [agenda_end, header.lines.get("narrative", 0)] + [i + 1 for i in header.label_lines if i < stop]
    )
    narrative, offsets = narrative_text(lines, header, start=start, stop=stop)
    if not narrative.strip() and start:
        narrative, offsets = narrative_text(lines, header, start=0, stop=stop)
    if narrative:
        result.narrative = narrative
        result.sources["narrative"] = offsets[0][1] + 1
    # The title lines (before any header) often carry the subject: «موضوع: چهاردهمین صورتجلسه ...».
    if result.subject is None:
        # Prefer a title that names the meeting («جلسه شماره ۵ کارگروه ...») over the letterhead.
        titles = sorted(range(min(stop, 8)), key=lambda i: not re.search(r"جلسه|نشست", key(lines[i])))
        for i in titles:
            line = lines[i]
            clean = strip_markup(line.replace("\t", " "))
            if (
                clean
                and len(clean) < 150
                and i not in header.label_lines
                and _TITLE_WORDS.search(key(clean))
                and not re.search(rf"روز\s+{WEEKDAY_RE}|مورخ|برگزار", key(clean))
            ):
                result.subject, result.sources["subject"] = clean, i + 1
                break
            if re.search(r"جلسه|نشست", key(clean)):
                break  # the narrative has begun; a title comes before it
        if result.subject is None:
            first = next((i for i, line in enumerate(lines[:stop]) if line.strip()), None)
            if first is not None and first not in header.label_lines:
                clean = strip_markup(lines[first].replace("\t", " "))
                if len(clean) < 150 and not is_narrative_start(clean):
                    result.subject, result.sources["subject"] = clean, first + 1
    if result.subject:
        n = _number_in(result.subject)
        if n and result.number is None:
            result.number, result.sources["number"] = n, result.sources["subject"]
        body = body_from_subject(result.subject)
        from_label = "subject" in header.values or re.search(r"جلسه|نشست", key(result.subject))
        if (
            body
            and result.body is None
            and _BODY_WORDS.search(key(result.subject))
            and len(body) < 120
            and from_label
        ):
            result.body, result.sources["body"] = body, result.sources["subject"]
    if narrative:
        _fill_from_narrative(result, narrative, offsets)
    if found and result.number is None and found.start < len(lines):
        n = _number_in(strip_markup(lines[found.start].replace("\t", " ")))
        if n:
            result.number, result.sources["number"] = n, found.start + 1
    if found and len(found.items) > MAX_RESOLUTIONS:
        raise MinutesError(
            f"این صورتجلسه {to_persian_digits(f'{len(found.items):,}').replace(',', '٬')} مصوبه دارد و بیش از "
            f"{to_persian_digits(f'{MAX_RESOLUTIONS:,}').replace(',', '٬')} مصوبه در یک نوبت وارد نمی‌شود؛ "
            "آن را در چند پرونده بفرستید."
        )
    if found:
        for item in found.items:
            result.resolutions.append(
                ParsedResolution(
                    number=item.number,
                    text=item.text,
                    responsible_written=item.responsible,
                    responsible=[Responsible(written=item.responsible)] if item.responsible else [],
                    deadline_raw=item.deadline,
                    deadline_kind=parse_deadline(item.deadline).kind,
                    line=item.line + 1,
                )
            )
    absentees, absentee_line = find_absentees(lines, start=found.start if found else 0)
    result.absentees = [Absentee(a) for a in absentees]
    if absentee_line is not None and absentees:
        result.sources["absentees"] = absentee_line + 1
    if not result.resolutions:
        if result.date is None and result.body is None and result.number is None:
            raise MinutesError("این فایل صورتجلسه به نظر نمی‌رسد: سربرگ، تاریخ و مصوبه‌ای در آن پیدا نشد.")
        raise MinutesError(
            "در این صورتجلسه هیچ مصوبه‌ای پیدا نشد؛ جدول مصوبات، فهرست شماره‌دار یا بندهای «مقرر گردید» را بررسی کنید."
        )
    return result
