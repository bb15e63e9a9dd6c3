"""Consistent copies of a live SQLite database with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; says why."""


def _check_sqlite(path: Path) -> None:
    with path.open("rb") as file:
        if file.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not a SQLite database")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}") from error
    if result is None or result[0] != "ok":
        raise BackupError(f"{path} failed its integrity check: {result}")


def backup(live: Path, target: Path) -> None:
    """Copy the live database to `target` page by page while it stays in use (no torn copy)."""
    if not live.exists():
        raise BackupError(f"there is no database at {live} yet")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(live) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    _check_sqlite(target)


def restore(backup_file: Path, live: Path) -> None:
    """Replace the live database's contents with a backup, through the same online API."""
    if not backup_file.exists():
        raise BackupError(f"there is no backup at {backup_file}")
    _check_sqlite(backup_file)
    live.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(backup_file) as source, sqlite3.connect(live) as destination:
        source.backup(destination)
