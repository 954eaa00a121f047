"""One archive holds the database and the stored files: ``mahalleh backup`` writes it, ``mahalleh restore`` reads it.

The archive is a tar.gz: ``database/db.sqlite3`` (a copy by SQLite's backup API) or ``database/db.pgdump``
(``pg_dump --format=custom``), the files under ``media/`` as they are under ``MEDIA_ROOT``, and
``manifest.json`` last: format version, database vendor, the applied migrations, each table's row count
and every member's SHA-256. A backup restores only into the same vendor (SQLite → SQLite, PostgreSQL →
PostgreSQL) and only into a database that is empty or does not exist yet, with an empty ``MEDIA_ROOT``;
the archive is checked whole before anything is written. Neither command writes a row into the data it
copies: what they report goes to stderr.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

from mahalleh.core.text import to_persian_digits as fa

FORMAT = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# What a fresh `migrate` writes by itself: a database whose other tables are empty counts as empty.
BOOKKEEPING = frozenset({"django_migrations", "django_content_type", "auth_permission"})
CHUNK = 1 << 20

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why, in Persian."""


# --- The database, through its own tools ---------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The database ``DATABASES["default"]`` names, reachable without Django (it may not exist yet)."""

    vendor: str
    settings: dict[str, Any]

    @classmethod
    def default(cls) -> Target:
        connection = connections["default"]
        vendor = connection.vendor
        if vendor not in DB_MEMBER:
            raise BackupError(f"پشتیبان‌گیری فقط برای SQLite و PostgreSQL است، نه {vendor}.")
        return cls(vendor, dict(connection.settings_dict))

    @property
    def name(self) -> str:
        return str(self.settings["NAME"])

    # PostgreSQL
    def pg_params(self, dbname: str | None = None) -> dict[str, Any]:
        s = self.settings
        params = {"dbname": dbname or self.name, "user": s.get("USER") or None, "password": s.get("PASSWORD") or None,
                  "host": s.get("HOST") or None, "port": s.get("PORT") or None}
        options = {k: v for k, v in (s.get("OPTIONS") or {}).items() if k in ("sslmode", "sslrootcert", "sslcert",
                                                                              "sslkey", "connect_timeout")}
        return {k: v for k, v in {**params, **options}.items() if v is not None}

    def pg_env(self) -> dict[str, str]:
        """The libpq environment for pg_dump/pg_restore: the password stays off the command line."""
        keys = {"user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT",
                "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT"}
        env = {**os.environ}
        for key, value in self.pg_params().items():
            if key in keys:
                env[keys[key]] = str(value)
        return env

    def pg_connect(self, dbname: str | None = None) -> psycopg.Connection[Any]:
        return psycopg.connect(**self.pg_params(dbname), autocommit=True)

    # Both
    def exists(self) -> bool:
        if self.vendor == "sqlite":
            path = Path(self.name)
            return path.exists() and path.stat().st_size > 0
        with self.pg_connect("postgres") as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone() is not None

    @contextmanager
    def raw(self) -> Iterator[Any]:
        """A DB-API connection of the database's own driver, outside Django (no signal, no audit)."""
        if self.vendor == "sqlite":
            sqlite = sqlite3.connect(self.name)
            try:
                yield sqlite
            finally:
                sqlite.close()
        else:
            with self.pg_connect() as pg:
                yield pg


def table_names(conn: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in rows.fetchall())


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(conn: Any, vendor: str) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT COUNT(*) FROM {quoted(t)}").fetchone()[0]) for t in table_names(conn, vendor)}


def applied_migrations(conn: Any, vendor: str) -> list[str]:
    if "django_migrations" not in table_names(conn, vendor):
        return []
    return [f"{app}.{name}" for app, name in conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name")]


def tables_with_rows(conn: Any, vendor: str) -> list[str]:
    return [t for t in table_names(conn, vendor)
            if t not in BOOKKEEPING and conn.execute(f"SELECT 1 FROM {quoted(t)} LIMIT 1").fetchone() is not None]


# --- Files --------------------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    """Every regular file under MEDIA_ROOT (links are not followed: they could point anywhere)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as f:
        tar.addfile(info, f)
    return {"sha256": sha256_of(path), "size": info.size}


# --- Backup -------------------------------------------------------------------------------------------------


def dump_sqlite(target: Target, out: Path) -> tuple[dict[str, int], list[str]]:
    connection = connections["default"]
    connection.ensure_connection()
    copy = sqlite3.connect(out)
    try:
        # The backup API copies a consistent snapshot while other processes go on writing (WAL).
        connection.connection.backup(copy)
        return row_counts(copy, "sqlite"), applied_migrations(copy, "sqlite")
    finally:
        copy.close()


def dump_postgresql(target: Target, out: Path) -> tuple[dict[str, int], list[str]]:
    # The counts, the migrations and pg_dump all read one snapshot, exported by this transaction.
    with psycopg.connect(**target.pg_params()) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction():
            row = conn.execute("SELECT pg_export_snapshot()").fetchone()
            assert row is not None
            counts, migrations = row_counts(conn, "postgresql"), applied_migrations(conn, "postgresql")
            run_pg(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={row[0]}",
                    f"--file={out}", "--dbname", target.name], target)
    return counts, migrations


def run_pg(args: list[str], target: Target) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"برنامه {args[0]} پیدا نشد: بسته postgresql-client را نصب کنید.")
    result = subprocess.run(args, env=target.pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{args[0]} ناموفق بود:\n{result.stderr.strip()}")


def backup(output: Path, *, log: Log) -> dict[str, Any]:
    """Write the archive to ``output`` (atomically: a half-written archive never has its name)."""
    target = Target.default()
    media_root = Path(settings.MEDIA_ROOT)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as tmp:
        db_file = Path(tmp) / PurePosixPath(DB_MEMBER[target.vendor]).name
        log(f"پایگاه داده ({VENDOR_NAMES[target.vendor]}) خوانده می‌شود…")
        dump = dump_sqlite if target.vendor == "sqlite" else dump_postgresql
        counts, migrations = dump(target, db_file)
        partial = Path(tmp) / "archive.tar.gz"
        files: dict[str, dict[str, Any]] = {}
        with tarfile.open(partial, "w:gz") as tar:
            database = add_file(tar, db_file, DB_MEMBER[target.vendor])
            for path in media_files(media_root):
                rel = path.relative_to(media_root).as_posix()
                files[rel] = add_file(tar, path, f"media/{rel}")
            manifest = {
                "format": FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "vendor": target.vendor,
                "database": {"member": DB_MEMBER[target.vendor], **database},
                "migrations": migrations,
                "tables": counts,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
    log(f"پشتیبان نوشته شد: {output} — {fa(sum(counts.values()))} ردیف در {fa(len(counts))} جدول، "
        f"{fa(len(files))} پرونده.")
    return manifest


# --- Restore ------------------------------------------------------------------------------------------------


def read_archive(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack ``archive`` into ``staging`` and check it whole: every member named, expected and intact."""
    broken = f"پرونده {archive} یک پشتیبان سالم سامانه نیست"
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = {m.name: m for m in tar.getmembers()}
            if MANIFEST not in members or not members[MANIFEST].isfile():
                raise BackupError(f"{broken}: فهرست محتوا (manifest.json) ندارد.")
            manifest_file = tar.extractfile(members[MANIFEST])
            assert manifest_file is not None
            manifest = json.loads(manifest_file.read())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(f"{broken}: قالب آن شناخته نیست (قالب {fa(FORMAT)} پذیرفته است).")
            expected = {manifest["database"]["member"]: manifest["database"]}
            expected |= {f"media/{rel}": meta for rel, meta in manifest["files"].items()}
            if set(members) - {MANIFEST} != set(expected):
                raise BackupError(f"{broken}: پرونده‌های آن با فهرست محتوایش نمی‌خواند.")
            for name, meta in expected.items():
                member = members[name]
                rel = PurePosixPath(name)
                if not member.isfile() or rel.is_absolute() or ".." in rel.parts:
                    raise BackupError(f"{broken}: نام نامجاز {name}.")
                dest = staging.joinpath(*rel.parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                digest = hashlib.sha256()
                with dest.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != meta["sha256"]:
                    raise BackupError(f"{broken}: محتوای {name} با چکیده‌اش نمی‌خواند (پرونده آسیب دیده است).")
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{broken}: {exc}") from exc
    return manifest


def check_target(target: Target, manifest: dict[str, Any], media_root: Path) -> bool:
    """Refuse unless the backup fits this database and both it and MEDIA_ROOT are empty; True if it exists."""
    if manifest["vendor"] != target.vendor:
        raise BackupError(
            f"این پشتیبان از پایگاه {VENDOR_NAMES.get(manifest['vendor'], manifest['vendor'])} است و پایگاه مقصد "
            f"{VENDOR_NAMES[target.vendor]}؛ بازگردانی فقط به پایگاهی از همان نوع ممکن است."
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    if unknown := sorted(set(manifest["migrations"]) - known):
        raise BackupError(f"این پشتیبان از نسخه تازه‌تری از سامانه است (مهاجرت‌های ناشناخته: {', '.join(unknown[:5])}).")
    exists = target.exists()
    if exists:
        with target.raw() as conn:
            if full := tables_with_rows(conn, target.vendor):
                raise BackupError(
                    f"پایگاه مقصد ({target.name}) خالی نیست ({fa(len(full))} جدول دارای داده، از جمله {full[0]}): "
                    "بازگردانی فقط به پایگاهی خالی یا تازه انجام می‌شود و چیزی تغییر نکرد."
                )
    if media_files(media_root):
        raise BackupError(f"پوشه پرونده‌ها (MEDIA_ROOT: {media_root}) خالی نیست: بازگردانی چیزی را رونویسی نمی‌کند.")
    return exists


def load_sqlite(target: Target, db_file: Path, exists: bool) -> None:
    Path(target.name).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(db_file)
    dest = sqlite3.connect(target.name)
    try:
        source.backup(dest)  # replaces the whole (empty) database, schema included
    finally:
        dest.close()
        source.close()


def load_postgresql(target: Target, db_file: Path, exists: bool) -> None:
    if not exists:
        with target.pg_connect("postgres") as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))
    else:
        # Empty tables (a `migrate` with no data) make way for the backup's.
        with target.pg_connect() as conn, conn.transaction():
            if tables := table_names(conn, "postgresql"):
                names = sql.SQL(", ").join(sql.Identifier(t) for t in tables)
                conn.execute(sql.SQL("DROP TABLE {} CASCADE").format(names))
    try:
        run_pg(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                "--dbname", target.name, str(db_file)], target)
    except BackupError:
        if not exists:  # leave no half-made database behind
            with target.pg_connect("postgres") as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.name)))
        raise


def restore(archive: Path, *, log: Log) -> dict[str, Any]:
    """Restore ``archive`` into the database DATABASE_URL names and into MEDIA_ROOT, or refuse."""
    target = Target.default()
    media_root = Path(settings.MEDIA_ROOT)
    if not archive.is_file():
        raise BackupError(f"پرونده پشتیبان {archive} پیدا نشد.")
    with tempfile.TemporaryDirectory(prefix="mahalleh-restore-") as tmp:
        staging = Path(tmp)
        log("پشتیبان بررسی می‌شود…")
        manifest = read_archive(archive, staging)
        exists = check_target(target, manifest, media_root)
        connections.close_all()
        log(f"پایگاه داده {target.name} بازگردانده می‌شود…")
        db_file = staging.joinpath(*PurePosixPath(manifest["database"]["member"]).parts)
        (load_sqlite if target.vendor == "sqlite" else load_postgresql)(target, db_file, exists)
        with target.raw() as conn:
            counts = row_counts(conn, target.vendor)
        if wrong := [t for t, n in manifest["tables"].items() if counts.get(t) != n]:
            raise BackupError(f"شمار ردیف‌های بازگردانده با پشتیبان نمی‌خواند: {', '.join(wrong[:5])}.")
        call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version catches up
        for rel in manifest["files"]:
            dest = media_root.joinpath(*PurePosixPath(rel).parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging.joinpath("media", *PurePosixPath(rel).parts), dest)
    log(f"بازگردانی شد: {fa(sum(manifest['tables'].values()))} ردیف در {fa(len(manifest['tables']))} جدول، "
        f"{fa(len(manifest['files']))} پرونده در {media_root}.")
    return manifest
