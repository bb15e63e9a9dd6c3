"""`triggerpoint --help` and `triggerpoint find` import only what they need: no database, web, charts or PDFs;
and help, which only lists the commands and their options, not even numpy, pydantic, Rich or the knowledge base."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "alembic", "fastapi", "starlette", "uvicorn", "weasyprint", "jinja2")
NOT_FOR_HELP = (*HEAVY, "numpy", "yaml", "rich", "triggerpoint.kb", "triggerpoint.finder")

# Runs the command line in a fresh interpreter, then prints which heavy packages got imported.
PROBE = """
import json, sys
from triggerpoint.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
loaded = set(sys.modules) | {name.split(".")[0] for name in sys.modules}
print(json.dumps(sorted(loaded & set(json.loads(sys.argv[0])))))
"""


def imported_heavy(*args: str, data_dir: Path, watched: tuple[str, ...] = HEAVY) -> list[str]:
    command = [sys.executable, "-c", PROBE.replace("sys.argv[0]", repr(json.dumps(watched))), *args]
    env = {**os.environ, "TRIGGERPOINT_DATA_DIR": str(data_dir)}
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env, timeout=120)
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["find", "--help"],
        ["find", "temple-right", "neck-side-right", "--research", "--json"],
        ["find", "temple-right", "neck-side-right", "--json"],  # the red-flag questions, unanswered
        ["regions", "--json"],
    ],
    ids=" ".join,
)
def test_the_command_imports_no_heavy_package(args: list[str], tmp_path: Path) -> None:
    assert imported_heavy(*args, data_dir=tmp_path) == []


def test_the_probe_sees_a_heavy_import(tmp_path: Path) -> None:
    """The check above can fail: a command that needs the database does import SQLAlchemy."""
    assert "sqlalchemy" in imported_heavy("db", "status", data_dir=tmp_path)


@pytest.mark.parametrize(
    "args", [["--help"], ["find", "--help"], ["db", "--help"], ["evaluate", "--help"]], ids=" ".join
)
def test_help_imports_neither_numpy_nor_rich_nor_the_knowledge_base(args: list[str], tmp_path: Path) -> None:
    assert imported_heavy(*args, data_dir=tmp_path, watched=NOT_FOR_HELP) == []


def test_the_command_list_does_not_even_import_pydantic(tmp_path: Path) -> None:
    """(A command's own --help does: Typer reads every option through pydantic.)"""
    assert imported_heavy("--help", data_dir=tmp_path, watched=("pydantic",)) == []


def test_the_probe_sees_what_a_command_that_finds_imports(tmp_path: Path) -> None:
    """The check above can fail: find itself loads numpy and the knowledge base."""
    found = imported_heavy("find", "temple-right", "--research", "--json", data_dir=tmp_path, watched=NOT_FOR_HELP)
    assert {"numpy", "rich", "triggerpoint.kb", "triggerpoint.finder"} <= set(found)


def test_evaluate_shows_the_finders_own_default_seed() -> None:
    """evaluate declares its --seed default without importing the finder; it must be the finder's."""
    from triggerpoint.cli.finder_commands import GENERATED_SEED
    from triggerpoint.finder.generated import DEFAULT_SEED

    assert GENERATED_SEED == DEFAULT_SEED
