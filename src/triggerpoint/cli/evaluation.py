"""What `evaluate` does: the finder and an overlap-counting baseline on vignettes; finder_commands declares it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from pydantic import ValidationError
from rich.table import Table

from triggerpoint.cli.common import console, errors, fail, print_json
from triggerpoint.cli.finding import problem_text
from triggerpoint.finder import DrawingError, default_index
from triggerpoint.finder.evaluate import EvaluationReport, SetComparison, Vignette, compare, evaluate
from triggerpoint.finder.generated import generated_sets
from triggerpoint.finder.simulation import PUBLIC_BOUND, Checkpoint, ClinicSetup, simulate, true_factor_summary
from triggerpoint.kb import load_kb

EVALUATE_NOTICE = "research use: the finder measured on case vignettes; not for care decisions"
GENERATED_NOTE = (
    "* generated from the knowledge base's own referral maps (seed {seed}): "
    "they test robustness to doubled, missing and stray regions, not whether the maps are right"
)


def _print_report(report: EvaluationReport) -> None:
    overall = report.overall
    console().print(
        f"{overall.cases} cases  hit@1 {overall.hit_at_1:.3f}  hit@3 {overall.hit_at_3:.3f}  "
        f"MRR {overall.mean_reciprocal_rank:.3f}  both sources in top 5 "
        f"{overall.both_in_top_5 if overall.both_in_top_5 is not None else '-'} "
        f"({overall.two_source_cases} two-source cases)"
    )
    for title, groups in (("by area", report.by_area), ("by kind", report.by_kind)):
        console().print(f"[bold]{title}[/bold]")
        for name, m in groups.items():
            figures = f"hit@1 {m.hit_at_1:.3f}  hit@3 {m.hit_at_3:.3f}  MRR {m.mean_reciprocal_rank:.3f}"
            console().print(f"  {name:28} n={m.cases:3}  {figures}")
    for miss in report.misses:
        console().print(f"  miss  {miss}")


def _read_vignettes(path: Path) -> list[Vignette]:
    try:
        return [Vignette.model_validate_json(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except ValidationError as error:
        fail(f"{path}: {problem_text(error)}")


def _comparisons(sets: list[tuple[str, list[Vignette], bool]]) -> list[SetComparison]:
    index = default_index()
    return [compare(name, cases, index, derived) for name, cases, derived in sets]


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _comparison_table(comparisons: list[SetComparison], seed: int) -> Table:
    table = Table(title="The finder against the overlap-counting baseline", title_justify="left")
    for column in ("set", "n", "ranker", "hit@1", "hit@3", "MRR", "both in top 5"):
        table.add_column(column, justify="left" if column in ("set", "ranker") else "right", overflow="fold")
    for comparison in comparisons:
        name = comparison.name + (" *" if comparison.derived_from_kb else "")
        for ranker, m in (("model", comparison.model), ("baseline", comparison.baseline)):
            figures = (m.hit_at_1, m.hit_at_3, m.mean_reciprocal_rank, m.both_in_top_5)
            table.add_row(name if ranker == "model" else "", str(m.cases), ranker, *map(_figure, figures))
    if any(c.derived_from_kb for c in comparisons):
        table.caption = GENERATED_NOTE.format(seed=seed)
        table.caption_justify = "left"
    return table


def _learning_table(checkpoints: list[Checkpoint], public_name: str, summary: str) -> Table:
    table = Table(title="Learning from confirmed findings: a simulated clinic", title_justify="left")
    for column in ("findings (confirmed)", "clinic hit@1 (ceiling)", f"{public_name} hit@1", "hit@3", "factors"):
        table.add_column(column, justify="right")
    for c in checkpoints:
        public = [f"{_figure(t)} -> {_figure(n)}" for t, n in zip(c.public_textbook, c.public_learned, strict=True)]
        table.add_row(
            f"{c.findings} ({c.confirmed})",
            f"{_figure(c.clinic_textbook_hit_at_1)} -> {_figure(c.clinic_learned_hit_at_1)} "
            f"({_figure(c.clinic_true_hit_at_1)})",
            *public,
            f"x{c.smallest_factor:.2f}-{c.largest_factor:.2f}",
        )
    table.caption = (
        f"Textbook -> learned. {summary}. Ceiling: the model given the clinic's true prevalences. Learning may cost "
        f"{public_name} at most {PUBLIC_BOUND} of hit@1 or hit@3. Drawings come from the knowledge base's own maps: "
        "this shows how far learning corrects wrong prevalences, not that the maps are right."
    )
    table.caption_justify = "left"
    return table


def _simulation(public: list[Vignette], public_name: str, seed: int) -> tuple[list[Checkpoint], str]:
    setup = ClinicSetup(seed=seed)
    index = default_index()
    return simulate(index, public, setup), true_factor_summary(setup, index)


def run_evaluate(
    file: Path, second_set: Path | None, generated: bool, learning: bool, seed: int, as_json: bool
) -> None:
    """The `evaluate` command: the finder and the overlap-counting baseline on vignette files and generated sets,
    and a simulated clinic learning from confirmed findings."""
    errors().print(EVALUATE_NOTICE, highlight=False, soft_wrap=True)
    sets = [(file.stem, _read_vignettes(file), False)]
    if second_set is not None:
        sets.append((second_set.stem, _read_vignettes(second_set), False))
    if generated:
        sets += [(name, cases, True) for name, cases in generated_sets(load_kb(), seed).items()]
    try:
        report = evaluate(sets[0][1])
        comparisons = _comparisons(sets)
        checkpoints, summary = _simulation(sets[0][1], file.stem, seed) if learning else ([], "")
    except DrawingError as error:
        fail(f"{file}: {problem_text(error)}")
    if as_json:
        simulated = {"learning": [asdict(c) for c in checkpoints], "learning_setup": summary}
        print_json(
            report.model_dump(mode="json")
            | {"seed": seed, "comparison": [c.model_dump() for c in comparisons]}
            | (simulated if learning else {})
        )
        return
    _print_report(report)
    console().print(_comparison_table(comparisons, seed))
    if learning:
        console().print(_learning_table(checkpoints, file.stem, summary))
