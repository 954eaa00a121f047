"""Read queries compiled once per shape and run again with new values, for the hot read paths.

Building and compiling a big ORM query (the agency inbox: 28 columns over six tables and two correlated
subqueries; the scorecards: two aggregates of nine figures under a ``UNION ALL``) costs 1–9 ms of
Python per call, as much as the database's own work on a small result. A ``PreparedQuery`` wraps the
function that builds the queryset from its inputs. On the first call for a given *shape* of inputs (the
same number of ids in each list, the same roles in the user's scope, the same optional inputs left out)
it builds the queryset from stand-in values, compiles it, and records where each stand-in landed among
the SQL parameters; later calls of that shape only put their own values in those places and run the
SQL, then convert the rows exactly as Django would (its converters, e.g. SQLite's dates).

It is checked, not assumed: the query is compiled three times, from two different sets of stand-ins and
from the real inputs, and is prepared only if all three give the same SQL text, every parameter that
differs between the two stand-in sets is a stand-in, and the real inputs land where their stand-ins did.
A build function that derives a parameter from an input (a date plus a day), or whose SQL depends on an
input's value and not only on its shape, fails that check: it is then simply built and run through the
ORM on every call (``prepared`` is False; the tests assert it is True where the speed matters). What no
check can see is a branch on a value that the first call and both stand-ins happen to agree on: build
functions must use their inputs only in filters and expressions, never in an ``if``.

Inputs may be: ``int``; ``datetime.date``; ``None``; ``bool`` and ``str`` (part of the shape, e.g. an
action); a list, tuple, set or frozenset of ints; a ``core.scoping.Scope``. The build function must only
*use* them in filters and expressions, not branch on how they relate to one another (the stand-ins of
one call are all distinct).
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

from mahalleh.core.scoping import Scope

log = logging.getLogger(__name__)

# Stand-ins no real row has: ids far below zero (within 32 bits), dates in the first centuries of the common
# era. Spaced by a prime, another for each set, so that no input plus or minus a small number (a derived
# value: a day later, the next id) is ever another input's stand-in, in either set.
_INT_BASES = (-1_000_000_000, -1_100_000_000)
_INT_STEPS = (7_919, 104_729)  # 3,000 ids of the second set still end above -1.5 × 10⁹
_DATE_BASES = (datetime.date(1, 1, 1), datetime.date(200, 7, 15))  # other months, weekdays and years
_DATE_STEPS = (397, 1_009)  # days: a few date inputs per query, so centuries apart at most
PLANS = 256


@dataclass(frozen=True)
class _Slot:
    """Where a SQL parameter comes from: ``key`` into the flattened inputs; ``as_text`` when the backend
    passes it as text (SQLite's dates)."""

    key: tuple[Any, ...] | None  # None: a constant
    constant: Any = None
    as_text: bool = False


@dataclass(frozen=True)
class _Plan:
    model: type[Any]
    sql: str | None  # None: the query can have no rows (e.g. an empty IN list)
    slots: tuple[_Slot, ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]
    width: int | None  # trim each row to this many columns (ORDER BY columns Django added to the SELECT)


class _Inputs:
    """The inputs of one call as a shape (what the SQL text depends on) and flat values (what goes into
    parameters), and stand-ins of the same shape."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.flat: dict[tuple[Any, ...], Any] = {}
        self.shape = tuple(sorted((name, self._walk((name,), value)) for name, value in values.items()))
        self.names = values

    def _walk(self, key: tuple[Any, ...], value: Any) -> Any:
        if value is None or isinstance(value, bool | str):
            return ("const", value)
        if isinstance(value, int):
            self.flat[key] = value
            return "int"
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            self.flat[key] = value
            return "date"
        if isinstance(value, list | tuple | set | frozenset):
            # A list keeps its order (``ids[0]`` is the first one); a set has none, so it is sorted.
            items = sorted(value) if isinstance(value, set | frozenset) else list(value)
            if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
                raise TypeError("فقط فهرست شناسه‌های عددی پشتیبانی می‌شود.")
            for i, item in enumerate(items):
                self.flat[(*key, i)] = item
            return (type(value).__name__, len(items))
        if isinstance(value, Scope):
            provinces = sorted(value.province_ids | value.province_roles.keys())
            for i, p in enumerate(provinces):
                self.flat[(*key, "province", i)] = p
            for part in ("county_ids", "agency_ids", "neighborhood_ids"):
                for i, item in enumerate(sorted(getattr(value, part))):
                    self.flat[(*key, part, i)] = item
            return ("scope", value.is_global, value.can_write_global, tuple(sorted(value.roles)),
                    tuple((p in value.province_ids, tuple(sorted(value.province_roles.get(p, ())))) for p in provinces),
                    len(value.county_ids), len(value.agency_ids), len(value.neighborhood_ids))
        raise TypeError(f"ورودی از نوع {type(value).__name__} پشتیبانی نمی‌شود.")

    def stand_ins(self, variant: int) -> tuple[dict[str, Any], dict[Any, tuple[Any, ...]]]:
        """Inputs of the same shape whose every int and date is a distinct stand-in, and the stand-in → key map."""
        counter = iter(range(1, 1_000_000))
        back: dict[Any, tuple[Any, ...]] = {}

        def stand_in(key: tuple[Any, ...]) -> Any:
            n = next(counter)
            real = self.flat[key]
            value = (_INT_BASES[variant] - n * _INT_STEPS[variant] if isinstance(real, int)
                     else _DATE_BASES[variant] + datetime.timedelta(days=n * _DATE_STEPS[variant]))
            back[value] = key
            return value

        def rebuild(key: tuple[Any, ...], value: Any) -> Any:
            if value is None or isinstance(value, bool | str):
                return value
            if isinstance(value, int | datetime.date):
                return stand_in(key)
            if isinstance(value, list | tuple | set | frozenset):
                return type(value)(stand_in((*key, i)) for i in range(len(value)))
            assert isinstance(value, Scope)
            provinces = sorted(value.province_ids | value.province_roles.keys())
            fake = {p: stand_in((*key, "province", i)) for i, p in enumerate(provinces)}
            parts = {part: frozenset(stand_in((*key, part, i)) for i in range(len(getattr(value, part))))
                     for part in ("county_ids", "agency_ids", "neighborhood_ids")}
            return Scope(is_global=value.is_global, can_write_global=value.can_write_global, roles=value.roles,
                         province_ids=frozenset(fake[p] for p in value.province_ids),
                         province_roles={fake[p]: roles for p, roles in value.province_roles.items()}, **parts)

        return {name: rebuild((name,), value) for name, value in self.names.items()}, back


class PreparedQuery:
    """``build(**inputs) -> QuerySet`` (of ``values_list`` rows), run as prepared SQL; see the module."""

    def __init__(self, build: Callable[..., QuerySet[Any]]) -> None:
        self.build = build
        # By (database vendor, shape of the inputs); None: could not be prepared, built through the ORM.
        # Shapes are few (roles × lengths of id lists); the oldest go first past PLANS.
        self._plans: dict[tuple[Any, ...], _Plan | None] = {}
        self._lock = threading.Lock()  # a web server's threads share the plans
        self._model: type[Any] | None = None

    def rows(self, **inputs: Any) -> list[tuple[Any, ...]]:
        """The rows ``list(build(**inputs))`` would return."""
        given = _Inputs(inputs)
        queryset = None
        if self._model is None:  # the first call learns the model, hence the database (router) to read from
            queryset = self.build(**inputs)
            self._model = queryset.model
        db = router.db_for_read(self._model)
        key = (connections[db].vendor, given.shape)
        try:
            plan = self._plans[key]
        except KeyError:
            plan = self._prepare(given, db)  # outside the lock: two threads may both prepare, the same plan
            with self._lock:
                self._plans[key] = plan
                while len(self._plans) > PLANS:
                    self._plans.pop(next(iter(self._plans)), None)
        if plan is None:
            return list(queryset if queryset is not None else self.build(**inputs))
        return _run(plan, given, db)

    @property
    def prepared(self) -> bool:
        """Whether every shape seen so far runs as prepared SQL."""
        with self._lock:
            plans = list(self._plans.values())
        return bool(plans) and all(p is not None for p in plans)

    @staticmethod
    def _compile(queryset: QuerySet[Any], db: str, compiler: Any = None) -> tuple[str, list[Any]]:
        compiler = compiler or queryset.query.get_compiler(using=db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return "", []
        return sql, list(params)

    def _prepare(self, given: _Inputs, db: str) -> _Plan | None:
        compiled = []
        for variant in (0, 1):
            values, back = given.stand_ins(variant)
            queryset = self.build(**values)
            compiler = queryset.query.get_compiler(using=db)
            sql, params = self._compile(queryset, db, compiler)
            compiled.append((queryset.model, compiler, sql, params, back))
        (model, compiler, sql, params, back), (_, _, other_sql, other_params, other_back) = compiled
        name = getattr(self.build, "__qualname__", repr(self.build))
        real_sql, real_params = self._compile(self.build(**given.names), db)
        if not (sql == other_sql == real_sql) or not (len(params) == len(other_params) == len(real_params)):
            log.warning("prepared query %s: its SQL depends on input values; built through the ORM", name)
            return None
        if not sql:
            return _Plan(model, None, (), (), None)
        texts, other_texts = ({str(v): k for v, k in b.items()} for b in (back, other_back))
        slots = []
        for a, b in zip(params, other_params, strict=True):
            if _hashable(a) and a in back and other_back.get(b) == back[a]:
                slots.append(_Slot(back[a]))
            elif isinstance(a, str) and a in texts and other_texts.get(b) == texts[a]:
                slots.append(_Slot(texts[a], as_text=True))
            elif type(a) is type(b) and a == b:
                slots.append(_Slot(None, a))
            else:
                log.warning("prepared query %s: a parameter is derived from an input; built through the ORM", name)
                return None
        # The real inputs must land where their stand-ins did.
        if _fill(slots, given) != real_params:
            log.warning("prepared query %s: the real inputs do not land where their stand-ins did; built through "
                        "the ORM", name)
            return None
        fields = [s[0] for s in compiler.select[0:compiler.col_count]]
        converters = tuple((i, tuple(convs), expression)
                           for i, (convs, expression) in compiler.get_converters(fields).items())
        width = compiler.col_count if compiler.has_extra_select else None
        return _Plan(model, sql, tuple(slots), converters, width)


def _fill(slots: Iterable[_Slot], given: _Inputs) -> list[Any]:
    flat = given.flat
    return [slot.constant if slot.key is None else str(flat[slot.key]) if slot.as_text else flat[slot.key]
            for slot in slots]


def _run(plan: _Plan, given: _Inputs, db: str) -> list[tuple[Any, ...]]:
    if plan.sql is None:
        return []
    params = _fill(plan.slots, given)
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, params)
        rows: list[Any] = cursor.fetchall()
    if plan.width is not None:
        rows = [row[:plan.width] for row in rows]
    if not plan.converters:
        return [tuple(row) for row in rows]
    converted = []
    for row in rows:
        values = list(row)
        for i, convs, expression in plan.converters:
            value = values[i]
            for convert in convs:
                value = convert(value, expression, connection)
            values[i] = value
        converted.append(tuple(values))
    return converted


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
