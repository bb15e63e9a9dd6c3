"""Benchmark the HTTP side: POST /api/find beside a bare endpoint, the body map's bytes, idle memory.

Run: .venv/bin/python benchmarks/server.py [--requests N] [--server serve|factory]

Starts two servers in subprocesses on free loopback ports, with the same uvicorn settings:
- the real one: `triggerpoint serve` (or uvicorn on the app factory with --server factory), personal
  mode, on a temporary SQLite database;
- a bare FastAPI app with one POST endpoint that reads a JSON body and returns a small JSON.

Then prints, each figure beside its limit, measured in the same run:
- req/s of POST /api/find (a realistic drawing, its red-flag questions all answered no, so the finder
  runs) and of the bare endpoint, at concurrency 1 and 16, and their ratio (limit >= 0.8). The load
  generator is threads, each with its own keep-alive http.client connection, sharing a fixed count;
- the bytes sent for a first load of the body map page (`/`) with every /static/ asset it links,
  asking for gzip, headers included (limit 40 KB), beside the same without compression;
- each server's idle RSS (VmRSS from /proc/<pid>/status after warm-up, one request and a pause),
  the real one beside the bare one (limit 80 MB for the real one), and what a fresh interpreter holds
  after importing only the libraries the server cannot do without (its floor);
- the red-flag screen and finder alone (`guide()`, in this process) for the same drawing, and the
  ratio it leaves as a ceiling: bare time / (bare time + guide time) at concurrency 1.

Both servers and the load generator share this machine's cores: the ratio is what to compare, not
absolute req/s, and each rate is the best of --rounds runs. It asserts nothing (speed is measured here, not in tests).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
RATIO_LIMIT = 0.8
PAGE_LIMIT_BYTES = 40 * 1024
RSS_LIMIT_MB = 80
DRAWING = {
    "regions": ["temple-right", "neck-side-right", "mastoid-right", "shoulder-top-right"],
    "intensities": {"temple-right": 7, "neck-side-right": 5},
}
BARE_APP = """
import sys
from typing import Any

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.post("/bare")
async def bare(body: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "regions": len(body.get("regions", []))}


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", server_header=False)
"""


@dataclass(frozen=True)
class Server:
    pid: int
    port: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listened on port {port} within {seconds} s")


@contextmanager
def running(command: list[str], port: int, env: dict[str, str]) -> Iterator[Server]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_until_up(port, process)
        yield Server(process.pid, port)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def real_server_command(kind: str, port: int) -> list[str]:
    if kind == "serve":
        return [str(Path(sys.executable).parent / "triggerpoint"), "serve", "--port", str(port)]
    return [sys.executable, "-m", "uvicorn", "triggerpoint.server:app_from_environment", "--factory",
            "--port", str(port), "--log-level", "warning", "--no-server-header"]  # fmt: skip


def real_server_env(data_dir: Path) -> dict[str, str]:
    return os.environ | {
        "TRIGGERPOINT_MODE": "personal",
        "TRIGGERPOINT_DATA_DIR": str(data_dir),
        "TRIGGERPOINT_TIMEZONE": "UTC",
        "TRIGGERPOINT_SECRET_KEY": "benchmark-secret",
    }


def post_json(connection: http.client.HTTPConnection, path: str, body: bytes) -> bytes:
    connection.request("POST", path, body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"POST {path} answered {response.status}: {data[:200]!r}")
    return data


def find_body(port: int) -> bytes:
    """The drawing with every red-flag question it raises answered no (so the finder runs)."""
    connection = http.client.HTTPConnection(HOST, port)
    asked = json.loads(post_json(connection, "/api/find", json.dumps(DRAWING).encode()))["questions"]
    body = json.dumps(DRAWING | {"answers": {q["id"]: False for q in asked}}).encode()
    assert json.loads(post_json(connection, "/api/find", body))["status"] == "clear"
    connection.close()
    return body


def requests_per_second(port: int, path: str, body: bytes, concurrency: int, count: int) -> float:
    """Send `count` POSTs over `concurrency` keep-alive connections; the rate over the whole run."""
    left = [count]
    lock = threading.Lock()

    def take() -> bool:
        with lock:
            left[0] -= 1
            return left[0] >= 0

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, port)
        while take():
            post_json(connection, path, body)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count / (time.perf_counter() - start)


def fetch(port: int, path: str, gzip: bool) -> tuple[int, bytes]:
    """Bytes on the wire for one GET (status line, headers and body as sent), and the body."""
    connection = http.client.HTTPConnection(HOST, port)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip" if gzip else "identity"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
    head += sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
    return head + len(body), body


def page_bytes(port: int, gzip: bool) -> tuple[int, int]:
    """Bytes sent for a first load of the body map with its assets, and how many assets it links."""
    sent, page = fetch(port, "/", gzip)
    html = page.decode() if not gzip else _gunzip(page).decode()
    assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html)))
    return sent + sum(fetch(port, asset, gzip)[0] for asset in assets), len(assets)


def _gunzip(data: bytes) -> bytes:
    import gzip

    try:
        return gzip.decompress(data)
    except gzip.BadGzipFile:
        return data  # not compressed


def idle_rss_mb(server: Server) -> float:
    time.sleep(1.0)
    status = Path(f"/proc/{server.pid}/status").read_text()
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    assert found, "no VmRSS"
    return int(found.group(1)) / 1024


def best_rate(port: int, path: str, body: bytes, concurrency: int, count: int, rounds: int) -> float:
    return max(requests_per_second(port, path, body, concurrency, count) for _ in range(rounds))


def measure_rates(real: Server, bare: Server, body: bytes, count: int, rounds: int) -> float:
    """Each figure is the best of `rounds` runs (the machine is shared); returns the bare rate at concurrency 1."""
    bare_rate = 0.0
    for concurrency in (1, 16):
        requests_per_second(real.port, "/api/find", body, concurrency, max(count // 10, 20))  # warm-up
        requests_per_second(bare.port, "/bare", body, concurrency, max(count // 10, 20))
        found = best_rate(real.port, "/api/find", body, concurrency, count, rounds)
        plain = best_rate(bare.port, "/bare", body, concurrency, count, rounds)
        bare_rate = bare_rate or plain
        verdict = "ok" if found / plain >= RATIO_LIMIT else "BELOW"
        show(f"POST /api/find at concurrency {concurrency}", f"{found:7.0f} req/s")
        show(f"bare POST endpoint at concurrency {concurrency}", f"{plain:7.0f} req/s")
        show(f"ratio at concurrency {concurrency}", f"{found / plain:7.2f}   (limit >= {RATIO_LIMIT}: {verdict})")
    return bare_rate


def guide_seconds(body: bytes, runs: int = 300) -> float:
    """The screen and the finder alone, in this process, for the same drawing (median of `runs`)."""
    from triggerpoint.finder import Drawing, build_index
    from triggerpoint.guidance import guide
    from triggerpoint.kb import load_kb

    kb = load_kb()
    index, sent = build_index(kb), json.loads(body)
    answers = sent.pop("answers")
    drawing = Drawing.model_validate(sent)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        guide(kb, index, drawing, answers)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def show_ceiling(body: bytes, bare_rate: float) -> None:
    """The best ratio any HTTP path could reach: the bare endpoint's time plus the finder's own work."""
    work = guide_seconds(body)
    print("What the finder's own work allows")
    show("guide() (red-flag screen + finder) in process", f"{work * 1000:7.2f} ms per request")
    show("ratio ceiling at concurrency 1 (bare + guide)", f"{(1 / bare_rate) / (1 / bare_rate + work):7.2f}")


def show(label: str, figure: str) -> None:
    print(f"  {label:<52} {figure}", flush=True)


def server_stack() -> str:
    found = [name for name in ("uvloop", "httptools") if _importable(name)]
    return ", ".join(found) if found else "asyncio + h11 (no uvloop, no httptools)"


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


LIBRARY_PROBE = """
import importlib, re, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    rss = re.search(r"VmRSS:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)
    print(name, int(rss) / 1024)
"""
FLOOR_LIBRARIES = ("fastapi", "uvicorn", "uvloop", "httptools", "sqlalchemy.orm", "numpy")


def show_library_floor() -> None:
    """RSS of a fresh interpreter after importing, one by one, the libraries the server cannot start without."""
    names = [n for n in FLOOR_LIBRARIES if _importable(n.split(".")[0])]
    probe = subprocess.run([sys.executable, "-c", LIBRARY_PROBE, *names], capture_output=True, text=True, check=True)
    previous = 0.0
    for row in probe.stdout.splitlines():
        name, rss = row.split()
        show(f"  + import {name}", f"{float(rss):7.1f} MB   (+{float(rss) - previous:.1f})")
        previous = float(rss)
    show("  the libraries' floor, before any of the app's code", f"{previous:7.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=1000, help="requests per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="runs per rate; the best is shown")
    parser.add_argument("--server", choices=("serve", "factory"), default="serve", help="how to start the app")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        real_port, bare_port = free_port(), free_port()
        real_command = real_server_command(args.server, real_port)
        if args.server == "factory":  # `serve` brings the database up to date itself
            triggerpoint = str(Path(sys.executable).parent / "triggerpoint")
            subprocess.run([triggerpoint, "db", "upgrade"], env=real_server_env(Path(folder)), check=True)
        bare_command = [sys.executable, "-c", BARE_APP, str(bare_port)]
        with (
            running(real_command, real_port, real_server_env(Path(folder))) as real,
            running(bare_command, bare_port, dict(os.environ)) as bare,
        ):
            print(f"uvicorn stack: {server_stack()}; real server: {' '.join(Path(a).name for a in real_command[:2])}")
            body = find_body(real.port)
            post_json(http.client.HTTPConnection(HOST, bare.port), "/bare", body)
            print("Idle memory (after warm-up and one request)")
            real_rss, bare_rss = idle_rss_mb(real), idle_rss_mb(bare)
            verdict = "ok" if real_rss <= RSS_LIMIT_MB else "OVER"
            show("triggerpoint server RSS", f"{real_rss:7.1f} MB   (limit {RSS_LIMIT_MB} MB: {verdict})")
            show("bare FastAPI app RSS", f"{bare_rss:7.1f} MB")
            show_library_floor()
            print("Body map first load, with its CSS/JS/SVG assets")
            gzipped, assets = page_bytes(real.port, gzip=True)
            plain, _ = page_bytes(real.port, gzip=False)
            verdict = "ok" if gzipped <= PAGE_LIMIT_BYTES else "OVER"
            show(f"bytes sent, Accept-Encoding: gzip ({assets} assets)",
                 f"{gzipped / 1024:7.1f} KB   (limit {PAGE_LIMIT_BYTES // 1024} KB: {verdict})")  # fmt: skip
            show("bytes sent, no compression asked", f"{plain / 1024:7.1f} KB")
            print(f"Requests per second ({args.requests} requests each, keep-alive, best of {args.rounds})")
            bare_rate = measure_rates(real, bare, body, args.requests, args.rounds)
        show_ceiling(body, bare_rate)


if __name__ == "__main__":
    main()
