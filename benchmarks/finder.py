"""Benchmark the finder beside a dense numpy computation of the same scoring, and the CLI's start-up.

Run: .venv/bin/python benchmarks/finder.py [--queries N] [--batch N] [--runs N]

Prints figures side by side, in one run; it asserts nothing (speed is measured here, not in tests):
- a single query (find_sources, the library's whole path) beside the dense reference for one drawing,
  with their ratio and the limit 3x;
- a batch (find_batch, answers as candidate rows) beside the dense reference over the same drawings,
  ratio and limit 2x; then what building FinderResults and writing JSON Lines add;
- the knowledge base load with the C YAML loader beside the pure-Python one;
- `triggerpoint --help`, `triggerpoint find` and `find --batch` wall times beside `python -c pass`.

The dense reference (dense_scores) is the model's scoring as plain numpy: a drawing is a vector of
weights over the regions, and every step scores every candidate by matrix products with
candidates x regions matrices: the greedy set, the prune, the local posteriors, twins that explain
the drawing alike sharing their score. It skips what the library adds around the maths: checking
IDs, the canonical orientation (so it may break a tie between twins on the other side), ranking and
result objects. Symptoms, activities and conditions are left out: the drawings here have none.
The issue's yardstick, the first scoring step alone, is printed too.

Drawings are random but reproducible (seeds 7 and 11): one to three referral patterns from the
knowledge base, each partly drawn, plus an occasional unrelated region.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from triggerpoint.finder import Drawing, default_index, find_batch, find_sources, json_of, result_of
from triggerpoint.finder.index import FinderIndex
from triggerpoint.kb import cache as kb_cache
from triggerpoint.kb import loader, yamltext

Floats = npt.NDArray[np.float64]


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


class DenseReference:
    """The model's scoring over drawings given as a b x regions matrix of evidence weights (0: not drawn)."""

    def __init__(self, index: FinderIndex) -> None:
        params = index.parameters
        self.index = index
        self.by_tier = np.concatenate([(index.tiers == t).T for t in (1, 2, 3)]).astype(float)  # 3 regions x c
        self.absent_by_tier = 1.0 - np.array([params.p_local, params.p_spillover, params.p_essential])
        self.absent = 1.0 - index.p  # c x regions
        self.log_absent = np.log(self.absent).T  # regions x c
        self.reaches = (index.tiers > 0).T.astype(float)  # regions x c
        self.unlike = (index.unlike_twin & (index.tiers > 0)).T.astype(float)
        self.leak, self.max_set = params.leak, params.max_set_size

    def first_step(self, weights: Floats) -> Floats:
        """b x c: the gain of each candidate on its own (the issue's yardstick)."""
        q = np.full(weights.shape, 1.0 - self.leak)
        return self.gains(weights, self.base(weights), q)

    def base(self, weights: Floats) -> Floats:
        drawn = (weights > 0).astype(float)
        base: Floats = self.index.prior_log_odds + self.index.log_absent_total - drawn @ self.log_absent
        return base

    def gains(self, weights: Floats, base: Floats, q: Floats) -> Floats:
        """b x c: log posterior odds gained by adding each candidate, with matrix products."""
        terms = np.log1p(-q[:, None, :] * self.absent_by_tier[None, :, None]) - np.log1p(-q)[:, None, :]
        gains: Floats = base + (terms * weights[:, None, :]).reshape(len(q), -1) @ self.by_tier
        return gains

    def scores(self, weights: Floats) -> Floats:
        """b x c: every candidate's posterior, -1 where it explains no drawn region."""
        batch, base = np.arange(len(weights)), self.base(weights)
        relevant = (weights > 0).astype(float) @ self.reaches > 0
        q = np.full(weights.shape, 1.0 - self.leak)
        members = np.full((len(weights), self.max_set), -1)
        open_ = relevant.copy()
        for slot in range(self.max_set):  # greedy: add the best candidate while it gains
            gains = np.where(open_, self.gains(weights, base, q), -np.inf)
            best = np.argmax(gains, axis=1)
            add = (gains[batch, best] > 0) & ((members[:, slot - 1] >= 0) if slot else True)
            if not add.any():
                break
            members[add, slot], open_[batch[add], best[add]] = best[add], False
            q[add] *= self.absent[best[add]]
        for slot in range(self.max_set):  # prune: drop a member the others made redundant
            has = members[:, slot] >= 0
            q_without = np.where(has[:, None], q / self.absent[np.maximum(members[:, slot], 0)], q)
            own = self.gains(weights, base, q_without)[batch, np.maximum(members[:, slot], 0)]
            drop = has & (own <= 0)
            members[drop, slot], q[drop] = -1, q_without[drop]
        return self.posteriors(weights, base, q, members, relevant)

    def posteriors(
        self, weights: Floats, base: Floats, q: Floats, members: npt.NDArray[np.intp], relevant: npt.NDArray[np.bool_]
    ) -> Floats:
        batch = np.arange(len(weights))
        open_ = relevant.copy()
        filled = members >= 0
        open_[np.nonzero(filled)[0], members[filled]] = False
        with_candidate = np.exp(np.minimum(np.where(open_, self.gains(weights, base, q), -np.inf), 700.0))
        total = 1.0 + with_candidate.sum(axis=1)
        without = []
        for slot in np.flatnonzero(filled.any(axis=0)):
            rows, has = members[:, slot], filled[:, slot]
            q_without = np.where(has[:, None], q / self.absent[np.maximum(rows, 0)], q)
            given_rest = self.gains(weights, base, q_without)
            own = np.where(has, given_rest[batch, np.maximum(rows, 0)], np.inf)
            swapped = np.exp(np.minimum(np.where(open_ & has[:, None], given_rest - own[:, None], -np.inf), 700.0))
            dropped = np.exp(np.minimum(-own, 700.0))
            with_candidate += swapped
            total += swapped.sum(axis=1) + dropped
            without.append((rows, has, dropped + swapped.sum(axis=1)))
        scores = with_candidate / total[:, None]
        for rows, has, odds_without in without:
            scores[batch[has], rows[has]] = 1.0 - (odds_without / total)[has]
        drawn = (weights > 0).astype(float)
        told = drawn @ self.unlike > 0
        alike = relevant & ~told & ~told[:, self.index.twin]
        shared: Floats = np.where(alike, (scores + scores[:, self.index.twin]) / 2, scores)
        return np.where(relevant, shared, -1.0)


def weight_matrix(index: FinderIndex, drawings: list[Drawing]) -> Floats:
    params = index.parameters
    floor, full = params.intensity_floor, params.full_weight_intensity
    weights = np.zeros((len(drawings), len(index.region_ids)))
    for b, drawing in enumerate(drawings):
        for region, level in drawing.painted(params.unrated_intensity).items():
            weights[b, index.region_column[region]] = floor + (1.0 - floor) * min(level, full) / full
    return weights


def median_time(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_drawing(run: Callable[[int], object], count: int) -> list[float]:
    times = []
    for b in range(count):
        start = time.perf_counter()
        run(b)
        times.append(time.perf_counter() - start)
    return sorted(times)


def line(label: str, figure: str) -> None:
    print(f"  {label:<44} {figure}")


def verdict(ratio: float, limit: float) -> str:
    return f"{ratio:.2f}x (limit {limit:.0f}x: {'within' if ratio <= limit else 'OVER'})"


def agreement(index: FinderIndex, reference: DenseReference, drawings: list[Drawing]) -> str:
    dense = reference.scores(weight_matrix(index, drawings))
    found = find_batch(drawings, index, top=len(index.candidates))
    same = sum(
        all(abs(dense[b, row] - score) < 1e-9 for row, score in zip(f.rows, f.scores, strict=True))
        for b, f in enumerate(found)
    )
    return f"{same} of {len(drawings)} drawings score alike (others: a tie between twins broken on the other side)"


def single_queries(index: FinderIndex, reference: DenseReference, count: int) -> None:
    drawings = random_drawings(index, count, seed=7)
    weights = weight_matrix(index, drawings)
    find_sources(drawings[0], index)
    reference.scores(weights[:1])
    model = per_drawing(lambda b: find_sources(drawings[b], index), count)
    dense = per_drawing(lambda b: reference.scores(weights[b : b + 1]), count)
    first = per_drawing(lambda b: reference.first_step(weights[b : b + 1]), count)
    m, d, f = (statistics.median(t) * 1e3 for t in (model, dense, first))
    print(f"single query ({count} drawings, median ms)")
    line("find_sources (model, whole path)", f"{m:.3f} ms  (p99 {model[int(count * 0.99) - 1] * 1e3:.3f} ms)")
    line("dense reference, same scoring", f"{d:.3f} ms")
    line("ratio", verdict(m / d, 3))
    line("dense first scoring step only", f"{f:.3f} ms (model / first step: {m / f:.1f}x)")
    line("agreement", agreement(index, reference, drawings[:500]))


def batch(index: FinderIndex, reference: DenseReference, count: int, runs: int) -> None:
    drawings = random_drawings(index, count, seed=11)
    weights = weight_matrix(index, drawings)
    found = find_batch(drawings, index)
    model = median_time(lambda: find_batch(drawings, index), runs)
    dense = median_time(lambda: [reference.scores(weights[s : s + 1000]) for s in range(0, count, 1000)], runs)
    first = median_time(lambda: [reference.first_step(weights[s : s + 1000]) for s in range(0, count, 1000)], runs)
    results = median_time(lambda: [result_of(index, f) for f in found], runs)
    lines = median_time(lambda: [json.dumps(json_of(index, f), separators=(",", ":")) for f in found], runs)
    print(f"batch of {count} drawings (median of {runs} runs)")
    line("find_batch (model, answers as candidate rows)", f"{model:.2f} s  ({count / model:,.0f} drawings/s)")
    line("dense reference, same scoring (chunks of 1000)", f"{dense:.2f} s")
    line("ratio", verdict(model / dense, 2))
    line("dense first scoring step only", f"{first:.2f} s (model / first step: {model / first:.1f}x)")
    line("+ building FinderResults", f"{results:.2f} s")
    line("+ JSON Lines text (json_of, compact json)", f"{lines:.2f} s")


def knowledge_base(runs: int) -> None:
    def with_loader(loader_class: type) -> Callable[[], object]:
        def load() -> object:
            original = yamltext.load_yaml
            yamltext.load_yaml = lambda text: yaml.load(text, Loader=loader_class)  # type: ignore[assignment]
            try:
                return loader.load_from(loader._data_dir())
            finally:
                yamltext.load_yaml = original

        return load

    c_loader = median_time(with_loader(yaml.CSafeLoader), runs)
    python_loader = median_time(with_loader(yaml.SafeLoader), runs)
    with tempfile.TemporaryDirectory() as folder:
        kb_cache.load_through(loader._data_dir(), loader.load_from, Path(folder))  # written once
        compiled = median_time(lambda: kb_cache.load_through(loader._data_dir(), loader.load_from, Path(folder)), runs)
    print(f"knowledge base load (median of {runs} runs)")
    line("compiled copy (kb/cache.py, what a warm start reads)", f"{compiled * 1e3:.0f} ms")
    line("C loader (yaml.CSafeLoader, when the copy is stale)", f"{c_loader * 1e3:.0f} ms")
    line("pure-Python loader (yaml.SafeLoader)", f"{python_loader * 1e3:.0f} ms ({python_loader / c_loader:.1f}x)")
    start = time.perf_counter()
    default_index.cache_clear()
    default_index()
    line("finder index build (after the load)", f"{(time.perf_counter() - start) * 1e3:.0f} ms")


def command_line(index: FinderIndex, runs: int, count: int) -> None:
    script = Path(sys.executable).with_name("triggerpoint")
    cli = [str(script)] if script.exists() else [sys.executable, "-c", "from triggerpoint.cli import app; app()"]
    with tempfile.TemporaryDirectory() as folder:
        batch_file = Path(folder) / "drawings.jsonl"
        drawings = random_drawings(index, count, seed=11)
        batch_file.write_text("".join(d.model_dump_json(exclude_defaults=True) + "\n" for d in drawings))
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "triggerpoint --help": [*cli, "--help"],
            "triggerpoint find REGION... --research --json": [
                *cli,
                "find",
                *("temple-right", "neck-side-right", "mastoid-right"),
                *("--research", "--json"),
            ],
            f"triggerpoint find --batch ({count} lines) --json": [
                *cli,
                *("find", "--batch", str(batch_file), "--research", "--json"),
            ],
        }
        print(f"command line wall time (median of {runs} runs)")
        baseline = None
        for label, command in commands.items():
            wall = median_time(lambda c=command: subprocess.run(c, capture_output=True, check=True), runs)  # type: ignore[misc]
            baseline = baseline or wall
            extra = "" if wall is baseline else f" (+{(wall - baseline) * 1e3:.0f} ms)"
            line(label, f"{wall * 1e3:.0f} ms{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    index = default_index()
    reference = DenseReference(index)
    print(f"{len(index.candidates)} candidates x {len(index.region_ids)} regions; numpy {np.__version__}")
    single_queries(index, reference, args.queries)
    batch(index, reference, args.batch, args.runs)
    knowledge_base(args.runs)
    command_line(index, max(args.runs, 5), args.batch)


if __name__ == "__main__":
    main()
