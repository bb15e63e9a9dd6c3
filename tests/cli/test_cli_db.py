"""`triggerpoint db upgrade`, `backup` and `restore` from the command line."""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from typer.testing import CliRunner

from triggerpoint.cli import app
from triggerpoint.storage.engine import make_engine
from triggerpoint.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from triggerpoint.storage.models import Base
from triggerpoint.storage.serverlock import server_running

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("TRIGGERPOINT_DATA_DIR", str(folder))
    return folder


def entries(database: Path) -> int:
    with closing(sqlite3.connect(database)) as connection:
        return int(connection.execute("SELECT count(*) FROM diary_entries").fetchone()[0])


def add_entry(database: Path, submission: str) -> None:
    with closing(sqlite3.connect(database)) as connection, connection:  # commit, then close
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


def make_database(path: Path, revision: str = "head") -> Path:
    """A triggerpoint database built by the migrations, closed so no WAL file lingers."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, revision)
    engine.dispose()
    return path


def first_revision() -> str:
    scripts = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://")))
    return list(scripts.walk_revisions())[-1].revision


def revision_of(database: Path) -> str | None:
    engine = make_engine(f"sqlite:///{database}")
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def submissions(database: Path) -> list[str]:
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute("SELECT submission_id FROM diary_entries ORDER BY submission_id").fetchall()
    return [row[0] for row in rows]


def integrity(database: Path) -> str:
    with closing(sqlite3.connect(database)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder with a digest of its bytes (the server lock file aside)."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "a folder"
        for path in folder.iterdir()
        if not path.name.endswith(".lock")
    }


def safety_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("*before-restore*"))


@pytest.fixture
def live(data_dir: Path) -> Path:
    """The live database at the newest revision, holding one diary entry, "first"."""
    data_dir.mkdir()
    database = make_database(data_dir / "triggerpoint.db")
    add_entry(database, "first")
    return database


def plain_sqlite(folder: Path) -> Path:
    path = folder / "notes.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()
    return path


def unknown_revision(folder: Path) -> Path:
    path = make_database(folder / "from-the-future.db")
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_a_newer_triggerpoint'")
        connection.commit()
    return path


def missing_table(folder: Path) -> Path:
    path = make_database(folder / "partial.db")
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DROP TABLE diary_entries")
        connection.commit()
    return path


def truncated(folder: Path) -> Path:
    path = make_database(folder / "truncated.db")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def scribbled(folder: Path) -> Path:
    path = make_database(folder / "scribbled.db")
    data = bytearray(path.read_bytes())
    data[8192:] = b"\xff" * (len(data) - 8192)
    path.write_bytes(bytes(data))
    return path


def not_sqlite(folder: Path) -> Path:
    path = folder / "diary.csv"
    path.write_text("day,pain\n2026-01-01,4\n")
    return path


@pytest.mark.parametrize(
    ("make_backup", "reason"),
    [
        (plain_sqlite, "not one triggerpoint made"),
        (unknown_revision, "made by a newer version of triggerpoint"),
        (missing_table, "has no diary_entries table"),
        (truncated, "is damaged"),
        (scribbled, "is damaged"),
        (not_sqlite, "not a SQLite database file"),
    ],
    ids=["plain-sqlite", "unknown-revision", "missing-table", "truncated", "scribbled", "not-sqlite"],
)
def test_restore_refuses_what_is_not_a_triggerpoint_backup_and_changes_nothing(
    live: Path, tmp_path: Path, make_backup: Callable[[Path], Path], reason: str
) -> None:
    backup_file = make_backup(tmp_path)
    before = snapshot(live.parent)
    result = runner.invoke(app, ["restore", str(backup_file)])
    assert result.exit_code == 2
    assert reason in result.stderr
    assert str(backup_file) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert snapshot(live.parent) == before
    assert safety_copies(live.parent) == []


def test_restore_refuses_while_a_server_uses_the_database(live: Path, tmp_path: Path) -> None:
    backup_file = make_database(tmp_path / "good.db")
    before = snapshot(live.parent)
    with server_running(live):
        result = runner.invoke(app, ["restore", str(backup_file)])
    assert result.exit_code == 2
    assert f"a triggerpoint server is using {live}; stop it first" in result.stderr
    assert snapshot(live.parent) == before
    assert submissions(live) == ["first"]


def test_restore_keeps_a_safety_copy_that_brings_back_what_it_replaced(live: Path, tmp_path: Path) -> None:
    copy = tmp_path / "backup.db"
    assert runner.invoke(app, ["backup", str(copy)]).exit_code == 0
    add_entry(live, "second")
    result = runner.invoke(app, ["restore", str(copy)])
    assert result.exit_code == 0, result.stderr
    [safety] = safety_copies(live.parent)
    assert safety.name.startswith("triggerpoint-before-restore-")
    assert f"kept a safety copy of the database it replaced at {safety}" in result.stdout
    assert f"now at revision {head_revision(make_engine('sqlite://'))}" in result.stdout
    assert submissions(live) == ["first"]
    assert revision_of(live) == head_revision(make_engine("sqlite://"))

    undo = runner.invoke(app, ["restore", str(safety)])
    assert undo.exit_code == 0, undo.stderr
    assert submissions(live) == ["first", "second"]


def test_an_old_backup_is_restored_and_brought_to_the_newest_revision(live: Path, tmp_path: Path) -> None:
    first = first_revision()
    old = make_database(tmp_path / "old.db", first)
    add_entry(old, "old")
    result = runner.invoke(app, ["restore", str(old)])
    assert result.exit_code == 0, result.stderr
    assert f"brought up from revision {first}" in result.stdout
    assert revision_of(live) == head_revision(make_engine("sqlite://"))
    assert submissions(live) == ["old"]
    assert set(Base.metadata.tables) <= set(inspect(make_engine(f"sqlite:///{live}")).get_table_names())
    assert integrity(live) == "ok"


def keep_writing(database: Path, committed: list[str], enough: threading.Event, stop: threading.Event) -> None:
    """Add diary entries one transaction at a time until told to stop; note each once it is committed."""
    for count in itertools.count():
        if stop.is_set():
            return
        add_entry(database, f"w{count:06d}")
        committed.append(f"w{count:06d}")
        if count >= 50:
            enough.set()


def test_a_backup_taken_while_entries_are_written_restores_a_consistent_snapshot(live: Path, tmp_path: Path) -> None:
    committed: list[str] = []
    enough, stop = threading.Event(), threading.Event()
    writer = threading.Thread(target=keep_writing, args=(live, committed, enough, stop))
    writer.start()
    try:
        assert enough.wait(timeout=60), "the writer never committed enough entries"
        before = {"first", *committed}
        copy = tmp_path / "during-writes.db"
        result = runner.invoke(app, ["backup", str(copy)])
    finally:
        stop.set()
        writer.join(timeout=60)
    after = {"first", *committed}
    assert result.exit_code == 0, result.stderr
    assert integrity(copy) == "ok"
    saved = submissions(copy)
    assert before <= set(saved) <= after
    assert len(saved) == len(set(saved))

    assert runner.invoke(app, ["restore", str(copy)]).exit_code == 0
    assert integrity(live) == "ok"
    assert submissions(live) == saved
    assert entries(live) == len(saved)
    [safety] = safety_copies(live.parent)  # what was written after the backup is not lost: it is kept here
    assert set(submissions(safety)) == after


def test_backup_refuses_the_live_database_as_its_target(live: Path) -> None:
    before = snapshot(live.parent)
    for target in (live, live.parent / ".." / live.parent.name / live.name):
        result = runner.invoke(app, ["backup", str(target)])
        assert result.exit_code == 2
        assert "is the live database itself" in result.stderr
    assert snapshot(live.parent) == before


def test_restore_does_nothing_when_it_cannot_keep_a_safety_copy(live: Path, tmp_path: Path) -> None:
    backup_file = make_database(tmp_path / "good.db")
    data = bytearray(live.read_bytes())
    data[8192:] = b"\xff" * (len(data) - 8192)  # the live database is damaged, so copying it fails its check
    live.write_bytes(bytes(data))
    before = snapshot(live.parent)
    result = runner.invoke(app, ["restore", str(backup_file)])
    assert result.exit_code == 2
    assert "could not keep a safety copy of the current database, so nothing was restored" in result.stderr
    assert f"move {live} to another folder" in result.stderr
    assert snapshot(live.parent) == before
    assert safety_copies(live.parent) == []
