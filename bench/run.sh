#!/usr/bin/env bash
# Benchmark the meetings selectors on a fresh PostgreSQL database filled with generated data.
#
#   bench/run.sh [SCALE] [extra args for bench.bench_meetings]      (SCALE defaults to 1.0)
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), BENCH_DB (mahalleh_bench),
# KEEP_DATA=1 to reuse the data already in BENCH_DB (skips drop, migrate and generate).
# Drops and recreates BENCH_DB: never point it at a database you want to keep.
set -euo pipefail

source "$(dirname "$0")/setup_data.sh"

echo "== benchmarking"
"$PY" -m bench.bench_meetings "$@" | tee bench/out/bench.log
