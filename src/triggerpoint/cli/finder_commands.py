"""Commands that run the pain finder: find (behind the red-flag screen, or a research batch) and evaluate.

Only the commands' options are declared here; what they do is in cli.finding, imported when one
runs, so that `--help` starts without numpy, pydantic or the knowledge base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()

FIND_EPILOG = (
    "Red-flag questions for the painted areas come first: asked one at a time in a terminal, "
    "or answered in an --answers file. Exit status: 0 suggestions shown; 2 bad input, or questions "
    "still unanswered; 3 a red flag was answered yes: no suggestions, see a clinician as advised."
)
GENERATED_SEED = 13  # finder.generated.DEFAULT_SEED (a test checks they agree)


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
    from triggerpoint.cli.finding import run_find

    run_find(
        regions=regions,
        intensity=intensity,
        symptom=symptom,
        activity=activity,
        condition=condition,
        top=top,
        answers=answers,
        research=research,
        batch=batch,
        as_json=as_json,
    )


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
    seed: Annotated[
        int, typer.Option(help="Seed of the generated drawings and the simulated clinic.")
    ] = GENERATED_SEED,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Measure the finder and an overlap-counting baseline (research use): hit@1, hit@3, MRR, both in top 5."""
    from triggerpoint.cli.evaluation import run_evaluate

    run_evaluate(file, second_set, generated, learning, seed, as_json)
