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

source "$(dirname "$0")/setup_data.sh"

echo "== pages over HTTP"
"$PY" -u -m bench.pages "$@" | tee bench/out/pages.log
