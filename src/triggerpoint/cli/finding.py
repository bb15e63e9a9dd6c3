"""What `find` does (behind the red-flag screen, or a research batch); finder_commands declares it."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from itertools import islice
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.prompt import Confirm

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
from triggerpoint.guidance import Gate, Guidance, Status, guide
from triggerpoint.kb import load_kb
from triggerpoint.kb.schema import ScreeningQuestion
from triggerpoint.screening import ScreeningError

Decide = Callable[[Mapping[str, bool]], Guidance]

RESEARCH_NOTICE = "research use: suggestions shown without the red-flag screen; not for care decisions"
BATCH_CHUNK = 1024  # drawings read, scored and written at a time
EXIT_BY_STATUS = {Status.CLEAR: 0, Status.QUESTIONS: 2, Status.REFER: 3}


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
            out.append(json.dumps({"error": {"line": number, "message": problem_text(error)}}))
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
        message = f"error: {failures} line(s) of {batch} could not be read; see the error objects"
        errors().print(message, highlight=False)
        raise typer.Exit(2)


def problem_text(error: ValidationError | DrawingError) -> str:
    """One line for a drawing that cannot be read: the message, or the first field and what is wrong with it."""
    if isinstance(error, DrawingError):
        return str(error)
    first = error.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc']) or 'line'}: {first['msg']}"


def _research_notice() -> None:
    errors().print(RESEARCH_NOTICE, highlight=False, soft_wrap=True)


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
        print_finder_result(console(), result)


def _parse_answers(path: Path) -> object:
    """The answers file's data; ValueError if it is not valid JSON (or YAML, for a .yaml or .yml file)."""
    text = path.read_text("utf-8")
    if path.suffix.lower() not in {".yaml", ".yml"}:
        return json.loads(text)
    import yaml  # only for a YAML answers file

    from triggerpoint.kb.yamltext import load_yaml

    try:
        return load_yaml(text)
    except yaml.YAMLError as error:
        raise ValueError(str(error)) from error


def _read_answers(path: Path | None) -> dict[str, bool]:
    if path is None:
        return {}
    try:
        loaded = _parse_answers(path)
    except ValueError as error:
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
    out = errors() if as_json else console()
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
        print_referral(console(), screened.outcome)
    elif screened.status is Status.CLEAR and guidance.result is not None:
        print_screen_cleared(console(), len(screened.asked))
        print_finder_result(console(), guidance.result)
    else:
        print_open_questions(console(), screened.unanswered, _example_answers(screened))


def _screened_find(drawing: Drawing, answers: Mapping[str, bool], top: int, as_json: bool) -> None:
    guidance = _screen(drawing, answers, top, as_json)
    if as_json:
        print_json(_guidance_json(guidance))
    else:
        _print_guidance(guidance)
    raise typer.Exit(EXIT_BY_STATUS[guidance.gate.status])


def run_find(
    *,
    regions: list[str] | None,
    intensity: list[str] | None,
    symptom: list[str] | None,
    activity: list[str] | None,
    condition: str | None,
    top: int,
    answers: Path | None,
    research: bool,
    batch: Path | None,
    as_json: bool,
) -> None:
    """The `find` command: a research batch, a research drawing, or a drawing behind the red-flag screen."""
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
