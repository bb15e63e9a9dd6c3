"""Benchmark diary writes over the API against raw inserts of the same row with the same settings.

Run: .venv/bin/python benchmarks/writes.py [--writes N] [--runs N] [--postgres URL]

The API side is `POST /api/diary`, one entry per request, each committed before it answers, on a
fresh SQLite database built by the migrations, measured two ways:
- in-process: Starlette's TestClient drives the whole app (middleware, the unit of work, validation,
  the service, the commit) with no sockets;
- real HTTP: `triggerpoint serve` (uvicorn) in its own process, and a keep-alive HTTP/1.1 client
  (http.client) in this one.
The raw side inserts the row the API stored, column for column (a new uuid and submission_id), with
sqlite3 into a copy of the API's database (same schema, indexes and client) and the app's PRAGMAs
(WAL, synchronous=FULL, foreign keys, busy timeout), one transaction per row. The disk's flush time
varies a lot on a shared machine, so API and raw writes alternate one by one; each round's rate is
writes over the summed time, and the median of --runs rounds is printed with the ratio beside its
limit, 0.25. Beside them, the same write with no HTTP at all (the schema, the service, the commit), whose ratio
is the most the API could reach. The API's CPU time per write is printed too (in-process: the whole process, test client
included; over HTTP: the server process): it moves less with the machine's load than wall time.

With --postgres (a server URL such as postgresql+psycopg://postgres@127.0.0.1:5432/postgres), the
in-process API is measured the same way on a database created for the run and dropped after it,
against psycopg inserts of the same row, one transaction each.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

from triggerpoint.server import create_app, ready_to_serve
from triggerpoint.settings import Settings, get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

Write = Callable[[], tuple[float, float]]  # one write; its wall time and the API's CPU time, in seconds

LIMIT = 0.25
SECRET = "benchmark-secret"
ENTRY = {
    "pain": 6,
    "drawing": {"temple-right": 7, "neck-side-right": 5},
    "regions": ["mastoid-right"],
    "qualities": {"temple-right": ["throbbing"]},
    "sleep_quality": 4,
    "stress": 6,
    "mood": 5,
    "triggers": ["computer-work"],
    "medications": [{"name": "ibuprofen", "dose": "400 mg"}],
    "notes": "a long day at the desk",
}
PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000")


def new_entry() -> bytes:
    return json.dumps(ENTRY | {"submission_id": uuid.uuid4().hex}).encode()


def timed(post: Callable[[bytes], int], cpu: Callable[[], float]) -> Write:
    """A write that POSTs a new entry and checks it was stored (201), timed by the clock and by `cpu`."""

    def write() -> tuple[float, float]:
        body = new_entry()
        start, used = time.perf_counter(), cpu()
        status = post(body)
        elapsed, used = time.perf_counter() - start, cpu() - used
        if status != 201:
            raise RuntimeError(f"POST /api/diary answered {status}")
        return elapsed, used

    return write


def server_cpu(pid: int) -> Callable[[], float]:
    """The CPU seconds (user + system) a process has used so far, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")

    def used() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    return used


@contextmanager
def in_process(settings: Settings) -> Iterator[Write]:
    upgrade(engine_for(settings))
    headers = {"content-type": "application/json"}
    with TestClient(ready_to_serve(create_app(settings)), base_url="http://localhost") as client:
        # In-process, the CPU is the whole process's: the test client's side of each request too.
        yield timed(
            lambda body: client.post("/api/diary", content=body, headers=headers).status_code, time.process_time
        )


@contextmanager
def service_alone(settings: Settings) -> Iterator[Write]:
    """The same write with no HTTP at all: the schema parses the body, the service stores it, the session commits.

    What the API could reach if requests, middleware and dependencies cost nothing: its ratio is a ceiling.
    """
    from datetime import UTC, datetime

    from triggerpoint.clients import repository as clients_repo
    from triggerpoint.diary import service
    from triggerpoint.diary.schemas import DiaryEntryCreate

    app = create_app(settings)
    sessions, kb = app.state.sessions, app.state.kb

    def write() -> tuple[float, float]:
        body = new_entry()
        start, cpu = time.perf_counter(), time.process_time()
        entry = DiaryEntryCreate.model_validate_json(body)
        with sessions() as db:
            client = clients_repo.first_client(db)
            assert client is not None
            service.add_entry(db, kb, client.id, entry, datetime.now(UTC))
            db.commit()
        return time.perf_counter() - start, time.process_time() - cpu

    yield write


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"triggerpoint serve stopped: {server.stderr.read() if server.stderr else ''!r}")
        try:
            with closing(socket.create_connection(("127.0.0.1", port), timeout=1)):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("triggerpoint serve did not start within 60 s")


@contextmanager
def over_http(folder: Path) -> Iterator[Write]:
    port = free_port()
    env = {
        **os.environ,
        "TRIGGERPOINT_DATA_DIR": str(folder),
        "TRIGGERPOINT_PORT": str(port),
        "TRIGGERPOINT_TIMEZONE": "UTC",
        "TRIGGERPOINT_SECRET_KEY": SECRET,
    }
    script = Path(sys.executable).with_name("triggerpoint")
    with subprocess.Popen([str(script), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as server:
        try:
            wait_for(port, server)
            connection = http.client.HTTPConnection("127.0.0.1", port)  # one kept-alive connection

            def post(body: bytes) -> int:
                connection.request("POST", "/api/diary", body=body, headers={"content-type": "application/json"})
                response = connection.getresponse()
                response.read()
                return response.status

            yield timed(post, server_cpu(server.pid))
            connection.close()
        finally:
            server.terminate()


def stored_row(connection: Any) -> tuple[list[str], list[Any]]:
    """The newest row the API stored, as columns and values, without its row ID."""
    cursor = connection.cursor()
    cursor.execute("SELECT * FROM diary_entries ORDER BY id DESC LIMIT 1")
    columns = [d[0] for d in cursor.description]
    values = list(cursor.fetchone())
    keep = [i for i, name in enumerate(columns) if name != "id"]
    return [columns[i] for i in keep], [values[i] for i in keep]


def fresh_identity(columns: list[str], values: list[Any]) -> list[Any]:
    changed = dict(zip(columns, values, strict=True)) | {"uuid": str(uuid.uuid4()), "submission_id": uuid.uuid4().hex}
    return [changed[c] for c in columns]


def insert_statement(columns: list[str], placeholder: str) -> str:
    return f"INSERT INTO diary_entries ({', '.join(columns)}) VALUES ({', '.join(placeholder for _ in columns)})"


@contextmanager
def raw_sqlite(api_database: Path, copy: Path) -> Iterator[Write]:
    """Inserts of the API's newest row into a copy of its database, with the app's PRAGMAs."""
    connection = sqlite3.connect(copy, isolation_level=None)  # explicit BEGIN and COMMIT around each row
    for pragma in PRAGMAS:
        connection.execute(f"PRAGMA {pragma}")
    with closing(sqlite3.connect(api_database)) as source:
        source.backup(connection)
        columns, values = stored_row(source)
    insert = insert_statement(columns, "?")

    def write() -> tuple[float, float]:
        row = fresh_identity(columns, values)
        start, cpu = time.perf_counter(), time.process_time()
        connection.execute("BEGIN")
        connection.execute(insert, row)
        connection.execute("COMMIT")
        return time.perf_counter() - start, time.process_time() - cpu

    yield write
    connection.close()


def line(label: str, figure: str) -> None:
    print(f"  {label:<50} {figure}")


def compare(title: str, api_label: str, api: Write, raw: Write, count: int, runs: int, ceiling: bool = False) -> None:
    """Alternate one API write and one raw write, so that both meet the disk's flushes alike."""
    api(), raw()  # warm both: the first connection, statement caches
    rounds = [[(api(), raw()) for _ in range(count)] for _ in range(runs)]

    def median(side: int, measure: int) -> float:
        return statistics.median(sum(pair[side][measure] for pair in pairs) / count for pairs in rounds)

    api_wall, raw_wall, api_cpu = median(0, 0), median(1, 0), median(0, 1)
    ratio = statistics.median(sum(r[0] for _, r in pairs) / sum(a[0] for a, _ in pairs) for pairs in rounds)
    print(f"{title} ({count} writes of each a round, alternating; median of {runs} rounds)")
    line(api_label, f"{1 / api_wall:7.0f} writes/s  ({api_wall * 1e3:.2f} ms each; CPU {api_cpu * 1e3:.2f} ms)")
    line("raw inserts of the same row, same settings", f"{1 / raw_wall:7.0f} writes/s  ({raw_wall * 1e3:.2f} ms each)")
    if ceiling:
        line("ratio without HTTP / raw: the most the API can reach", f"{ratio:7.3f}  (the API's limit is {LIMIT})")
    else:
        line("ratio API / raw", f"{ratio:7.3f}  (limit {LIMIT}: {'within' if ratio >= LIMIT else 'UNDER'})")


def sqlite(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = get_settings(data_dir=Path(folder) / "app", timezone="UTC", secret_key=SECRET)
        with in_process(settings) as api:
            api()
            with raw_sqlite(settings.sqlite_path, Path(folder) / "raw.db") as raw:
                label = "POST /api/diary, in-process (TestClient)"
                compare("SQLite, in-process", label, api, raw, count, runs)
        with service_alone(settings) as alone:
            alone()
            with raw_sqlite(settings.sqlite_path, Path(folder) / "raw.db") as raw:
                label = "schema + service + commit alone (no HTTP)"
                title = "SQLite, the write path without HTTP"
                compare(title, label, alone, raw, count, runs, ceiling=True)
    with tempfile.TemporaryDirectory() as folder, over_http(Path(folder) / "app") as api:
        api()
        with raw_sqlite(Path(folder) / "app" / "triggerpoint.db", Path(folder) / "raw.db") as raw:
            label = "POST /api/diary over HTTP (uvicorn, own process)"
            compare("SQLite, real HTTP server", label, api, raw, count, runs)


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A database of its own on the server, dropped afterwards."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"triggerpoint_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres(server_url: str, count: int, runs: int) -> None:
    import psycopg

    with postgres_database(server_url) as url, tempfile.TemporaryDirectory() as folder:
        settings = get_settings(data_dir=folder, database_url=url, timezone="UTC", secret_key=SECRET)
        with in_process(settings) as api:
            api()
            plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
            with psycopg.connect(plain, autocommit=True) as connection:
                columns, values = stored_row(connection)
                values = [json.dumps(v) if isinstance(v, dict | list) else v for v in values]
                insert = insert_statement(columns, "%s")

                def raw() -> tuple[float, float]:
                    row = fresh_identity(columns, values)
                    start, cpu = time.perf_counter(), time.process_time()
                    with connection.transaction():
                        connection.execute(insert, row)
                    return time.perf_counter() - start, time.process_time() - cpu

                compare("PostgreSQL, in-process", "POST /api/diary, in-process (TestClient)", api, raw, count, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a database is created for the run and dropped")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    sqlite(args.writes, args.runs)
    if args.postgres:
        postgres(args.postgres, args.writes, args.runs)


if __name__ == "__main__":
    main()
