"""Benchmark the reports: a year of daily diary entries to the progress PDF and the doctor's summary.

Run: .venv/bin/python benchmarks/reports.py [--runs N]
Seeds a temporary SQLite database with reports.demo (365 days, 1-3 entries a day, sessions,
check-ins, questionnaires every four weeks), warms the app once (imports, fonts), then
times each report over HTTP in-process and prints the median.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from datetime import date

from fastapi.testclient import TestClient

from triggerpoint.clients.service import local_client
from triggerpoint.clock import FixedClock
from triggerpoint.kb import load_kb
from triggerpoint.reports.demo import seed_demo_year
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for, session_factory
from triggerpoint.storage.migrate import upgrade

TODAY = date(2026, 11, 25)
PERIOD = "start=2025-11-25&end=2026-11-25"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as folder:
        settings = get_settings(data_dir=folder)
        engine = engine_for(settings)
        upgrade(engine)
        with session_factory(engine)() as session:
            seed_demo_year(session, load_kb(), local_client(session).id, date(2026, 11, 24))
            session.commit()
        app = create_app(settings)
        app.state.clock = FixedClock(TODAY)
        with TestClient(app, base_url="http://localhost") as client:
            for path in (
                f"/progress?{PERIOD}",
                f"/reports/progress.pdf?{PERIOD}",
                f"/reports/doctor.pdf?{PERIOD}",
                "/export/fhir.json",
            ):
                client.get(path)  # warm-up: imports, fonts, caches
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    response = client.get(path)
                    times.append(time.perf_counter() - start)
                    assert response.status_code == 200
                print(
                    f"{path.split('?')[0]:24} median {statistics.median(times):.2f} s, "
                    f"max {max(times):.2f} s, {len(response.content) / 1024:.0f} KiB ({args.runs} runs)"
                )


if __name__ == "__main__":
    main()
