"""`mahalleh backup` → `mahalleh restore`: every row of every table and every stored file comes back identical,
on the vendor the suite runs on (SQLite by default; PostgreSQL with DATABASE_URL=postgres://…, as CI's second run);
and the refusals: a database with data, a non-empty MEDIA_ROOT, a broken or tampered archive, the other vendor."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from mahalleh.demo.loader import load_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the restore runs in another process: data is committed

MAHALLEH = str(Path(sys.executable).with_name("mahalleh"))
A_FILE = "reports/2026/scan.pdf"


class Target:
    """An empty database for the restore (SQLite: a new file; PostgreSQL: a new database name) and its MEDIA_ROOT."""

    def __init__(self, tmp_path: Path, name: str) -> None:
        self.media = tmp_path / f"{name}-media"
        s = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = tmp_path / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.dbname = f"{s['NAME']}_{name}"
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            self.url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{self.dbname}"
            self.pg = {"user": s["USER"], "password": s["PASSWORD"] or None, "host": s["HOST"] or "127.0.0.1",
                       "port": s["PORT"] or 5432}
            self.drop()

    def mahalleh(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mahalleh.config.settings", "DATABASE_URL": self.url,
               "MEDIA_ROOT": str(self.media)}
        return subprocess.run([MAHALLEH, *args], env=env, capture_output=True, text=True, timeout=300,
                              cwd=self.media.parent)

    def exists(self) -> bool:
        if connection.vendor == "sqlite":
            return self.path.exists()
        with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.dbname]).fetchone() is not None

    def create(self) -> None:
        if connection.vendor == "postgresql":
            with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as conn:
                conn.execute(f'CREATE DATABASE "{self.dbname}"')

    def drop(self) -> None:
        if connection.vendor == "postgresql":
            with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')

    def rows(self) -> dict[str, list[Any]]:
        if connection.vendor == "sqlite":
            conn = sqlite3.connect(self.path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
            try:
                return all_rows(conn.cursor())
            finally:
                conn.close()
        with psycopg.connect(dbname=self.dbname, autocommit=True, **self.pg) as conn:
            conn.execute("SET TIME ZONE 'UTC'")
            return all_rows(conn.cursor())


def tables(cursor: Any) -> list[str]:
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(r[0] for r in cursor.fetchall())


def all_rows(cursor: Any) -> dict[str, list[Any]]:
    """Every row of every table, in a fixed order (PostgreSQL: each row as its text form)."""
    out = {}
    for table in tables(cursor):
        if connection.vendor == "sqlite":
            cursor.execute(f'SELECT * FROM "{table}"')
            width = len(cursor.description)
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY {", ".join(str(i + 1) for i in range(width))}')
        else:
            cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')
        out[table] = [tuple(r) for r in cursor.fetchall()]
    return out


def source_rows() -> dict[str, list[Any]]:
    with connection.cursor() as cursor:
        return all_rows(cursor)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def target(tmp_path) -> Iterator[Target]:
    t = Target(tmp_path, "restored")
    yield t
    t.drop()


def add_a_file() -> None:
    path = Path(settings.MEDIA_ROOT) / A_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(70_000) + "گزارش".encode())


def test_backup_then_restore_into_an_empty_database_gives_every_row_and_file_back(tmp_path, target):
    load_demo()
    add_a_file()
    before = source_rows()
    assert sum(map(len, before.values())) > 1000 and before["meetings_resolution"]
    archive = tmp_path / "backups" / "mahalleh.tar.gz"

    err = io.StringIO()
    call_command("backup", "--output", str(archive), stderr=err)
    assert "پشتیبان نوشته شد" in err.getvalue()
    assert source_rows() == before  # the backup wrote no row (no audit entry) into what it copies

    assert not target.exists()
    result = target.mahalleh("restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert target.rows() == before
    media = Path(settings.MEDIA_ROOT)
    assert files(target.media) == files(media) and A_FILE in files(media) and len(files(media)) > 5

    # Again into the same database, now holding data: refused, nothing changed.
    target.media = tmp_path / "second-media"
    again = target.mahalleh("restore", str(archive))
    assert again.returncode != 0 and "خالی نیست" in again.stderr
    assert target.rows() == before and not target.media.exists()


def rewrite(archive: Path, out: Path, change: dict[str, bytes]) -> Path:
    """A copy of ``archive`` with some members' bytes replaced (the manifest kept unless it is replaced)."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            f = src.extractfile(member)
            data = change.get(member.name, f.read() if f else b"")
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def test_restore_refuses_a_broken_or_foreign_archive_and_a_target_that_is_not_empty(tmp_path, target):
    UserFactory(username="kept")
    add_a_file()
    archive = tmp_path / "small.tar.gz"
    call_command("backup", "--output", str(archive), stderr=io.StringIO())
    with tarfile.open(archive, "r:gz") as tar:
        manifest_file = tar.extractfile(tar.getmember("manifest.json"))
        assert manifest_file is not None
        manifest = json.loads(manifest_file.read())
    assert manifest["format"] == 1 and manifest["vendor"] == connection.vendor
    assert manifest["tables"]["accounts_user"] == 1 and A_FILE in manifest["files"]
    assert any(m.startswith("accounts.0001") for m in manifest["migrations"])

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("این پشتیبان نیست")
    tampered = rewrite(archive, tmp_path / "tampered.tar.gz", {f"media/{A_FILE}": b"changed"})
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    foreign = rewrite(archive, tmp_path / "foreign.tar.gz",
                      {"manifest.json": json.dumps({**manifest, "vendor": other}).encode()})
    cases = [(truncated, "سالم"), (not_an_archive, "سالم"), (tampered, "آسیب دیده"), (foreign, "همان نوع"),
             (tmp_path / "missing.tar.gz", "پیدا نشد")]
    # Each refusal touches nothing, so the five run side by side (a command's start-up is most of its time).
    with ThreadPoolExecutor(max_workers=len(cases)) as pool:
        results = list(pool.map(lambda case: target.mahalleh("restore", str(case[0])), cases))
    for (bad, message), result in zip(cases, results, strict=True):
        assert result.returncode != 0 and message in result.stderr, (bad.name, result.stderr)
        assert "Traceback" not in result.stderr
        assert not target.exists() and not target.media.exists(), bad.name  # nothing was created

    # A MEDIA_ROOT holding files is refused too, before the database is touched.
    (target.media / "old").mkdir(parents=True)
    (target.media / "old" / "file.txt").write_text("x")
    result = target.mahalleh("restore", str(archive))
    assert result.returncode != 0 and "MEDIA_ROOT" in result.stderr and not target.exists()
    (target.media / "old" / "file.txt").unlink()

    # A database that `migrate` made but that holds no data counts as empty.
    target.create()
    assert target.mahalleh("migrate", "--noinput", "-v0").returncode == 0
    result = target.mahalleh("restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert target.rows() == source_rows()
    assert (target.media / A_FILE).read_bytes() == (Path(settings.MEDIA_ROOT) / A_FILE).read_bytes()
