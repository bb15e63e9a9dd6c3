"""`triggerpoint --help` and `triggerpoint find` import only what they need: no database, web, charts or PDFs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "alembic", "fastapi", "starlette", "uvicorn", "matplotlib", "weasyprint", "jinja2")

# Runs the command line in a fresh interpreter, then prints which heavy packages got imported.
PROBE = """
import json, sys
from triggerpoint.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.argv[0])))))
"""


def imported_heavy(*args: str, data_dir: Path) -> list[str]:
    command = [sys.executable, "-c", PROBE.replace("sys.argv[0]", repr(json.dumps(HEAVY))), *args]
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
