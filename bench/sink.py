"""Writes many rows fast: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Both paths skip ``save()`` and the model signals, so generated rows are NOT audited: the audit log
records acts of people, and a synthetic load of millions of rows would only drown it (core/audit.py
says the same). They also skip ``NormalizedNameMixin.save``, so callers fill ``name_normalized``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 2000


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, ids included) into ``model``'s table; returns the count.

    ``columns`` are attribute names (``agency_id``), which are also the column names of every model
    written this way.
    """
    if is_postgres():
        return _copy_postgres(model, columns, rows)
    return _bulk_create(model, columns, rows)


def _copy_postgres(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    qn = connection.ops.quote_name
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    n = 0
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def _bulk_create(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    batch: list[models.Model] = []
    n = 0
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) >= BATCH:
            model._default_manager.bulk_create(batch)
            n += len(batch)
            batch = []
    if batch:
        model._default_manager.bulk_create(batch)
        n += len(batch)
    return n


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of ``model`` (rows written by COPY carry their own ids)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")
        (top,) = cursor.fetchone()
    return (top or 0) + 1


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    """After explicit ids, move each table's id sequence past them so later inserts do not collide."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@contextmanager
def bulk_load(models_: Sequence[type[models.Model]]) -> Iterator[None]:
    """On PostgreSQL, load ``models_`` without their foreign keys and secondary indexes, then put them back.

    Per-row deferred foreign-key checks and index updates cost more than the COPY itself at a few
    million rows; re-adding a constraint validates it in one join and an index builds in one sort.
    Same transaction: if anything fails, the rollback restores the schema. Primary keys and unique
    constraints stay. Elsewhere this does nothing.
    """
    if not is_postgres():
        yield
        return
    tables = [m._meta.db_table for m in models_]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)", [tables])
        fks = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [tables])
        indexes = cursor.fetchall()
        qn = connection.ops.quote_name
        # Dropping a foreign key touches the referenced table too, which must have no pending deferred
        # checks (the registry rows just written): run those checks now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _ in fks:
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in fks:
            cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's INITIALLY DEFERRED
