"""Commands that run the pain finder: find (one drawing or a batch) and evaluate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from triggerpoint.cli.common import console, errors, fail, print_json
from triggerpoint.cli.render import print_finder_result
from triggerpoint.finder import Drawing, DrawingError, default_index, find_sources
from triggerpoint.finder.evaluate import EvaluationReport, Vignette, evaluate

app = typer.Typer()


def _intensities(specs: list[str]) -> dict[str, int]:
    levels: dict[str, int] = {}
    for spec in specs:
        region, _, level = spec.partition("=")
        if not level.isdigit() or not 0 <= int(level) <= 10:
            fail(f"--intensity takes REGION=N with N a whole number from 0 to 10, not {spec!r}")
        levels[region] = int(level)
    return levels


def _run_batch(batch: Path, top: int) -> None:
    index = default_index()  # loaded once for every line
    failures = 0
    with batch.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                result = find_sources(Drawing.model_validate_json(line), index, top=top)
                typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
            except (ValidationError, DrawingError) as error:
                failures += 1
                typer.echo(json.dumps({"error": {"line": number, "message": _message(error)}}))
    if failures:
        errors.print(f"error: {failures} line(s) of {batch} could not be read; see the error objects", highlight=False)
        raise typer.Exit(2)


def _message(error: ValidationError | DrawingError) -> str:
    if isinstance(error, DrawingError):
        return str(error)
    first = error.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc']) or 'line'}: {first['msg']}"


@app.command()
def find(
    regions: Annotated[list[str] | None, typer.Argument(metavar="REGION...", help="Painted region IDs.")] = None,
    intensity: Annotated[list[str] | None, typer.Option(help="REGION=N, pain 0-10 (repeatable).")] = None,
    symptom: Annotated[list[str] | None, typer.Option(help="Associated symptom ID (repeatable).")] = None,
    activity: Annotated[list[str] | None, typer.Option(help="Aggravating activity ID (repeatable).")] = None,
    condition: Annotated[str | None, typer.Option(help="Condition context, e.g. low-back-pain.")] = None,
    top: Annotated[int, typer.Option(min=1, max=100, help="How many candidates to list.")] = 10,
    batch: Annotated[Path | None, typer.Option(help="JSON Lines file: one drawing per line.", exists=True)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rank the trigger points that best explain a pain drawing. Informs; does not diagnose."""
    if batch is not None:
        if regions:
            fail("give either REGION arguments or --batch, not both")
        _run_batch(batch, top)
        return
    drawing = Drawing(
        regions=regions or [],
        intensities=_intensities(intensity or []),
        symptoms=symptom or [],
        activities=activity or [],
        condition=condition,
    )
    try:
        result = find_sources(drawing, top=top)
    except DrawingError as error:
        fail(str(error))
    if as_json:
        print_json(result.to_json())
    else:
        print_finder_result(console, result)


def _print_report(report: EvaluationReport) -> None:
    overall = report.overall
    console.print(
        f"{overall.cases} cases  hit@1 {overall.hit_at_1:.3f}  hit@3 {overall.hit_at_3:.3f}  "
        f"MRR {overall.mean_reciprocal_rank:.3f}  both sources in top 5 "
        f"{overall.both_in_top_5 if overall.both_in_top_5 is not None else '-'} "
        f"({overall.two_source_cases} two-source cases)"
    )
    for title, groups in (("by area", report.by_area), ("by kind", report.by_kind)):
        console.print(f"[bold]{title}[/bold]")
        for name, m in groups.items():
            figures = f"hit@1 {m.hit_at_1:.3f}  hit@3 {m.hit_at_3:.3f}  MRR {m.mean_reciprocal_rank:.3f}"
            console.print(f"  {name:28} n={m.cases:3}  {figures}")
    for miss in report.misses:
        console.print(f"  miss  {miss}")


@app.command(name="evaluate")
def evaluate_command(
    file: Annotated[Path, typer.Argument(help="Vignettes, one JSON object per line.", exists=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Measure the finder on case vignettes: hit@1, hit@3, MRR, both sources in the top 5."""
    try:
        cases = [Vignette.model_validate_json(line) for line in file.read_text("utf-8").splitlines() if line.strip()]
        report = evaluate(cases)
    except (ValidationError, DrawingError) as error:
        fail(f"{file}: {_message(error)}")
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        _print_report(report)
