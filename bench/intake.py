"""Intake throughput over HTTP: POST /problems/new/ against a bare insert, 16 concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/k10_bench_problems .venv/bin/python -m bench.intake

On the data of ``bench.generate`` (problems included). Starts gunicorn as bench/pages.py does (the config
of ``make serve``, ``bench.pages_settings``), signs in through the login form as a county user (made here,
``bench-county-<id>``, the generated users' password), then ``--clients`` threads, each on its own
keep-alive connection with the CSRF token of the intake page, send ``--requests`` intakes in all: the
real form (``IntakeForm`` → ``services.problem_intake``: validation, routing, due date, tracking code,
the routed update, the audit, the idempotency key) and the floor (``bench.floor.intake``: one INSERT of
the problem and one of its update, behind the same middleware). Figures go to bench/out/intake.json.
Every intake writes a real problem: run it on a benchmark database only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def pick_inputs() -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count

    from bench.generate import BENCH_USER_PREFIX
    from bench.registry import BENCH_PASSWORD
    from mahalleh.accounts.models import RoleAssignment, User
    from mahalleh.core.roles import Role
    from mahalleh.places.models import Neighborhood
    from mahalleh.problems.models import Category, Problem

    top = Problem.objects.values("neighborhood_id").annotate(n=Count("id")).order_by("-n").first()
    if top is None:
        raise SystemExit("پایگاه داده مشکلی ندارد؛ نخست python -m bench.generate را اجرا کنید.")
    hood = Neighborhood.objects.select_related("county").get(pk=top["neighborhood_id"])
    user, _ = User.objects.get_or_create(username=f"{BENCH_USER_PREFIX}county-{hood.county_id}")
    user.password = make_password(BENCH_PASSWORD)
    user.save(update_fields=["password"])
    RoleAssignment.objects.get_or_create(user=user, role=Role.COUNTY, county=hood.county)
    category = Category.objects.filter(is_active=True).order_by("id").first()
    assert category is not None
    return {"username": user.username, "password": BENCH_PASSWORD, "neighborhood": hood.pk,
            "category": category.pk, "county": hood.county.name}


def run(port: int, cookies: dict[str, str], url: str, form_url: str, fields: dict[str, str], *, clients: int,
        requests: int) -> dict[str, Any]:
    from bench.pages import Client, percentile, run_clients

    def token_of(client: Client) -> str:
        _, _, body, _ = client.request("GET", form_url)
        match = TOKEN.search(body)
        return match.group(1).decode() if match else ""

    def post(client: Client, token: str, i: int) -> tuple[int, dict[str, str], bytes, float]:
        data = {**fields, "csrfmiddlewaretoken": token, "idempotency_key": str(uuid.uuid4()),
                "description": f"{fields['description']} {threading.get_ident() % 1000}-{i}"}
        return client.request("POST", url, data)

    latencies, servers, rps = run_clients(port, cookies, clients=clients, requests=requests, prepare=token_of, send=post,
                                          expect=302, label=url)
    return {"requests": requests, "clients": clients, "req_per_s": round(rps, 1),
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "server_median_ms": round(statistics.median(servers), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.intake")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400, help="intakes per side, spread over the clients")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the config's)")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mahalleh.config.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.pages import free_port, sign_in, start_server

    inputs = pick_inputs()
    connection.close()
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    try:
        cookies = sign_in(port, inputs["username"], inputs["password"])
        fields = {"neighborhood": str(inputs["neighborhood"]), "category": str(inputs["category"]),
                  "description": "چاله بزرگ در کوچه محک", "source": "service_desk",
                  "reporter_name": "علی محمدی", "reporter_mobile": "09121234567", "sms_consent": "on"}
        form_url = f"/problems/new/?neighborhood={inputs['neighborhood']}"
        results = {}
        for name, url in (("intake (POST /problems/new/)", "/problems/new/"),
                          ("floor (bare INSERT)", "/bench-floor/intake/")):
            run(port, cookies, url, form_url, fields, clients=args.clients, requests=args.clients)  # warm-up
            results[name] = run(port, cookies, url, form_url, fields, clients=args.clients, requests=args.requests)
    finally:
        server.terminate()
        server.wait(30)
    print(f"database: {os.environ.get('DATABASE_URL', '')}; county {inputs['county']}, "
          f"{args.clients} clients, {args.requests} intakes per side")
    print("| side | req/s | p50 ms | p95 ms | server median ms |")
    print("|------|-------|--------|--------|------------------|")
    for name, r in results.items():
        print(f"| {name} | {r['req_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['server_median_ms']} |")
    OUT.mkdir(exist_ok=True)
    (OUT / "intake.json").write_text(json.dumps({"inputs": {k: v for k, v in inputs.items() if k != "password"},
                                                 "results": results}, ensure_ascii=False, indent=2),
                                     encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
