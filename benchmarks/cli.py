"""Benchmark the command line's start-up: `triggerpoint --help` and `triggerpoint find` beside `python -c pass`.

Run: .venv/bin/python benchmarks/cli.py [--runs N]

Each command runs N times as a fresh process (the console script next to this interpreter),
round-robin so that a change in the machine's load touches every command alike; the median
wall time is printed beside its limit and its excess over `python -c pass`, the floor of any
Python command. The knowledge base cache lives in a temporary folder (TRIGGERPOINT_CACHE_DIR):
the first `find` builds it and is printed on its own ("cold"); the medians are warm, as every
run after the first is. CPU time (user + system) is printed too: on a shared machine it moves
less with the load than wall time does. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGIONS = ("temple-right", "neck-side-right", "mastoid-right")
LIMITS = {"triggerpoint --help": 0.3, "triggerpoint find REGION... --research": 0.5}


def console_script() -> list[str]:
    script = Path(sys.executable).with_name("triggerpoint")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from triggerpoint.cli import app; app()"]


def commands() -> dict[str, list[str]]:
    cli = console_script()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "triggerpoint --help": [*cli, "--help"],
        "triggerpoint find REGION... --research": [*cli, "find", *REGIONS, "--research"],
        "triggerpoint find REGION... --research --json": [*cli, "find", *REGIONS, "--research", "--json"],
    }


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run."""
    start, cpu = time.perf_counter(), children_cpu()
    subprocess.run(command, capture_output=True, check=True, env=env, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start, children_cpu() - cpu


def measure(runs: int, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time of each command."""
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in commands()}
    for _ in range(runs):
        for label, command in commands().items():
            times[label].append(timed(command, env))
    return {
        label: (statistics.median(t[0] for t in runs_), statistics.median(t[1] for t in runs_))
        for label, runs_ in times.items()
    }


def verdict(wall: float, limit: float | None) -> str:
    if limit is None:
        return ""
    return f"limit {limit * 1e3:.0f} ms: {'within' if wall <= limit else 'OVER'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "TRIGGERPOINT_CACHE_DIR": cache}
        cold, _ = timed(commands()["triggerpoint find REGION... --research"], env)
        medians = measure(args.runs, env)
    floor = medians["python -c pass"][0]
    load = os.getloadavg()[0]
    print(f"command line (median of {args.runs} runs, warm knowledge base cache; load average {load:.1f})")
    print(f"  {'command':<46} {'wall':>8}  {'over python -c pass':<22}{'CPU':>8}  limit (wall)")
    for label, (wall, cpu) in medians.items():
        excess = "" if label == "python -c pass" else f"+{(wall - floor) * 1e3:.0f} ms"
        limit = LIMITS.get(label, LIMITS.get(label.removesuffix(" --json")))
        print(f"  {label:<46} {wall * 1e3:5.0f} ms  {excess:<22}{cpu * 1e3:5.0f} ms  {verdict(wall, limit)}")
    print(f"  {'find, first run (builds the cache: cold)':<46} {cold * 1e3:5.0f} ms")


if __name__ == "__main__":
    main()
