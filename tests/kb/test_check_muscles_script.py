"""The authors' script that checks muscle files one by one runs on the shipped data, all files or one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "scripts" / "check_muscles.py"


def run(*ids: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *ids], capture_output=True, text=True, check=False)


def test_every_shipped_muscle_file_passes() -> None:
    result = run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   upper-trapezius.yaml" in result.stdout
    assert "FAIL" not in result.stdout


def test_one_muscle_can_be_checked_alone() -> None:
    result = run("masseter")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == ["ok   masseter.yaml"]
