"""What every command shares: the consoles, the one-line failure, JSON output.

The consoles are made on first use, so that `--help` starts without importing Rich.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console


@cache
def console() -> Console:
    """The console on standard output."""
    from rich.console import Console

    return Console()


@cache
def errors() -> Console:
    """The console on standard error: failures, notices, and the questions when stdout carries JSON."""
    from rich.console import Console

    return Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Print one line to stderr and exit with status 2 (bad input)."""
    errors().print(f"error: {message}", style="red", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def print_json(value: object) -> None:
    """Print a value as indented JSON."""
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))
