"""Commands that run the pain finder: find (behind the red-flag screen, or a research batch) and evaluate."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import ValidationError
from rich.markup import escape
from rich.prompt import Confirm
from rich.table import Table

from triggerpoint.cli.common import console, errors, fail, print_json
from triggerpoint.cli.render import (
    print_finder_result,
    print_open_questions,
    print_referral,
    print_screen_cleared,
    print_screen_intro,
)
from triggerpoint.finder import (
    Drawing,
    DrawingError,
    FinderIndex,
    default_index,
    find_batch,
    find_sources,
    json_of,
    painted_regions,
    with_areas,
)
from triggerpoint.finder.evaluate import EvaluationReport, SetComparison, Vignette, compare, evaluate
from triggerpoint.finder.generated import DEFAULT_SEED, generated_sets
from triggerpoint.finder.simulation import PUBLIC_BOUND, Checkpoint, ClinicSetup, simulate, true_factor_summary
from triggerpoint.guidance import Gate, Guidance, Status, guide
from triggerpoint.kb import load_kb
from triggerpoint.kb.schema import ScreeningQuestion
from triggerpoint.kb.yamltext import load_yaml
from triggerpoint.screening import ScreeningError

app = typer.Typer()

Decide = Callable[[Mapping[str, bool]], Guidance]

RESEARCH_NOTICE = "research use: suggestions shown without the red-flag screen; not for care decisions"
EVALUATE_NOTICE = "research use: the finder measured on case vignettes; not for care decisions"
GENERATED_NOTE = (
    "* generated from the knowledge base's own referral maps (seed {seed}): "
    "they test robustness to doubled, missing and stray regions, not whether the maps are right"
)
BATCH_CHUNK = 1024  # drawings read, scored and written at a time
EXIT_BY_STATUS = {Status.CLEAR: 0, Status.QUESTIONS: 2, Status.REFER: 3}
FIND_EPILOG = (
    "Red-flag questions for the painted areas come first: asked one at a time in a terminal, "
    "or answered in an --answers file. Exit status: 0 suggestions shown; 2 bad input, or questions "
    "still unanswered; 3 a red flag was answered yes: no suggestions, see a clinician as advised."
)


def _intensities(specs: list[str]) -> dict[str, int]:
    levels: dict[str, int] = {}
    for spec in specs:
        region, _, level = spec.partition("=")
        if not level.isdigit() or not 0 <= int(level) <= 10:
            fail(f"--intensity takes REGION=N with N a whole number from 0 to 10, not {spec!r}")
        levels[region] = int(level)
    return levels


def _numbered_lines(batch: Path) -> Iterator[list[tuple[int, str]]]:
    """The file's non-blank lines with their line numbers, BATCH_CHUNK at a time."""
    with batch.open(encoding="utf-8") as lines:
        numbered = ((number, line) for number, line in enumerate(lines, start=1) if line.strip())
        while chunk := list(islice(numbered, BATCH_CHUNK)):
            yield chunk


def _batch_text(index: FinderIndex, chunk: list[tuple[int, str]], top: int) -> tuple[str, int]:
    """One output line per input line, in order: the result, or an error object; and how many failed."""
    drawings: list[Drawing] = []
    out: list[str | None] = []
    for number, line in chunk:
        try:
            drawing = Drawing.model_validate_json(line)
            painted_regions(drawing, index)
        except (ValidationError, DrawingError) as error:
            out.append(json.dumps({"error": {"line": number, "message": _message(error)}}))
        else:
            drawings.append(drawing)
            out.append(None)
    answers = iter(find_batch(drawings, index, top=top))
    text = [line or json.dumps(json_of(index, next(answers)), ensure_ascii=False) for line in out]
    return "".join(line + "\n" for line in text), len(chunk) - len(drawings)


def _run_batch(batch: Path, top: int) -> None:
    index = default_index()  # loaded once for every line
    failures = 0
    for chunk in _numbered_lines(batch):
        text, failed = _batch_text(index, chunk, top)
        typer.echo(text, nl=False)
        failures += failed
    if failures:
        errors.print(f"error: {failures} line(s) of {batch} could not be read; see the error objects", highlight=False)
        raise typer.Exit(2)


def _message(error: ValidationError | DrawingError) -> str:
    if isinstance(error, DrawingError):
        return str(error)
    first = error.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc']) or 'line'}: {first['msg']}"


def _research_notice() -> None:
    errors.print(RESEARCH_NOTICE, highlight=False, soft_wrap=True)


def _run_research_batch(batch: Path, regions: list[str] | None, research: bool, top: int) -> None:
    if regions:
        fail("give either REGION arguments or --batch, not both")
    if not research:
        fail("--batch runs the finder without the red-flag questions, so it is for research only: add --research")
    _research_notice()
    _run_batch(batch, top)


def _research_find(drawing: Drawing, top: int, as_json: bool) -> None:
    try:
        index = default_index()
        result = with_areas(load_kb(), index, drawing, find_sources(drawing, index, top=top))
    except DrawingError as error:
        fail(str(error))
    _research_notice()
    if as_json:
        print_json(result.to_json())
    else:
        print_finder_result(console, result)


def _parse_answers(path: Path) -> object:
    text = path.read_text("utf-8")
    if path.suffix.lower() in {".yaml", ".yml"}:
        return load_yaml(text)
    return json.loads(text)


def _read_answers(path: Path | None) -> dict[str, bool]:
    if path is None:
        return {}
    try:
        loaded = _parse_answers(path)
    except (ValueError, yaml.YAMLError) as error:
        fail(f"--answers {path} could not be read: {' '.join(str(error).split())}")
    if not isinstance(loaded, dict):
        fail(f"--answers {path} must hold an object of question IDs, each true (yes) or false (no)")
    for question_id, answer in loaded.items():
        if not isinstance(answer, bool):
            fail(f"--answers {path}: {question_id} must be true (yes) or false (no), not {answer!r}")
    return {str(question_id): answer for question_id, answer in loaded.items()}


def _interactive() -> bool:
    """Whether a person at a terminal can be asked the questions one at a time."""
    return sys.stdin.isatty()


def _ask_until_decided(decide: Decide, guidance: Guidance, as_json: bool) -> Guidance:
    # Under --json the questions go to stderr, so that stdout stays one JSON document.
    out = errors if as_json else console
    print_screen_intro(out, len(guidance.gate.unanswered))
    answers = dict(guidance.gate.answers)
    while guidance.gate.status is Status.QUESTIONS:
        question = guidance.gate.unanswered[0]
        answers[question.id] = Confirm.ask(escape(question.ask), console=out)  # no default: an answer is required
        guidance = decide(answers)
    return guidance


def _not_asked(decide: Decide, error: ScreeningError) -> str:
    return f"--answers: {error.message}"


def _screen(drawing: Drawing, answers: Mapping[str, bool], top: int, as_json: bool) -> Guidance:
    decide: Decide = partial(guide, load_kb(), default_index(), drawing, top=top)
    try:
        guidance = decide(answers)
        if guidance.gate.status is Status.QUESTIONS and _interactive():
            guidance = _ask_until_decided(decide, guidance, as_json)
    except DrawingError as error:
        fail(str(error))
    except ScreeningError as error:
        fail(_not_asked(decide, error))
    return guidance


def _question_json(question: ScreeningQuestion) -> dict[str, str]:
    return {"id": question.id, "ask": question.ask, "why": question.why, "urgency": question.urgency.value}


def _guidance_json(guidance: Guidance) -> dict[str, object]:
    """The screen and, once clear, the result: the shape the HTTP API answers too."""
    screened, outcome, result = guidance.gate, guidance.gate.outcome, guidance.result
    return {
        "status": screened.status.value,
        "questions": [_question_json(question) for question in screened.unanswered],
        "advice": outcome.advice if outcome else None,
        "flagged": [_question_json(question) for question in outcome.flagged] if outcome else [],
        "result": result.to_json() if result else None,
    }


def _example_answers(screened: Gate) -> str:
    # Answers already given are kept, so the example is the whole file to save.
    return json.dumps({q.id: screened.answers.get(q.id, False) for q in screened.asked}, indent=2)


def _print_guidance(guidance: Guidance) -> None:
    screened = guidance.gate
    if screened.status is Status.REFER and screened.outcome is not None:
        print_referral(console, screened.outcome)
    elif screened.status is Status.CLEAR and guidance.result is not None:
        print_screen_cleared(console, len(screened.asked))
        print_finder_result(console, guidance.result)
    else:
        print_open_questions(console, screened.unanswered, _example_answers(screened))


def _screened_find(drawing: Drawing, answers: Mapping[str, bool], top: int, as_json: bool) -> None:
    guidance = _screen(drawing, answers, top, as_json)
    if as_json:
        print_json(_guidance_json(guidance))
    else:
        _print_guidance(guidance)
    raise typer.Exit(EXIT_BY_STATUS[guidance.gate.status])


@app.command(epilog=FIND_EPILOG)
def find(
    regions: Annotated[list[str] | None, typer.Argument(metavar="REGION...", help="Painted region IDs.")] = None,
    intensity: Annotated[list[str] | None, typer.Option(help="REGION=N, pain 0-10 (repeatable).")] = None,
    symptom: Annotated[list[str] | None, typer.Option(help="Associated symptom ID (repeatable).")] = None,
    activity: Annotated[list[str] | None, typer.Option(help="Aggravating activity ID (repeatable).")] = None,
    condition: Annotated[str | None, typer.Option(help="Condition context, e.g. low-back-pain.")] = None,
    top: Annotated[int, typer.Option(min=1, max=100, help="How many candidates to list.")] = 10,
    answers: Annotated[
        Path | None,
        typer.Option(help="Red-flag answers: a JSON (or YAML) object of question ID to true or false.", exists=True),
    ] = None,
    research: Annotated[
        bool, typer.Option("--research", help="Skip the red-flag questions: research use only, not for care.")
    ] = False,
    batch: Annotated[
        Path | None, typer.Option(help="JSON Lines file: one drawing per line (needs --research).", exists=True)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rank the trigger points that best explain a pain drawing, once the red-flag questions are answered no."""
    if research and answers is not None:
        fail("--research skips the red-flag questions, so it takes no --answers; give one or the other")
    if batch is not None:
        _run_research_batch(batch, regions, research, top)
        return
    drawing = Drawing(
        regions=regions or [],
        intensities=_intensities(intensity or []),
        symptoms=symptom or [],
        activities=activity or [],
        condition=condition,
    )
    if research:
        _research_find(drawing, top, as_json)
    else:
        _screened_find(drawing, _read_answers(answers), top, as_json)


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


def _read_vignettes(path: Path) -> list[Vignette]:
    try:
        return [Vignette.model_validate_json(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except ValidationError as error:
        fail(f"{path}: {_message(error)}")


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


@app.command(name="evaluate")
def evaluate_command(
    file: Annotated[Path, typer.Argument(help="Vignettes, one JSON object per line.", exists=True)],
    second_set: Annotated[
        Path | None,
        typer.Option("--second-set", help="A second vignette file, e.g. the published case reports.", exists=True),
    ] = None,
    generated: Annotated[
        bool,
        typer.Option(
            "--generated/--no-generated",
            help="Also score two-source, partial and noisy drawings generated from the knowledge base.",
        ),
    ] = True,
    learning: Annotated[
        bool,
        typer.Option(
            "--learning/--no-learning",
            help="Also simulate a clinic learning from confirmed findings (hit@1 after 50, 200 and 1,000).",
        ),
    ] = True,
    seed: Annotated[int, typer.Option(help="Seed of the generated drawings and the simulated clinic.")] = DEFAULT_SEED,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Measure the finder and an overlap-counting baseline (research use): hit@1, hit@3, MRR, both in top 5."""
    errors.print(EVALUATE_NOTICE, highlight=False, soft_wrap=True)
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
        fail(f"{file}: {_message(error)}")
    if as_json:
        simulated = {"learning": [asdict(c) for c in checkpoints], "learning_setup": summary}
        print_json(
            report.model_dump(mode="json")
            | {"seed": seed, "comparison": [c.model_dump() for c in comparisons]}
            | (simulated if learning else {})
        )
        return
    _print_report(report)
    console.print(_comparison_table(comparisons, seed))
    if learning:
        console.print(_learning_table(checkpoints, file.stem, summary))
