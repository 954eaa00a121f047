#!/usr/bin/env bash
# Benchmark issue 10's problem reads (the county's list, the agency's inbox) against bare SQL on a fresh
# PostgreSQL database filled with generated data (1,000,000 × SCALE problems); see bench/bench_problems.py.
#
#   bench/problems.sh [SCALE] [extra args for bench.bench_problems]      (SCALE defaults to 1.0)
#
# Environment as bench/run.sh: PGHOST, PGPORT, PGUSER, BENCH_DB (mahalleh_bench), KEEP_DATA=1 to reuse
# the data already in BENCH_DB; INTAKE=1 also runs bench/intake.py (intake throughput over gunicorn). Drops and recreates BENCH_DB: never point it at a database you want to keep.
set -euo pipefail

source "$(dirname "$0")/setup_data.sh"

echo "== problems: list and inbox against bare SQL"
"$PY" -u -m bench.bench_problems "$@" | tee bench/out/problems.log

if [[ "${INTAKE:-0}" == "1" ]]; then  # writes real problems (about 2 × 400 + warm-up)
    echo "== intake over HTTP: POST /problems/new/ against a bare insert"
    "$PY" -u -m bench.intake | tee bench/out/intake.log
fi
