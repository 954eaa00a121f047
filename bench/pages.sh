#!/usr/bin/env bash
# Benchmark whole pages over HTTP (gunicorn + whitenoise, DEBUG=0) on a fresh PostgreSQL database
# filled with generated data; see bench/pages.py.
#
#   bench/pages.sh [SCALE] [extra args for bench.pages]      (SCALE defaults to 1.0)
#
# Environment as bench/run.sh: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), BENCH_DB
# (mahalleh_bench), KEEP_DATA=1 to reuse the data already in BENCH_DB (skips drop, migrate and generate).
# Drops and recreates BENCH_DB: never point it at a database you want to keep.
set -euo pipefail

SCALE="${1:-1.0}"
shift || true
cd "$(dirname "$0")/.."

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
BENCH_DB="${BENCH_DB:-mahalleh_bench}"
PY=.venv/bin/python

export DJANGO_SETTINGS_MODULE=mahalleh.config.settings
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${BENCH_DB}"
export DEBUG=0
mkdir -p bench/out

if [[ "${KEEP_DATA:-0}" != "1" ]]; then
    echo "== recreating database ${BENCH_DB} on ${PGHOST}:${PGPORT}"
    "$PY" - "$PGHOST" "$PGPORT" "$PGUSER" "$BENCH_DB" <<'PYEOF'
import sys

import psycopg
from psycopg import sql

host, port, user, name = sys.argv[1:5]
with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True) as conn:
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
PYEOF
    echo "== migrating"
    .venv/bin/mahalleh migrate --noinput -v0 --skip-checks
    echo "== generating at scale ${SCALE}"
    "$PY" -m bench.generate --scale "$SCALE" | tee bench/out/generate.log
fi

echo "== pages over HTTP"
"$PY" -u -m bench.pages "$@" | tee bench/out/pages.log
