"""Rich rendering of knowledge-base records for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from triggerpoint.finder.answers import listed_once
from triggerpoint.finder.types import FinderResult, RankedPoint
from triggerpoint.kb.schema import ScreeningQuestion, Urgency
from triggerpoint.screening import ScreeningOutcome

DISCLAIMER = "This informs; it does not diagnose. See a clinician for pain that is new, severe or unexplained."
HOW_URGENT = {Urgency.EMERGENCY: "Emergency", Urgency.TODAY: "Today", Urgency.SOON: "Soon"}


def _dose_text(dose: dict[str, Any]) -> str:
    amount = f"{dose['seconds']} s" if dose.get("seconds") else f"{dose['strokes']} strokes"
    return f"pressure {dose['pressure']}/10, {amount}, {dose['times_per_day']}x a day"


def _point_table(point: dict[str, Any]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    referral = point["referral"]
    care = point["self_treatment"]
    rows = [
        ("Where", point["landmark"]),
        ("Essential", ", ".join(referral["essential"])),
        ("Spillover", ", ".join(referral["spillover"]) or "-"),
        ("Site", ", ".join(referral["local"])),
        (
            "Evidence",
            point["evidence"] + (f" - {point['evidence_note']}" if point.get("evidence_note") else ""),
        ),
        ("Self-care", f"{care['tool']}, {care['technique']}: {care['position']} {care['find']}"),
        ("Dose", _dose_text(care["dose"])),
        ("Avoid", care["avoid"]),
        ("Sources", ", ".join(point["sources"])),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return table


def print_muscle(console: Console, detail: dict[str, Any]) -> None:
    """Print one muscle's full entry."""
    aliases = f" (also: {', '.join(detail['aliases'])})" if detail["aliases"] else ""
    console.print(f"[bold]{detail['name']}[/bold]{aliases}  [dim]{detail['id']} - {detail['area']}[/dim]")
    console.print(detail["action"])
    for point in detail["trigger_points"]:
        console.print(Panel(_point_table(point), title=point["name"], title_align="left"))
    stretch = detail["stretch"]
    console.print(
        f"[bold]Stretch:[/bold] {stretch['name']}: {stretch['how']} "
        f"Hold {stretch['hold_seconds']} s, {stretch['repetitions']} times."
    )
    for caution in detail["precautions"]:
        console.print(f"[bold yellow]Caution:[/bold yellow] {caution}")
    console.print(f"[dim]{DISCLAIMER}[/dim]")


def _short(region: str, side: str) -> str:
    return region.removesuffix(f"-{side}")


def _explains_text(point: RankedPoint) -> str:
    side = point.side.value
    parts = []
    for tier in ("essential", "spillover", "local"):
        names = [_short(e.region, side) for e in point.explains if e.how.value == tier]
        if names:
            parts.append(f"{tier}: {', '.join(names)}")
    if point.missing_essential:
        missing = ", ".join(_short(r, side) for r in point.missing_essential)
        parts.append(f"[dim]not painted: {missing}[/dim]")
    return "; ".join(parts)


def print_finder_result(console: Console, result: FinderResult) -> None:
    """Print ranked candidates, the smallest explaining set and what nothing explains."""
    if result.minimal_set:
        start = ", ".join(
            f"{p.muscle_name} ({'either side' if p.either_side else p.side.value})" for p in result.minimal_set
        )
        console.print(f"[bold]Start here:[/bold] {start}")
    table = Table(title="Trigger points that may explain this drawing", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("muscle", no_wrap=True)
    table.add_column("point")
    table.add_column("side")
    table.add_column("score", justify="right")
    table.add_column("explains")
    for rank, point in enumerate(listed_once(result.candidates), start=1):
        name = f"[bold]{point.muscle}[/bold]" if point.in_minimal_set else point.muscle
        side = "either" if point.either_side else point.side.value
        table.add_row(str(rank), name, point.trigger_point, side, f"{point.score:.2f}", _explains_text(point))
    console.print(table)
    if result.unexplained:
        console.print(f"Nothing in the knowledge base explains: {', '.join(result.unexplained)}")
    print_areas(console, result)
    console.print(f"[dim]{DISCLAIMER}[/dim]")


def print_areas(console: Console, result: FinderResult) -> None:
    """Each separate pain area of the drawing with the three points that explain it best on its own."""
    if not result.areas:
        return
    console.print(f"[bold]By pain area[/bold] ({len(result.areas)} separate areas):")
    for area in result.areas:
        best = ", ".join(f"{p.muscle_name} {p.trigger_point} ({p.side.value})" for p in area.candidates[:3])
        console.print(f"  for the {area.name.lower()} ({_count(len(area.regions), 'region')}): {best}", highlight=False)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def print_screen_intro(console: Console, count: int) -> None:
    """Say that safety questions come before any suggestion, and how to answer them."""
    questions = _count(count, "safety question")
    console.print(
        f"Before any suggestion, please answer {questions} about your pain: y for yes, n for no.", highlight=False
    )


def print_screen_cleared(console: Console, count: int) -> None:
    """Say that every red-flag question was answered no, the line that leads a cleared result."""
    every = "the" if count == 1 else "all"
    console.print(f"Safety check: you answered no to {every} {_count(count, 'red-flag question')}.", highlight=False)


def print_referral(console: Console, outcome: ScreeningOutcome) -> None:
    """Print what to do, how urgently and why, in place of any suggestion."""
    urgency = HOW_URGENT[outcome.urgency] if outcome.urgency else "See a doctor"
    console.print(f"[bold red]{urgency}:[/bold red] [bold]{escape(outcome.advice or '')}[/bold]", highlight=False)
    for question in outcome.flagged:
        console.print(f"You answered yes to: {question.ask}", highlight=False, markup=False)
        console.print(f"Why this matters: {question.why}", highlight=False, markup=False)
    console.print("No self-massage suggestions are shown: please have this checked by a clinician first.")


def print_open_questions(console: Console, questions: tuple[ScreeningQuestion, ...], example: str) -> None:
    """List the red-flag questions still to answer and show an answers file to put them in."""
    console.print(f"Before any suggestion, please answer {_count(len(questions), 'safety question')}:", highlight=False)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for question in questions:
        table.add_row(question.id, escape(question.ask))
    console.print(table)
    console.print(
        "Run this in a terminal to be asked one at a time, or save your answers in a file "
        "(true for yes, false for no) and add --answers FILE, for example:",
        highlight=False,
    )
    console.print(example, highlight=False, markup=False, soft_wrap=True)
