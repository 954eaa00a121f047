"""The benchmarks' concurrent runner (bench.pages.run_clients), which both the page and the intake
benchmarks time with: every request is sent once, on its own thread's connection, after ``prepare``."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bench.pages import concurrent, run_clients


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[str] = []
    lock = threading.Lock()

    def _answer(self, status: int) -> None:
        with self.lock:
            self.seen.append(f"{self.command} {self.path}")
        self.send_response(status)
        self.send_header("Server-Timing", "app;dur=1.5")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def do_GET(self) -> None:
        self._answer(200)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer(302 if self.path == "/new/" else 500)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()


def test_every_request_is_sent_once_after_each_threads_preparation(server):
    latencies, servers, rps = concurrent(server, {}, "/page/", clients=3, requests=10)
    assert len(latencies) == len(servers) == 10 and servers == [1.5] * 10 and rps > 0
    assert Handler.seen.count("GET /page/") == 10 + 3  # each thread's warm-up, then the ten timed


def test_an_unexpected_status_fails_the_run(server):
    def post(client, _prepared, i):
        return client.request("POST", "/new/" if i else "/bad/", {"n": str(i)})

    with pytest.raises(RuntimeError, match="2 failed of 6"):
        run_clients(server, {}, clients=2, requests=6, prepare=lambda client: None, send=post, expect=302, label="x")
