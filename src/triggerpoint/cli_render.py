"""Rich rendering of knowledge-base records for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

DISCLAIMER = (
    "This informs; it does not diagnose. See a clinician for pain that is new, severe or unexplained."
)


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
