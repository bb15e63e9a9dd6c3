"""Consistent copies of a live SQLite database with SQLite's online backup API, and restoring one safely.

A backup is written under a temporary name beside its target and renamed into place once it is
complete and checked. A restore accepts only a triggerpoint database at a schema revision this
version knows, runs only while no server uses the database, copies the backup into a private
folder and migrates it there first, and keeps a safety copy of the database it replaces.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from triggerpoint.storage.engine import make_engine
from triggerpoint.storage.migrate import alembic_config, current_revision, upgrade
from triggerpoint.storage.serverlock import exclusive_use

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; says why."""


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup's schema revision, the one it is at now, and the safety copy kept."""

    made_at: str
    revision: str
    safety_copy: Path | None


def backup(live: Path, target: Path) -> None:
    """Copy the live database to `target` page by page while it stays in use (no torn copy)."""
    if not live.is_file():
        raise BackupError(f"there is no database at {live} yet")
    if target.exists() and os.path.samefile(live, target):
        raise BackupError(f"{target} is the live database itself; choose another file name for the backup")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    try:
        _write_backup(live, target)
    except OSError as error:
        raise BackupError(f"could not write {target}: {error.strerror or error}") from error


def _write_backup(live: Path, target: Path) -> None:
    """Copy into a temporary file beside `target`, check it, then rename it: a crash leaves no half copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with _partial_file(target) as partial:
        try:
            _copy(live, partial)
        except sqlite3.Error as error:
            raise BackupError(f"could not copy {live}: {error}") from error
        _check_integrity(partial, live)
        _publish(partial, target)


def restore(backup_file: Path, live: Path, now: datetime | None = None) -> Restored:
    """Replace the live database with a checked backup, keeping a safety copy of the one it replaces."""
    _check_backup_file(backup_file, live)
    try:
        with exclusive_use(live) as alone:
            if not alone:
                raise BackupError(f"a triggerpoint server is using {live}; stop it first")
            return _restore_alone(backup_file, live, now or datetime.now())
    except OSError as error:
        raise BackupError(f"could not restore into {live}: {error.strerror or error}") from error


def _restore_alone(backup_file: Path, live: Path, now: datetime) -> Restored:
    """Stage and migrate the backup in a private folder, keep a safety copy, then copy it in (no server runs)."""
    with tempfile.TemporaryDirectory(dir=live.parent, prefix=f".{live.name}.restoring-") as work:
        staged = Path(work) / "restoring.db"
        made_at = _stage(backup_file, staged, _page_size(live))
        safety_copy = _keep_safety_copy(live, now)
        _replace_contents(staged, live)
    return Restored(made_at, _revision_of(live), safety_copy)


def known_revisions() -> frozenset[str]:
    """Every schema revision this version of triggerpoint has a migration for."""
    scripts = ScriptDirectory.from_config(alembic_config(create_engine("sqlite://")))
    return frozenset(script.revision for script in scripts.walk_revisions())


def _copy(source: Path, destination: Path) -> None:
    """Copy one database into another with the online backup API, in one step: a consistent snapshot."""
    with closing(sqlite3.connect(source)) as reader, closing(sqlite3.connect(destination)) as writer:
        reader.backup(writer)


@contextmanager
def _partial_file(target: Path) -> Iterator[Path]:
    """An empty file beside `target` (same disk, so it can be renamed into place); removed afterwards."""
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(descriptor)
    partial = Path(name)
    try:
        yield partial
    finally:
        for leftover in (partial, *(partial.with_name(partial.name + end) for end in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)


def _publish(partial: Path, target: Path) -> None:
    """Give a finished, synced copy its final name, never replacing a file that appeared meanwhile."""
    _fsync(partial)
    try:
        os.link(partial, target)
    except FileExistsError:
        raise BackupError(f"{target} already exists; choose a new file name") from None
    except OSError:  # no hard links on this disk (a FAT memory stick, some network drives): rename
        if target.exists():
            raise BackupError(f"{target} already exists; choose a new file name") from None
        os.replace(partial, target)
    _fsync(target.parent)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _check_backup_file(backup_file: Path, live: Path) -> None:
    """Refuse what is plainly not a backup before touching anything."""
    if not backup_file.is_file():
        raise BackupError(f"there is no backup file at {backup_file}")
    if live.exists() and os.path.samefile(backup_file, live):
        raise BackupError(f"{backup_file} is the live database itself; name a backup file to restore")
    try:
        with backup_file.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(f"cannot read {backup_file}: {error.strerror}") from error
    if header != SQLITE_HEADER:
        raise BackupError(f"{backup_file} is not a triggerpoint backup: it is not a SQLite database file")


def _check_integrity(path: Path, shown: Path) -> None:
    """Refuse a copy (ours, never the user's file) that fails SQLite's integrity check, naming where it came from."""
    try:
        with closing(sqlite3.connect(path)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{shown} is damaged and cannot be used ({error})") from error
    if result != ("ok",):
        raise BackupError(f"{shown} is damaged: it failed SQLite's integrity check ({result and result[0]})")


def _stage(backup_file: Path, staged: Path, page_size: int | None) -> str:
    """Copy the backup to a private file, check it is ours, migrate it; returns the revision it was made at."""
    # A byte copy: opening the user's file in SQLite would leave -wal/-shm files beside it, or fail on
    # read-only media; and what is checked below is then exactly what gets restored.
    try:
        shutil.copyfile(backup_file, staged)
    except OSError as error:
        raise BackupError(f"cannot read {backup_file}: {error.strerror or error}") from error
    _check_integrity(staged, backup_file)
    made_at = _recorded_revision(staged, backup_file)
    if page_size is not None:
        _match_page_size(staged, page_size)
    engine = make_engine(f"sqlite:///{staged}")
    try:
        _check_tables(engine, made_at, backup_file)
        _migrate(engine, backup_file)
    finally:
        engine.dispose()
    return made_at


def _recorded_revision(database: Path, shown: Path) -> str:
    """The schema revision Alembic recorded in the database, refused unless this version knows it."""
    with closing(sqlite3.connect(database)) as connection:
        try:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.DatabaseError:
            rows = []
    if len(rows) != 1:
        raise BackupError(
            f"{shown} is not a triggerpoint backup: it is a SQLite database, but not one triggerpoint made"
        )
    revision = str(rows[0][0])
    if revision not in known_revisions():
        raise BackupError(
            f"{shown} was made by a newer version of triggerpoint (its schema revision {revision[:40]!r} is unknown"
            " to this one); update triggerpoint, then restore it"
        )
    return revision


def _check_tables(engine: Engine, revision: str, shown: Path) -> None:
    """Refuse a database lacking a table or column that a database at `revision` has."""
    expected, present = _tables_at(revision), _tables(engine)
    missing = sorted(set(expected) - set(present))
    if missing:
        raise BackupError(f"{shown} is not a complete triggerpoint backup: it has no {', '.join(missing)} table")
    for table, columns in sorted(expected.items()):
        lacking = sorted(columns - present[table])
        if lacking:
            raise BackupError(
                f"{shown} is not a complete triggerpoint backup: its {table} table has no {', '.join(lacking)} column"
            )


def _tables_at(revision: str) -> dict[str, set[str]]:
    """The tables and columns of a database migrated to `revision`, built in memory by our migrations."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        upgrade(engine, revision)
        return _tables(engine)
    finally:
        engine.dispose()


def _tables(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {table: {column["name"] for column in inspector.get_columns(table)} for table in inspector.get_table_names()}


def _migrate(engine: Engine, shown: Path) -> None:
    try:
        upgrade(engine)
    except (SQLAlchemyError, CommandError) as error:
        reason = str(error).splitlines()[0]
        raise BackupError(f"{shown} could not be brought up to the newest schema: {reason}") from error


def _page_size(database: Path) -> int | None:
    """The page size in a SQLite file's header, or None when there is no readable database there."""
    try:
        with database.open("rb") as file:
            header = file.read(18)
    except OSError:
        return None
    if len(header) < 18 or not header.startswith(SQLITE_HEADER):
        return None
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def _match_page_size(staged: Path, page_size: int) -> None:
    """Rebuild the staged copy with the live page size: SQLite cannot copy across sizes into a WAL database."""
    with closing(sqlite3.connect(staged, isolation_level=None)) as connection:
        if connection.execute("PRAGMA page_size").fetchone()[0] == page_size:
            return
        connection.execute("PRAGMA journal_mode=DELETE")  # the page size cannot change in WAL mode
        connection.execute(f"PRAGMA page_size={int(page_size)}")
        connection.execute("VACUUM")


def _keep_safety_copy(live: Path, now: datetime) -> Path | None:
    """Back up the database about to be replaced, beside it; None when there is none yet."""
    if not live.is_file():
        return None
    target = _safety_copy_path(live, now)
    try:
        backup(live, target)
    except BackupError as error:
        raise BackupError(
            f"could not keep a safety copy of the current database, so nothing was restored: {error};"
            f" if it is damaged, move {live} to another folder and restore again"
        ) from error
    return target


def _safety_copy_path(live: Path, now: datetime) -> Path:
    """A free name such as triggerpoint-before-restore-20261130-051200.db beside the live database."""
    stem = f"{live.stem}-before-restore-{now:%Y%m%d-%H%M%S}"
    names = itertools.chain([stem], (f"{stem}-{count}" for count in itertools.count(2)))
    return next(path for path in (live.with_name(name + live.suffix) for name in names) if not path.exists())


def _replace_contents(staged: Path, live: Path) -> None:
    """Copy the staged database into the live one in a single SQLite transaction: all of it or none."""
    try:
        _copy(staged, live)
    except sqlite3.Error as error:
        raise BackupError(f"could not write {live} ({error}); it was left as it was") from error


def _revision_of(database: Path) -> str:
    engine = make_engine(f"sqlite:///{database}")
    try:
        return current_revision(engine) or "none"
    finally:
        engine.dispose()
