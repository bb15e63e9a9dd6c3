"""Benchmark the reports: /progress for one and five years, both PDFs, and the FHIR export, each beside its limit.

Run: .venv/bin/python benchmarks/reports.py [--runs N]
Seeds two temporary SQLite databases with reports.demo (one year and five years of daily diary
entries, sessions, check-ins, questionnaires every four weeks), warms each app once (imports,
fonts), then times each report over HTTP in-process and prints the median of N runs.
"First" is a render with nothing kept (a fresh report cache: every chart drawn, every PDF
rendered); "cached" is the same request again, as when the page is reloaded or a PDF downloaded
twice with no new record in between. Each figure is wall time (the limit applies to it) and the
CPU time the process spent meanwhile, which a busy machine does not inflate. The 5y/1y ratio
shows whether /progress grows linearly with the records (about 5 for five times the records).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient

from triggerpoint.clients.service import local_client
from triggerpoint.clock import FixedClock
from triggerpoint.kb import load_kb
from triggerpoint.reports.cache import ReportCache
from triggerpoint.reports.demo import seed_demo_year
from triggerpoint.server import create_app, ready_to_serve
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for, session_factory
from triggerpoint.storage.migrate import upgrade

TODAY = date(2026, 11, 25)
YEAR = "start=2025-11-25&end=2026-11-25"
FIVE_YEARS = "start=2021-11-26&end=2026-11-25"
LIMITS = {"progress-5y": 0.5, "progress.pdf": 1.0, "doctor.pdf": 0.7, "fhir": 0.5}


@contextmanager
def demo_app(days: int) -> Iterator[tuple[FastAPI, TestClient]]:
    """An app over a temporary database seeded with `days` of demo records ending yesterday."""
    with tempfile.TemporaryDirectory() as folder:
        settings = get_settings(data_dir=folder)
        engine = engine_for(settings)
        upgrade(engine)
        with session_factory(engine)() as session:
            seed_demo_year(session, load_kb(), local_client(session).id, date(2026, 11, 24), days=days)
            session.commit()
        engine.dispose()
        app = ready_to_serve(create_app(settings))  # as `triggerpoint serve` does
        app.state.clock = FixedClock(TODAY)
        with TestClient(app, base_url="http://localhost") as client:
            yield app, client


@dataclass(frozen=True)
class Timing:
    wall: float  # median seconds from request to response
    cpu: float  # median CPU seconds of this process meanwhile: what the request cost, however busy the machine
    size: int  # bytes of the last response


def median_time(client: TestClient, path: str, runs: int, before: Callable[[], None] = lambda: None) -> Timing:
    """The median of `runs` requests, each after `before`."""
    walls, cpus, size = [], [], 0
    for _ in range(runs):
        before()
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.content)
    return Timing(statistics.median(walls), statistics.median(cpus), size)


def line(name: str, timing: Timing, limit: float | None = None, extra: str = "") -> None:
    verdict = "" if limit is None else f"limit {limit:.2f} s  {'ok' if timing.wall <= limit else 'OVER'}"
    print(f"{name:28} {timing.wall:6.2f} s (cpu {timing.cpu:5.2f} s)   {verdict:20} {extra}")


def measure(app: FastAPI, client: TestClient, label: str, period: str, runs: int, everything: bool) -> Timing:
    """Time /progress (first and cached) and, for the year, both PDFs and the FHIR export; the first /progress."""

    def forget() -> None:
        app.state.report_cache = ReportCache.sized()

    for path in (f"/progress?{period}", f"/reports/doctor.pdf?{period}", "/export/fhir.json"):
        client.get(path)  # warm-up: imports, fonts
    first = median_time(client, f"/progress?{period}", runs, forget)
    cached = median_time(client, f"/progress?{period}", runs)
    limit = LIMITS["progress-5y"] if label == "5y" else None
    line(f"/progress {label}, first", first, limit)
    line(f"/progress {label}, cached", cached, limit)
    if not everything:
        return first
    for name in ("progress.pdf", "doctor.pdf"):
        path = f"/reports/{name}?{period}"
        first_pdf = median_time(client, path, runs, forget)
        line(f"{name} {label}, first", first_pdf, LIMITS[name], f"{first_pdf.size / 1024:.0f} KiB")
        line(f"{name} {label}, cached", median_time(client, path, runs), LIMITS[name])
    fhir = median_time(client, "/export/fhir.json", runs)
    line(f"FHIR export {label}", fhir, LIMITS["fhir"], f"{fhir.size / 1e6:.1f} MB")
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"median of {args.runs} runs each")
    with demo_app(365) as (app, client):
        year = measure(app, client, "1y", YEAR, args.runs, everything=True)
    with demo_app(5 * 365 + 1) as (app, client):
        five = measure(app, client, "5y", FIVE_YEARS, args.runs, everything=False)
    ratio = f"{five.wall / year.wall:.2f} (cpu {five.cpu / year.cpu:.2f})"
    print(f"{'/progress first, 5y / 1y':28} {ratio:25} limit ~5 (linear in the records)")


if __name__ == "__main__":
    main()
