"""Backup and restore called directly: partial copies, safety-copy names, page sizes, fresh installs."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from triggerpoint.storage import backup as backup_module
from triggerpoint.storage.backup import BackupError, backup, known_revisions, restore
from triggerpoint.storage.engine import make_engine
from triggerpoint.storage.migrate import alembic_config, head_revision, upgrade

NOW = datetime(2026, 11, 30, 5, 12, 0)


def make_database(path: Path, page_size: int | None = None) -> Path:
    """A triggerpoint database at the newest revision holding one diary entry named after the file."""
    if page_size is not None:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute(f"PRAGMA page_size={page_size}")
            connection.execute("VACUUM")
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("INSERT INTO clients (display_name, uuid, created_at) VALUES ('Me', 'c1', '2026-01-01')")
        connection.execute(
            "INSERT INTO diary_entries (client_id, recorded_at, pain, drawing, medications, took_no_medication,"
            " notes, submission_id, uuid, created_at) VALUES (1, '2026-01-01 10:00', 4, '{}', '[]', 0, '', ?, ?,"
            " '2026-01-01')",
            (path.stem, path.stem),
        )
        connection.commit()
    return path


def submissions(database: Path) -> list[str]:
    with closing(sqlite3.connect(database)) as connection:
        return [row[0] for row in connection.execute("SELECT submission_id FROM diary_entries")]


def page_size(database: Path) -> int:
    with closing(sqlite3.connect(database)) as connection:
        return int(connection.execute("PRAGMA page_size").fetchone()[0])


@pytest.fixture
def live(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return make_database(folder / "triggerpoint.db")


def test_known_revisions_are_every_revision_in_the_script_directory() -> None:
    scripts = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://")))
    assert known_revisions() == {script.revision for script in scripts.walk_revisions()}
    assert head_revision(make_engine("sqlite://")) in known_revisions()


def test_a_backup_is_only_given_its_name_once_it_is_complete_and_checked(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "backups" / "copy.db"
    seen: list[tuple[bool, list[str]]] = []
    check = backup_module._check_integrity

    def watching(path: Path, shown: Path) -> None:
        seen.append((target.exists(), [p.name for p in target.parent.iterdir()]))
        check(path, shown)

    monkeypatch.setattr(backup_module, "_check_integrity", watching)
    backup(live, target)
    [(existed, files)] = seen
    assert not existed
    assert any(name.endswith(".partial") for name in files)
    assert [p.name for p in target.parent.iterdir()] == ["copy.db"]
    assert submissions(target) == ["triggerpoint"]


def test_a_backup_that_fails_its_check_leaves_nothing_behind(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(path: Path, shown: Path) -> None:
        raise BackupError(f"{shown} is damaged")

    monkeypatch.setattr(backup_module, "_check_integrity", failing)
    target = tmp_path / "backups" / "copy.db"
    with pytest.raises(BackupError, match="is damaged"):
        backup(live, target)
    assert list(target.parent.iterdir()) == []


def test_safety_copies_made_in_the_same_second_get_their_own_names(live: Path, tmp_path: Path) -> None:
    backup_file = make_database(tmp_path / "restored.db")
    first = restore(backup_file, live, now=NOW)
    second = restore(backup_file, live, now=NOW)
    assert first.safety_copy == live.with_name("triggerpoint-before-restore-20261130-051200.db")
    assert second.safety_copy == live.with_name("triggerpoint-before-restore-20261130-051200-2.db")
    assert submissions(first.safety_copy) == ["triggerpoint"]
    assert submissions(second.safety_copy) == ["restored"]


def test_restore_with_no_database_yet_keeps_no_safety_copy(tmp_path: Path) -> None:
    live = tmp_path / "new" / "triggerpoint.db"
    restored = restore(make_database(tmp_path / "restored.db"), live, now=NOW)
    assert restored.safety_copy is None
    assert restored.revision == head_revision(make_engine("sqlite://"))
    assert submissions(live) == ["restored"]


def test_a_backup_with_another_page_size_restores_over_a_wal_database(live: Path, tmp_path: Path) -> None:
    backup_file = make_database(tmp_path / "small-pages.db", page_size=1024)
    assert page_size(backup_file) != page_size(live)
    restore(backup_file, live, now=NOW)
    assert submissions(live) == ["small-pages"]


def test_restore_refuses_a_backup_missing_a_column(live: Path, tmp_path: Path) -> None:
    backup_file = make_database(tmp_path / "no-notes.db")
    with closing(sqlite3.connect(backup_file)) as connection:
        connection.execute("ALTER TABLE diary_entries DROP COLUMN notes")
    with pytest.raises(BackupError, match="its diary_entries table has no notes column"):
        restore(backup_file, live, now=NOW)
    assert submissions(live) == ["triggerpoint"]
    assert sorted(p.name for p in live.parent.iterdir()) == ["triggerpoint.db", "triggerpoint.db.lock"]


def test_restore_refuses_the_live_database_itself(live: Path) -> None:
    with pytest.raises(BackupError, match="is the live database itself"):
        restore(live, live, now=NOW)
