"""Benchmark the finder: single-query latency (median, p99) and a 10,000-drawing batch.

Run: .venv/bin/python benchmarks/finder.py [--queries N] [--batch N]
Drawings are random but reproducible (seed 7): one to three referral patterns from the
knowledge base, each partly drawn, plus an occasional unrelated region.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from triggerpoint.finder import Drawing, default_index, find_many, find_sources
from triggerpoint.finder.index import FinderIndex


def random_drawings(index: FinderIndex, count: int, seed: int = 7) -> list[Drawing]:
    rng = np.random.default_rng(seed)
    drawings = []
    for _ in range(count):
        regions: set[str] = set()
        for row in rng.choice(len(index.candidates), size=rng.integers(1, 4), replace=False):
            reached = np.flatnonzero(index.tiers[row])
            keep = reached[rng.random(len(reached)) < 0.7] if len(reached) > 1 else reached
            regions.update(index.region_ids[c] for c in (keep if len(keep) else reached))
        if rng.random() < 0.3:
            regions.add(index.region_ids[int(rng.integers(len(index.region_ids)))])
        intensities = {r: int(rng.integers(1, 11)) for r in regions if rng.random() < 0.5}
        drawings.append(Drawing(regions=sorted(regions), intensities=intensities))
    return drawings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()

    started = time.perf_counter()
    index = default_index()
    print(
        f"knowledge base + index load: {(time.perf_counter() - started) * 1000:.0f} ms "
        f"({len(index.candidates)} candidates x {len(index.region_ids)} regions)"
    )

    singles = random_drawings(index, args.queries, seed=7)
    find_sources(singles[0], index)  # warm up
    times = []
    for drawing in singles:
        start = time.perf_counter()
        find_sources(drawing, index)
        times.append(time.perf_counter() - start)
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    print(
        f"single query ({len(times)} drawings): median {statistics.median(times) * 1e3:.3f} ms, p99 {p99 * 1e3:.3f} ms"
    )

    batch = random_drawings(index, args.batch, seed=11)
    start = time.perf_counter()
    find_many(batch, index)
    elapsed = time.perf_counter() - start
    print(f"batch of {len(batch)} drawings: {elapsed:.2f} s ({len(batch) / elapsed:,.0f} drawings/s)")


if __name__ == "__main__":
    main()
