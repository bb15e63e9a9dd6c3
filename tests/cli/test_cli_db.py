"""`triggerpoint db upgrade`, `backup` and `restore` from the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from triggerpoint.cli import app

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("TRIGGERPOINT_DATA_DIR", str(folder))
    return folder


def entries(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM diary_entries").fetchone()[0])


def add_entry(database: Path, submission: str) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO clients (display_name, uuid, created_at) SELECT 'Me', 'c1', '2026-01-01' "
            "WHERE NOT EXISTS (SELECT 1 FROM clients)"
        )
        connection.execute(
            "INSERT INTO diary_entries (client_id, recorded_at, pain, drawing, medications, took_no_medication,"
            " notes, submission_id, uuid, created_at) VALUES (1, '2026-01-01 10:00', 4, '{}', '[]', 0, '', ?, ?,"
            " '2026-01-01')",
            (submission, submission),
        )


def test_upgrade_backup_and_restore(data_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0
    assert "revision" in result.stdout
    database = data_dir / "triggerpoint.db"
    add_entry(database, "first")
    copy = tmp_path / "backup.db"
    assert runner.invoke(app, ["backup", str(copy)]).exit_code == 0
    add_entry(database, "second")
    assert entries(database) == 2
    assert runner.invoke(app, ["restore", str(copy)]).exit_code == 0
    assert entries(database) == 1


def test_backup_refuses_to_overwrite_and_restore_refuses_a_non_database(data_dir: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    existing = tmp_path / "exists.db"
    existing.write_text("x")
    result = runner.invoke(app, ["backup", str(existing)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    result = runner.invoke(app, ["restore", str(existing)])
    assert result.exit_code == 2
    assert "not a SQLite database" in result.stderr
