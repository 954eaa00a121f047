"""Time the year's desk plan (CP-SAT) on generated provinces, against the greedy baseline of the same run.

    .venv/bin/python -m bench.bench_plan                 # Alborz (66 neighborhoods) and the nation
    .venv/bin/python -m bench.bench_plan --only alborz --time-limit 4 --workers 2

Each province is planned on its own (the nation: 31 provinces, 2,020 neighborhoods, one after another)
with the generator's settings (``bench.plan_data``). For each it prints the plan time, CP-SAT's objective
and bound and the gap between them, the greedy plan's objective and time, and the ratios solver/greedy;
then the totals and the peak memory of the process (``ru_maxrss``). Targets: Alborz under 5 s, the nation
under 2 minutes, each province within 5% of its bound (the gap is printed where it is not). A JSON of the
figures goes to bench/out/plan.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from bench.plan_data import alborz, nation

OUT = Path(__file__).resolve().parent / "out"
TARGET_GAP = 0.05
TARGET_S = {"alborz": 5.0, "nation": 120.0}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_one(inp: Any) -> dict[str, Any]:
    from mahalleh.desks.planning.solver import greedy, plan

    started = time.perf_counter()
    base = greedy(inp)
    greedy_s = time.perf_counter() - started
    started = time.perf_counter()
    result = plan(inp)
    plan_s = time.perf_counter() - started
    missing = sum(1 for u in result.unplanned if u.agency is not None)
    return {
        "province": inp.province,
        "neighborhoods": len(inp.neighborhoods),
        "wednesdays": len(inp.wednesdays),
        "status": result.status,
        "plan_s": round(plan_s, 3),
        "objective": result.objective,
        "bound": result.bound,
        "gap": round(result.gap, 4),
        "greedy_objective": base.objective,
        "greedy_s": round(greedy_s, 4),
        "objective_ratio": round(result.objective / base.objective, 4) if base.objective else None,
        "time_ratio": round(plan_s / greedy_s, 1) if greedy_s else None,
        "unplanned_visits": sum(1 for u in result.unplanned if u.agency is None),
        "missing_agencies": missing,
        "greedy_unplanned_visits": sum(1 for u in base.unplanned if u.agency is None),
        "greedy_missing_agencies": sum(1 for u in base.unplanned if u.agency is not None),
    }


def line(r: dict[str, Any]) -> str:
    flag = "" if r["gap"] <= TARGET_GAP else "  gap above 5%"
    return (
        f"{r['province']:<16} {r['neighborhoods']:>4} hoods  {r['plan_s']:>6.2f} s  {r['status']:<8} "
        f"obj {r['objective']:>10.0f}  bound {r['bound']:>10.0f}  gap {100 * r['gap']:>5.2f}%  "
        f"greedy {r['greedy_objective']:>10.0f} ({r['greedy_s'] * 1000:.0f} ms)  "
        f"obj ratio {r['objective_ratio']:.3f}  missing {r['missing_agencies']} vs {r['greedy_missing_agencies']}{flag}"
    )


def run(name: str, inputs: list[Any]) -> dict[str, Any]:
    print(f"== {name}", flush=True)
    started = time.perf_counter()
    rows = []
    for inp in inputs:
        rows.append(run_one(inp))
        print(line(rows[-1]), flush=True)
    total = time.perf_counter() - started
    plan_s = sum(r["plan_s"] for r in rows)
    greedy_s = sum(r["greedy_s"] for r in rows)
    objective = sum(r["objective"] for r in rows)
    bound = sum(r["bound"] for r in rows)
    greedy_obj = sum(r["greedy_objective"] for r in rows)
    summary = {
        "name": name,
        "provinces": len(rows),
        "neighborhoods": sum(r["neighborhoods"] for r in rows),
        "wall_s": round(total, 2),
        "plan_s": round(plan_s, 2),
        "greedy_s": round(greedy_s, 3),
        "objective": objective,
        "bound": bound,
        "gap": round((objective - bound) / objective, 4) if objective else 0.0,
        "worst_gap": max(r["gap"] for r in rows),
        "over_gap": [r["province"] for r in rows if r["gap"] > TARGET_GAP],
        "objective_ratio": round(objective / greedy_obj, 4) if greedy_obj else None,
        "time_ratio": round(plan_s / greedy_s, 1) if greedy_s else None,
        "peak_mb": round(peak_mb(), 1),
        "target_s": TARGET_S[name],
        "rows": rows,
    }
    print(
        f"-- {name}: {summary['provinces']} provinces, {summary['neighborhoods']} neighborhoods, "
        f"plan {summary['plan_s']} s (target {TARGET_S[name]:.0f} s; wall with greedy {summary['wall_s']} s), "
        f"gap {100 * summary['gap']:.2f}% overall, worst {100 * summary['worst_gap']:.2f}%, "
        f"over 5%: {', '.join(summary['over_gap']) or 'none'}; solver/greedy objective "
        f"{summary['objective_ratio']}, time ×{summary['time_ratio']}; peak memory {summary['peak_mb']} MB",
        flush=True,
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["alborz", "nation"])
    parser.add_argument("--time-limit", type=float, help="CP-SAT seconds per province (default: the settings')")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    def tuned(inp: Any) -> Any:
        changes = {}
        if args.time_limit is not None:
            changes["time_limit_s"] = args.time_limit
        if args.workers is not None:
            changes["workers"] = args.workers
        return dataclasses.replace(inp, settings=dataclasses.replace(inp.settings, **changes)) if changes else inp

    out = []
    if args.only in (None, "alborz"):
        out.append(run("alborz", [tuned(alborz(args.seed))]))
    if args.only in (None, "nation"):
        out.append(run("nation", [tuned(i) for i in nation(args.seed)]))
    OUT.mkdir(exist_ok=True)
    (OUT / "plan.json").write_text(json.dumps(out, ensure_ascii=False, indent=1))
    ok = all(s["plan_s"] <= s["target_s"] for s in out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
