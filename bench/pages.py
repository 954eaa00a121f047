"""Whole pages over HTTP on the production server, each against its floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/k_bench_pages .venv/bin/python -m bench.pages
    (or bench/pages.sh [SCALE], which first generates the data)

Starts gunicorn with the config of ``make serve`` (src/mahalleh/config/gunicorn.py, gthread workers,
static files by whitenoise, DEBUG=0) on a free port, with ``bench.pages_settings``: the project's
settings plus a ``Server-Timing`` middleware and the floor views of ``bench.floor``. Signs in
through the login form as the province's secretariat and as the focal point of its busiest agency,
then, for the agency inbox, the review before the provincial HQ's latest meeting, the resolution
list and the scorecards of the previous Jalali year:

- one client on a keep-alive connection alternates page and floor ``--runs`` times: the medians of
  the server's time (the header: Django's whole handling, middleware to rendered bytes) give the
  ratio to the floor (target ≤ 2×); its client-side latencies give p50/p95 with 1 client;
- ``--clients`` threads (16), each on its own keep-alive connection, request the page
  ``--requests`` times in all: p50/p95 of the latency seen by the client and the throughput.

Figures and the inputs are printed, and written to bench/out/pages.json.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
GUNICORN_CONFIG = ROOT / "src" / "mahalleh" / "config" / "gunicorn.py"
TARGET = 2.0
HOST = "127.0.0.1"


@dataclass
class Page:
    name: str
    url: str
    floor_url: str
    user: str  # username
    rows: re.Pattern[str]  # one match per row the page shows


@dataclass
class Outcome:
    name: str
    url: str
    user: str
    rows_page: int
    rows_floor: int
    bytes_page: int
    server_ms: float
    floor_ms: float
    ratio: float
    one_client: tuple[float, float]  # p50, p95 of the client's latency (ms)
    many_clients: tuple[float, float]
    many_server_ms: float  # median server time under load
    many_rps: float
    clients: int
    ok: bool
    notes: list[str] = field(default_factory=list)


class Client:
    """One keep-alive connection with a cookie jar; reconnects when the server has closed it."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn = http.client.HTTPConnection(HOST, port, timeout=120)

    def request(self, method: str, url: str, body: dict[str, str] | None = None
                ) -> tuple[int, dict[str, str], bytes, float]:
        """Status, headers (lower-case names), body and the client-side latency in ms."""
        headers = {"Host": f"{HOST}:{self.port}", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                started = time.perf_counter()
                self.conn.request(method, url, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                ms = (time.perf_counter() - started) * 1000
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the idle connection (keepalive timeout): open another, once.
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
                if attempt == 2:
                    raise
        names = {k.lower(): v for k, v in response.getheaders()}
        for raw in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        return response.status, names, content, ms

    def close(self) -> None:
        self.conn.close()


def server_ms(headers: dict[str, str]) -> float:
    match = re.search(r"app;dur=([\d.]+)", headers.get("server-timing", ""))
    if not match:
        raise RuntimeError("no Server-Timing header: is the server running bench.pages_settings?")
    return float(match.group(1))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """Through the real login form, CSRF token and all; returns the session's cookies."""
    client = Client(port)
    status, _, body, _ = client.request("GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None:
        raise RuntimeError(f"login page: HTTP {status}")
    status, _, _, _ = client.request("POST", "/accounts/login/", {
        "username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode(),
    })
    client.close()
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"signing in as {username} failed: HTTP {status}")
    return client.cookies


def pick_inputs(today: datetime.date, province_code: str) -> tuple[dict[str, str], list[Page]]:
    """The same inputs as bench.bench_meetings: the province's busiest agency, its HQ's latest meeting."""
    from django.db.models import Count

    from mahalleh.accounts.models import User
    from mahalleh.core.jalali import to_jalali
    from mahalleh.meetings.models import Assignment, Body, Meeting
    from mahalleh.meetings.models.resolutions import CLOSED_STATUSES
    from mahalleh.places.models import Province

    province = Province.objects.filter(code=province_code).first() or Province.objects.order_by("id").first()
    if province is None:
        raise SystemExit("پایگاه داده خالی است؛ نخست bench/pages.sh یا python -m bench.generate را اجرا کنید.")
    secretariat = User.objects.filter(role_assignments__role="secretariat",
                                      role_assignments__province=province).order_by("id").first()
    busiest = (Assignment.objects.filter(agency__province=province).exclude(resolution__status__in=CLOSED_STATUSES)
               .values("agency_id").annotate(n=Count("id")).order_by("-n", "agency_id").first())
    if secretariat is None or busiest is None:
        raise SystemExit("داده محک کامل نیست: دبیرخانه یا تکلیف بازی در استان نیست.")
    focal = User.objects.filter(role_assignments__role="agency_focal",
                                role_assignments__agency_id=busiest["agency_id"]).order_by("id").first()
    hq = Body.objects.filter(province=province, kind=Body.Kind.PROVINCIAL_HQ).first()
    meeting = Meeting.objects.filter(body=hq).order_by("-date", "-number").first()
    if focal is None or meeting is None:
        raise SystemExit("داده محک کامل نیست: رابط دستگاه یا جلسه قرارگاه نیست.")
    year = to_jalali(today).year - 1
    pages = [
        Page("inbox (busiest agency)", "/meetings/inbox/", "/bench-floor/inbox/", focal.username,
             re.compile(r'data-testid="inbox-row"')),
        Page("review (HQ's latest meeting)", f"/meetings/{meeting.pk}/review/", f"/bench-floor/review/{meeting.pk}/",
             secretariat.username, re.compile(r'data-testid="review-row"')),
        Page("resolutions (page 1)", "/meetings/resolutions/", "/bench-floor/resolutions/", secretariat.username,
             re.compile(r'data-testid="list-row"')),
        Page(f"scorecards ({year}, all bodies)", f"/meetings/scorecards/?year={year}",
             f"/bench-floor/scorecards/?year={year}", secretariat.username, re.compile(r'data-testid="scorecard-row"')),
    ]
    inputs = {
        "province": province.name, "today": today.isoformat(), "jalali_year": str(year),
        "secretariat": secretariat.username, "focal": f"{focal.username} ({busiest['n']} open assignments)",
        "review_meeting": f"{meeting.number} / {meeting.date.isoformat()} / {hq.name if hq else '—'}",
    }
    return inputs, pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int | None, threads: int | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.pages_settings", "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "HOST": HOST, "PORT": str(port),
           # plain HTTP on loopback, as `make serve` (the Makefile's SERVE_HTTP_ENV)
           "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
           "SECURE_HSTS_SECONDS": "0"}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    OUT.mkdir(exist_ok=True)
    log = (OUT / "pages-gunicorn.log").open("wb")
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-c", str(GUNICORN_CONFIG)],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log.name}")
        try:
            status, _, _, _ = Client(port).request("GET", "/accounts/login/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 90 s")


def check_static(port: int) -> str:
    """Every stylesheet and script the login page links is served by whitenoise with DEBUG=0."""
    client = Client(port)
    _, _, body, _ = client.request("GET", "/accounts/login/")
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', body)
    bad = []
    for asset in assets:
        status, _, _, _ = client.request("GET", asset.decode())
        if status != 200:
            bad.append(f"{asset.decode()} HTTP {status}")
    client.close()
    if not assets or bad:
        raise RuntimeError(f"static files not served: {bad or 'no assets linked'}")
    return f"{len(assets)} static assets linked by the login page, all HTTP 200"


def run_clients(port: int, cookies: dict[str, str], *, clients: int, requests: int,
                prepare: Callable[[Client], Any], send: Callable[[Client, Any, int], tuple[int, dict[str, str], bytes, float]],
                expect: int = 200, label: str = "") -> tuple[list[float], list[float], float]:
    """``clients`` threads on their own connections share ``requests`` requests: latencies, server times, req/s.

    Each thread first runs ``prepare(client)`` (connect, warm its worker, read a form's token) before the
    clock starts, then ``send(client, prepared, i)`` for its share; an answer other than ``expect`` fails the run."""
    latencies: list[float] = []
    servers: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []
    share = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def work(n: int) -> None:
        client = Client(port, cookies)
        prepared = prepare(client)
        barrier.wait()
        mine, theirs = [], []
        for i in range(n):
            status, headers, content, ms = send(client, prepared, i)
            if status != expect:
                errors.append(f"HTTP {status} {content[:200]!r}")
            mine.append(ms)
            theirs.append(server_ms(headers))
        client.close()
        with lock:
            latencies.extend(mine)
            servers.extend(theirs)

    threads = [threading.Thread(target=work, args=(n,)) for n in share]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{label}: {len(errors)} failed of {requests} ({errors[0]})")
    return latencies, servers, requests / elapsed


def concurrent(port: int, cookies: dict[str, str], url: str, *, clients: int, requests: int
               ) -> tuple[list[float], list[float], float]:
    """GET ``url`` from ``clients`` threads (each connects and warms its worker before the clock starts)."""
    return run_clients(port, cookies, clients=clients, requests=requests, label=url,
                       prepare=lambda client: client.request("GET", url),
                       send=lambda client, _prepared, _i: client.request("GET", url))


def measure(page: Page, port: int, cookies: dict[str, str], *, runs: int, warmup: int, clients: int,
            requests: int, log: Callable[[str], None]) -> Outcome:
    client = Client(port, cookies)
    status, headers, body, _ = client.request("GET", page.url)
    fstatus, _, fbody, _ = client.request("GET", page.floor_url)
    if status != 200 or fstatus != 200:
        raise RuntimeError(f"{page.name}: page HTTP {status}, floor HTTP {fstatus}")
    rows_page, rows_floor = len(page.rows.findall(body.decode())), fbody.count(b"<tr data-row")
    notes = [] if rows_page == rows_floor else [f"ROWS DIFFER: page {rows_page}, floor {rows_floor}"]
    for _ in range(warmup):
        client.request("GET", page.url)
        client.request("GET", page.floor_url)
    page_server, floor_server, page_client = [], [], []
    for _ in range(runs):  # alternate, so a burst of load elsewhere on the machine hits both alike
        _, headers, _, ms = client.request("GET", page.url)
        page_server.append(server_ms(headers))
        page_client.append(ms)
        _, headers, _, _ = client.request("GET", page.floor_url)
        floor_server.append(server_ms(headers))
    client.close()
    page_ms, floor_ms = statistics.median(page_server), statistics.median(floor_server)
    log(f"  {page.name}: server {page_ms:.1f} ms, floor {floor_ms:.1f} ms; {clients} clients…")
    latencies, servers, rps = concurrent(port, cookies, page.url, clients=clients, requests=requests)
    ratio = page_ms / floor_ms
    return Outcome(
        name=page.name, url=page.url, user=page.user, rows_page=rows_page, rows_floor=rows_floor,
        bytes_page=len(body), server_ms=page_ms, floor_ms=floor_ms, ratio=ratio,
        one_client=(percentile(page_client, 50), percentile(page_client, 95)),
        many_clients=(percentile(latencies, 50), percentile(latencies, 95)),
        many_server_ms=statistics.median(servers), many_rps=rps, clients=clients,
        ok=not notes and ratio <= TARGET, notes=notes,
    )


def table(outcomes: list[Outcome]) -> str:
    clients = outcomes[0].clients if outcomes else 16
    head = ("page", "rows page/floor", "KB", "server ms", "floor ms", "ratio", "target",
            "1 client p50/p95 ms", f"{clients} clients p50/p95 ms", f"{clients} clients server ms", "req/s")
    lines = [head]
    for o in outcomes:
        lines.append((
            o.name, f"{o.rows_page}/{o.rows_floor}", f"{o.bytes_page / 1024:.0f}", f"{o.server_ms:.1f}",
            f"{o.floor_ms:.1f}", f"{o.ratio:.2f}×", f"{TARGET:.0f}× " + ("ok" if o.ratio <= TARGET else "over"),
            f"{o.one_client[0]:.1f} / {o.one_client[1]:.1f}", f"{o.many_clients[0]:.0f} / {o.many_clients[1]:.0f}",
            f"{o.many_server_ms:.1f}", f"{o.many_rps:.1f}",
        ))
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    out = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("--runs", type=int, default=40, help="page/floor pairs on one connection")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=160, help="requests per page with --clients clients")
    parser.add_argument("--workers", type=int, default=None, help="default: the gunicorn config's")
    parser.add_argument("--threads", type=int, default=None, help="default: the gunicorn config's")
    parser.add_argument("--province", default="alborz")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mahalleh.config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from bench.registry import BENCH_PASSWORD

    inputs, pages = pick_inputs(args.today or timezone.localdate(), args.province)
    database = f"{connection.vendor} {connection.settings_dict.get('NAME')}"
    load_at_start = os.getloadavg()
    connection.close()  # the client holds no connection while the server works
    print(f"database: {database}; load average {' '.join(f'{x:.1f}' for x in load_at_start)} at start")
    print("inputs: " + ", ".join(f"{k} = {v}" for k, v in inputs.items()))
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    try:
        print(check_static(port))
        print(f"gunicorn on {HOST}:{port} (config {GUNICORN_CONFIG.relative_to(ROOT)}, "
              f"workers {args.workers or 'default'}, threads {args.threads or 'default'}), DEBUG=0")
        sessions = {u: sign_in(port, u, BENCH_PASSWORD) for u in {p.user for p in pages}}
        # Touch every worker before measuring (each holds its own caches and database connections).
        for page in pages:
            concurrent(port, sessions[page.user], page.url, clients=args.clients, requests=args.clients * 2)
        outcomes = [measure(p, port, sessions[p.user], runs=args.runs, warmup=args.warmup, clients=args.clients,
                            requests=args.requests, log=print) for p in pages]
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nserver ms: median of the Server-Timing header over {args.runs} alternating page/floor requests "
          f"on one keep-alive connection (after {args.warmup} warm-up pairs); latencies measured by the client; "
          f"{args.clients} clients: {args.requests} requests per page\n")
    print(table(outcomes))
    print(f"\nload average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")
    for o in outcomes:
        for note in o.notes:
            print(f"{o.name}: {note}")
    (OUT / "pages.json").write_text(json.dumps({
        "database": database, "inputs": inputs, "runs": args.runs, "clients": args.clients,
        "requests": args.requests, "load_average": {"start": load_at_start, "end": os.getloadavg()}, "outcomes": [asdict(o) for o in outcomes],
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(not o.notes for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
