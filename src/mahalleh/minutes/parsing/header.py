"""Header fields: a labels row over a values row (tab table) or «label : value» lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mahalleh.minutes.parsing.textcache import key, norm, strip_markup

# field → labels as written (normalized by ``key`` before matching); longer labels win.
LABELS: dict[str, list[str]] = {
    "invitation_date": ["تاریخ دعوتنامه", "تاریخ دعوت نامه", "تاریخ نامه دعوت"],
    "invitation_number": ["شماره دعوتنامه", "شماره دعوت نامه", "شماره نامه دعوت"],
    "number": ["شماره جلسه", "شماره صورتجلسه", "شماره صورت جلسه", "جلسه شماره"],
    "date": ["تاریخ تشکیل جلسه", "تاریخ تشکیل", "تاریخ جلسه", "تاریخ برگزاری", "تاریخ برگزاری جلسه", "تاریخ"],
    "weekday": ["روز برگزاری", "روز هفته", "روز"],
    "time": ["ساعت شروع", "ساعت تشکیل", "ساعت برگزاری", "ساعت جلسه", "ساعت", "زمان جلسه", "زمان برگزاری"],
    "place": [
        "محل تشکیل جلسه",
        "محل تشکیل",
        "محل برگزاری",
        "محل جلسه",
        "محل",
        "مکان جلسه",
        "مکان برگزاری",
        "مکان",
    ],
    "subject": ["عنوان جلسه", "موضوع جلسه", "موضوع", "عنوان"],
    "body": ["نام کارگروه", "نام قرارگاه", "نام ستاد", "کمیته", "نام جلسه"],
    "chair": ["رئیس جلسه", "رییس جلسه", "ریاست جلسه", "رئیس", "رییس"],
    "secretary": ["دبیر جلسه", "دبیر"],
    "agenda": ["دستور کار جلسه", "دستور کار", "دستورکار", "دستور جلسه", "دستورات جلسه"],
    "narrative": ["شرح مذاکرات", "خلاصه مذاکرات", "شرح جلسه", "خلاصه جلسه", "مذاکرات"],
}
_LABEL_OF: dict[str, str] = {}
for _field, _labels in LABELS.items():
    for _label in _labels:
        _LABEL_OF[key(_label)] = _field
_ALT = "|".join(re.escape(k).replace(r"\ ", r"\s*") for k in sorted(_LABEL_OF, key=len, reverse=True))
_LABEL_RE = re.compile(rf"(?:^|(?<=[\s،,\-–|(]))({_ALT})\s*[:：]")
_BARE_LABEL_RE = re.compile(rf"^({_ALT})\s*[:：]?$")


def field_of(label: str) -> str | None:
    return _LABEL_OF.get(re.sub(r"\s+", " ", label).strip())


@dataclass
class Header:
    """Raw header values as written, each with its 1-based line."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    label_lines: set[int] = field(default_factory=set)  # 0-based indexes of lines that are header

    def put(self, name: str, value: str, index: int) -> None:
        value = value.strip(" :：-–\t")
        if name not in self.values and (value or name in ("agenda", "narrative")):
            self.values[name] = value
            self.lines[name] = index + 1


def _cells(line: str) -> list[str]:
    return [strip_markup(c) for c in line.split("\t")]


def is_label_line(line: str) -> bool:
    """Whether a line starts with a known «label:»."""
    k = key(strip_markup(line))
    return bool(_LABEL_RE.match(k) or _BARE_LABEL_RE.match(k))


def parse_header(lines: list[str], *, stop: int) -> Header:
    """Scan lines [0, stop) for header tables and «label: value» lines."""
    header = Header()
    skip: set[int] = set()
    for i in range(stop):
        line = lines[i]
        if i in skip or not line.strip():
            continue
        cells = _cells(line)
        if line.count("\t") >= 1:
            names = [_BARE_LABEL_RE.match(key(c)) for c in cells]
            labelled = [field_of(m.group(1)) if m else None for m in names]
            n_labels = sum(1 for x in labelled if x)
            if n_labels >= 2 and n_labels >= len([c for c in cells if c]) - 1:
                j = i + 1
                while j < stop and not lines[j].strip():
                    j += 1
                if j < stop:
                    values = _cells(lines[j])
                    for k, name in enumerate(labelled):
                        if name and k < len(values):
                            header.put(name, values[k], j)
                    skip.add(j)
                header.label_lines.update({i, j})
                continue
        bare = _BARE_LABEL_RE.match(key(strip_markup(line))) if "\t" not in line else None
        if bare and field_of(key(bare.group(1))) in ("agenda", "narrative"):
            name = field_of(key(bare.group(1)))
            if name and name not in header.values:
                header.values[name], header.lines[name] = "", i + 1
            header.label_lines.add(i)
            continue
        found_any = False
        for cell in cells:
            kc = norm(cell)
            matches = list(_LABEL_RE.finditer(kc))
            for n, m in enumerate(matches):
                name = field_of(key(m.group(1)))
                if not name:
                    continue
                end = matches[n + 1].start() if n + 1 < len(matches) else len(cell)
                value = cell[m.end() : end].strip()
                found_any = True
                if not value and name not in ("agenda", "narrative") and len(matches) == 1:
                    j = i + 1
                    while j < stop and not lines[j].strip():
                        j += 1
                    nxt = strip_markup(lines[j]) if j < stop else ""
                    if nxt and "\t" not in lines[j] and len(nxt) < 200 and not is_label_line(lines[j]):
                        header.put(name, nxt, j)
                        skip.add(j)
                        header.label_lines.add(j)
                        continue
                if name == "agenda" and "agenda" not in header.values:
                    header.values["agenda"] = value
                    header.lines["agenda"] = i + 1
                else:
                    header.put(name, value, i)
        if found_any:
            header.label_lines.add(i)
    return header
