"""What every command shares: the consoles, the one-line failure, JSON output."""

from __future__ import annotations

import json
from typing import NoReturn

import typer
from rich.console import Console

console = Console()
errors = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Print one line to stderr and exit with status 2 (bad input)."""
    errors.print(f"error: {message}", style="red", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def print_json(value: object) -> None:
    """Print a value as indented JSON."""
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))
