# The set-up bench/run.sh and bench/pages.sh share: the database, and (unless KEEP_DATA=1) its data.
# Sourced by them with their own arguments: SCALE is the first, the rest are left in "$@".
SCALE="${1:-1.0}"
shift || true
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
BENCH_DB="${BENCH_DB:-mahalleh_bench}"
PY=.venv/bin/python

export DJANGO_SETTINGS_MODULE=mahalleh.config.settings
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${BENCH_DB}"
export DEBUG=0  # no query log kept in memory while generating
# DEBUG=0 refuses to start without a key of its own (settings); a throw-away one for the bench processes.
export SECRET_KEY="${SECRET_KEY:-$("$PY" -c "import secrets; print(secrets.token_urlsafe(50))")}"
mkdir -p bench/out

if [[ "${KEEP_DATA:-0}" != "1" ]]; then
    echo "== recreating database ${BENCH_DB} on ${PGHOST}:${PGPORT}"
    # psycopg rather than psql/createdb: the PostgreSQL client tools need not be installed.
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
    start=$(date +%s)
    "$PY" -m bench.generate --scale "$SCALE" | tee bench/out/generate.log
    echo "generation wall time: $(( $(date +%s) - start ))s" | tee -a bench/out/generate.log
fi
