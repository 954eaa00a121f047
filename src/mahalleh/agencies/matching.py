"""Match agency names as written in minutes to the province's registry.

A cell of a resolutions table may name several agencies with no clean separator
(«فرمانداری چهارباغ کلیه دستگاههای اجرایی استان»), and names themselves contain «و» and «،»
(«اداره کل تعاون، کار و رفاه اجتماعی»), so the cell is not split first: it is tokenized and the
longest known name (canonical name, alias or group phrase) is taken greedily at each position.
Whatever is left over is split on separators and «و» and matched fuzzily.

The registry of a province is loaded once per process and kept under the registry stamp it was read
with (``RegistryStamp``, renewed in the same transaction by every change to agencies, aliases,
groups, counties or provinces: ``agencies.signals``). Each match reads the stamp (one small query)
and reloads when it differs, so a write in any worker reaches every worker at once. Entries also
expire after a few minutes because bulk writes (the benchmark generator) bypass signals.

A body's members (for «ادارات عضو کارگروه») come from the caller, which knows the body.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from mahalleh.agencies.models import Agency, AgencyAlias, AgencyGroup, RegistryStamp
from mahalleh.core.text import normalize
from mahalleh.places.models import Province

# Who the members of the meeting's body are: agency id -> name, in the order to show; asked only
# when a cell says «the members».
BodyMembers = Callable[[], Mapping[int, str]]

Method = Literal["exact", "alias", "group", "fuzzy", "none"]

FUZZY_CUTOFF = 86.0
CACHE_SECONDS = 300.0
CONFIDENCE = {"exact": 1.0, "alias": 0.97, "group": 0.95, "shared": 0.9}


@dataclass(frozen=True)
class AgencyMatch:
    """One agency named in a piece of text.

    ``body_members`` marks a phrase such as «ادارات عضو کارگروه» that stands for the members of the
    body whose minutes these are, when no body was given to resolve it: ``agency_id`` is then None and
    the caller expands it itself.
    """

    written: str
    agency_id: int | None
    agency_name: str | None
    confidence: float
    method: Method
    body_members: bool = False

    @property
    def matched(self) -> bool:
        return self.agency_id is not None


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------

# Words dropped everywhere: honorifics and the «(ره)», «(ع)» after holy names, which minutes use
# inconsistently. «حضرت» goes too: «فرمان امام» and «فرمان حضرت امام» are the same headquarters.
HONORIFICS = frozenset(
    {
        "محترم",
        "محترمه",
        "جناب",
        "اقای",
        "سرکار",
        "خانم",
        "دکتر",
        "مهندس",
        "حضرت",
        "ره",
        "ع",
        "عج",
        "س",
        "مدظله",
        "العالی",
    }
)
# Words that carry no agency on their own when left over between names.
FILLER = frozenset(
    {"و", "استان", "نیز", "با", "همکاری", "سایر", "ذیربط", "مربوطه", "توسط", "کلیه", "تمامی", "البرز"}
)
PLURAL_SUFFIXES = ("ها", "های", "هایی")
SOFT, HARD = "،", "|"

_EXTRA = str.maketrans(
    {"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی", "ء": None, "\u200d": None}
)
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed]")
_HTML = re.compile(r"<[^>]+>|&nbsp;|\*\*|__")
_TOKEN = re.compile(r"[^\W_]+|[،,]|[/\\\-–—;؛|\n]")


@dataclass(frozen=True)
class _Tok:
    norm: str
    start: int
    end: int


def _norm_word(word: str) -> str:
    return normalize(word).translate(_EXTRA).replace(" ", "")


def _tokenize(text: str) -> tuple[str, list[_Tok]]:
    """The cleaned text and its tokens (normalized words, SOFT and HARD separators) with their spans."""
    # Diacritics go before tokenizing: they are not word characters and would split words.
    clean = _DIACRITICS.sub("", _HTML.sub(" ", text or ""))
    tokens: list[_Tok] = []
    for m in _TOKEN.finditer(clean):
        raw = m.group()
        if raw in "،,":
            tokens.append(_Tok(SOFT, m.start(), m.end()))
            continue
        if not raw[0].isalnum():
            tokens.append(_Tok(HARD, m.start(), m.end()))
            continue
        word = _norm_word(raw)
        if not word or word in HONORIFICS:
            # «امام (ره)»: the dropped word still belongs to the span of the name before it.
            if tokens and tokens[-1].norm not in (SOFT, HARD):
                prev = tokens.pop()
                tokens.append(_Tok(prev.norm, prev.start, m.end()))
            continue
        # «شهرداری‌ها», «شهرداری ها» and «شهرداریها» are one word.
        if word in PLURAL_SUFFIXES and tokens and tokens[-1].norm not in (SOFT, HARD):
            prev = tokens.pop()
            tokens.append(_Tok(prev.norm + word, prev.start, m.end()))
            continue
        tokens.append(_Tok(word, m.start(), m.end()))
    return clean, tokens


def _span(clean: str, first: _Tok, last: _Tok) -> str:
    """The text from ``first`` to ``last``, with the closing parenthesis it opened («(ره)», «( کرج و فردیس )»)."""
    end = last.end
    text = clean[first.start : end]
    if text.count("(") > text.count(")"):
        close = clean.find(")", end)
        if close != -1 and not clean[end:close].strip():
            end = close + 1
    return clean[first.start : end].strip()


def name_key(name: str) -> tuple[str, ...]:
    """The key a name is looked up by: its normalized words, without separators."""
    return tuple(t.norm for t in _tokenize(name)[1] if t.norm not in (SOFT, HARD))


def _singular(word: str) -> str | None:
    for suffix in ("هایی", "های", "ها"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return None


# ---------------------------------------------------------------------------------------------
# The registry of one province
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    method: Method
    agency_ids: tuple[int, ...]  # empty for a group that stands for a body's members
    is_group: bool = False


@dataclass
class _Registry:
    names: dict[int, str]
    keys: dict[tuple[str, ...], _Entry]
    max_len: int
    choices: list[str] = field(default_factory=list)
    choice_entries: list[_Entry] = field(default_factory=list)
    stamp: uuid.UUID | None = None
    loaded_at: float = field(default_factory=time.monotonic)


def _variants(key: tuple[str, ...], province_words: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    """Spellings minutes use for the same name: with or without «استان (البرز)» and «شهرستان»."""
    suffixes = [("استان", *province_words), ("استان",), province_words]
    base = key
    for suffix in suffixes:
        if suffix and len(key) > len(suffix) and key[-len(suffix) :] == suffix:
            base = key[: -len(suffix)]
            break
    yield base
    for suffix in suffixes:
        if suffix:
            yield base + suffix
    if "شهرستان" in key:
        yield tuple(w for w in key if w != "شهرستان")


def _build(province_id: int) -> _Registry:
    province = Province.objects.filter(pk=province_id).first()
    if province is None:
        raise ValueError(f"استان با شناسه {province_id} پیدا نشد؛ تطبیق دستگاه‌ها بدون استان ممکن نیست.")
    province_words = name_key(province.name)
    agencies = list(Agency.objects.filter(province_id=province_id, is_active=True).values_list("id", "name"))
    names = dict(agencies)
    aliases = list(
        AgencyAlias.objects.filter(agency__province_id=province_id, agency__is_active=True).values_list(
            "agency_id", "name"
        )
    )
    groups: dict[str, list[int]] = {}
    for group in AgencyGroup.objects.filter(province_id=province_id).prefetch_related("members"):
        groups[group.name] = [a.pk for a in group.members.all() if a.pk in names]

    explicit: dict[tuple[str, ...], _Entry] = {}
    derived: dict[tuple[str, ...], _Entry | None] = {}  # None: two agencies share it, so it names neither

    def add(name: str, entry: _Entry) -> None:
        key = name_key(name)
        if not key:
            return
        # Earlier additions win: canonical names, then aliases, then group phrases.
        explicit.setdefault(key, entry)
        for variant in _variants(key, province_words):
            if variant and variant != key:
                seen = derived.get(variant, entry)
                same = seen is not None and (seen.agency_ids, seen.is_group) == (
                    entry.agency_ids,
                    entry.is_group,
                )
                derived[variant] = seen if same else None

    for agency_id, name in agencies:
        add(name, _Entry("exact", (agency_id,)))
    for agency_id, name in aliases:
        add(name, _Entry("alias", (agency_id,)))
    for name, members in groups.items():
        add(name, _Entry("group", tuple(members), is_group=True))

    keys = dict(explicit)
    for key, derived_entry in derived.items():
        if derived_entry is not None:
            keys.setdefault(key, derived_entry)
    registry = _Registry(names=names, keys=keys, max_len=max((len(k) for k in keys), default=1))
    for key, entry in keys.items():
        if not entry.is_group:
            registry.choices.append(" ".join(key))
            registry.choice_entries.append(entry)
    return registry


_cache: dict[int, _Registry] = {}
_lock = threading.Lock()


def _registry(province: Province | int) -> _Registry:
    province_id = province if isinstance(province, int) else province.pk
    # Read before building: a write that lands while building then shows as a new stamp next time.
    stamp = RegistryStamp.read()
    registry = _cache.get(province_id)
    if registry is None or registry.stamp != stamp or time.monotonic() - registry.loaded_at > CACHE_SECONDS:
        registry = _build(province_id)
        registry.stamp = stamp
        with _lock:
            _cache[province_id] = registry
    return registry


def clear_cache() -> None:
    """Forget this process's loaded registries (after bulk writes that bypass the stamp)."""
    with _lock:
        _cache.clear()


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


def _lookup(registry: _Registry, tokens: list[_Tok], i: int) -> tuple[_Entry, int, tuple[str, ...]] | None:
    """The longest known name starting at token i: (entry, index after it, key). Commas may sit inside."""
    words: list[str] = []
    ends: list[int] = []
    j = i
    while j < len(tokens) and len(words) < registry.max_len:
        norm = tokens[j].norm
        if norm == HARD:
            break
        if norm != SOFT:
            words.append(norm)
            ends.append(j + 1)
        j += 1
    if not words:
        return None
    first_alternatives = [words[0]]
    singular = _singular(words[0])
    if singular:  # «شهرداری های کرج» is «شهرداری کرج»
        first_alternatives.append(singular)
    best: tuple[_Entry, int, tuple[str, ...]] | None = None
    for first in first_alternatives:
        for n in range(len(words), 0, -1):
            key = (first, *words[1:n])
            entry = registry.keys.get(key)
            if entry is not None:
                if best is None or ends[n - 1] > best[1]:
                    best = (entry, ends[n - 1], key)
                break
    return best


def _next_word(tokens: list[_Tok], j: int) -> int | None:
    while j < len(tokens) and tokens[j].norm == SOFT:
        j += 1
    return j if j < len(tokens) and tokens[j].norm != HARD else None


def _shared_word(
    registry: _Registry, tokens: list[_Tok], key: tuple[str, ...], end: int
) -> tuple[_Entry, int] | None:
    """«شهرداری کرج و فردیس»: after a name, «و Y» where «<head> Y» is a known name sharing the head."""
    j = _next_word(tokens, end)
    if j is None or tokens[j].norm != "و":
        return None
    k = _next_word(tokens, j + 1)
    if k is None or _lookup(registry, tokens, k) is not None:
        return None  # what follows is a name of its own
    for cut in (1, 2):
        if len(key) <= cut:
            break
        head = key[:-cut]
        for n in range(registry.max_len, 0, -1):
            words = [t.norm for t in tokens[k : k + n] if t.norm not in (SOFT, HARD)]
            if len(words) < n or any(t.norm == HARD for t in tokens[k : k + n]):
                continue
            entry = registry.keys.get((*head, *words))
            if entry is not None and not entry.is_group:
                return entry, k + n
    return None


def _fuzzy(registry: _Registry, words: list[str]) -> tuple[_Entry, float] | None:
    query = " ".join(words)
    if len(query.replace(" ", "")) < 3 or not registry.choices:
        return None
    # token_sort_ratio, not token_set_ratio: the latter scores «اداره کل» 100 against every «اداره کل …».
    found = process.extractOne(
        query, registry.choices, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF
    )
    if found is None:
        return None
    _choice, score, index = found
    return registry.choice_entries[index], min(score, 99.0) / 100.0


def _leftovers(registry: _Registry, clean: str, tokens: list[_Tok]) -> list[AgencyMatch]:
    """Fuzzy matches for a run of unmatched tokens: per comma-separated part, then per «و»-separated piece."""
    results: list[AgencyMatch] = []
    parts: list[list[_Tok]] = [[]]
    for tok in tokens:
        if tok.norm in (SOFT, HARD):
            parts.append([])
        else:
            parts[-1].append(tok)
    for part in parts:
        part = _strip_filler(part)
        if not part:
            continue
        hit = _fuzzy(registry, [t.norm for t in part])
        if hit is not None:
            results.extend(_emit(registry, _span(clean, part[0], part[-1]), hit[0], "fuzzy", hit[1]))
            continue
        pieces: list[list[_Tok]] = [[]]
        for tok in part:
            if tok.norm == "و":
                pieces.append([])
            else:
                pieces[-1].append(tok)
        for piece in pieces:
            piece = _strip_filler(piece)
            if not piece:
                continue
            written = _span(clean, piece[0], piece[-1])
            hit = _fuzzy(registry, [t.norm for t in piece]) if len(pieces) > 1 else None
            if hit is not None:
                results.extend(_emit(registry, written, hit[0], "fuzzy", hit[1]))
            else:
                results.append(AgencyMatch(written, None, None, 0.0, "none"))
    return results


def _strip_filler(tokens: list[_Tok]) -> list[_Tok]:
    start, end = 0, len(tokens)
    while start < end and (tokens[start].norm in FILLER or tokens[start].norm.isdigit()):
        start += 1
    while end > start and (tokens[end - 1].norm in FILLER or tokens[end - 1].norm.isdigit()):
        end -= 1
    return tokens[start:end]


def _emit(
    registry: _Registry,
    written: str,
    entry: _Entry,
    method: Method,
    confidence: float,
    body_members: Mapping[int, str] | None = None,
) -> list[AgencyMatch]:
    if entry.is_group:
        if not entry.agency_ids:
            if body_members:
                return [
                    AgencyMatch(written, pk, name, CONFIDENCE["group"], "group")
                    for pk, name in body_members.items()
                ]
            return [AgencyMatch(written, None, None, CONFIDENCE["group"], "group", body_members=True)]
        return [
            AgencyMatch(written, pk, registry.names[pk], CONFIDENCE["group"], "group")
            for pk in entry.agency_ids
        ]
    pk = entry.agency_ids[0]
    return [AgencyMatch(written, pk, registry.names[pk], confidence, method)]


def match_agencies(
    written: str, *, province: Province | int, body_members: BodyMembers | None = None
) -> list[AgencyMatch]:
    """Every agency a piece of text names, in order, each once.

    Group phrases expand to one match per member; a phrase for "the members of this body" expands to
    what ``body_members()`` returns, or to one ``body_members=True`` marker when it is None. Parts
    that match nothing come back with method "none" so the caller can show them for manual resolution.
    """
    registry = _registry(province)
    clean, tokens = _tokenize(written)
    results: list[AgencyMatch] = []
    members_cache: Mapping[int, str] | None = None
    unmatched: list[_Tok] = []
    i = 0
    while i < len(tokens):
        found = _lookup(registry, tokens, i) if tokens[i].norm not in (SOFT, HARD) else None
        if found is None:
            unmatched.append(tokens[i])
            i += 1
            continue
        results.extend(_leftovers(registry, clean, unmatched))
        unmatched = []
        entry, end, key = found
        if entry.is_group and not entry.agency_ids and members_cache is None:
            members_cache = dict(body_members()) if body_members is not None else {}
        results.extend(
            _emit(
                registry,
                _span(clean, tokens[i], tokens[end - 1]),
                entry,
                entry.method,
                CONFIDENCE[entry.method],
                members_cache,
            )
        )
        start = i
        i = end
        while not entry.is_group:
            shared = _shared_word(registry, tokens, key, i)
            if shared is None:
                break
            shared_entry, i = shared
            results.extend(
                _emit(
                    registry,
                    _span(clean, tokens[start], tokens[i - 1]),
                    shared_entry,
                    shared_entry.method,
                    CONFIDENCE["shared"],
                )
            )
    results.extend(_leftovers(registry, clean, unmatched))
    return _dedupe(results)


def _dedupe(results: list[AgencyMatch]) -> list[AgencyMatch]:
    seen: set[int] = set()
    out: list[AgencyMatch] = []
    for match in results:
        if match.agency_id is not None:
            if match.agency_id in seen:
                continue
            seen.add(match.agency_id)
        out.append(match)
    return out


def match_one(written: str, *, province: Province | int) -> AgencyMatch:
    """The single agency a name stands for (an absentee line, a name in prose); method "none" if unsure."""
    registry = _registry(province)
    key = name_key(written)
    entry = registry.keys.get(key)
    if entry is not None and not entry.is_group:
        return _emit(registry, written.strip(), entry, entry.method, CONFIDENCE[entry.method])[0]
    matches = [m for m in match_agencies(written, province=province) if m.method != "none"]
    if len(matches) == 1:
        return matches[0]
    hit = _fuzzy(registry, list(key))
    if hit is not None:
        return _emit(registry, written.strip(), hit[0], "fuzzy", hit[1])[0]
    return AgencyMatch(written.strip(), None, None, 0.0, "none")
