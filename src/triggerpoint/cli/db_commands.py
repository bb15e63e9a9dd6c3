"""Commands that look after the database: migrations, backup and restore."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from triggerpoint.cli.common import console, fail

if TYPE_CHECKING:
    from triggerpoint.storage.backup import Restored

# Settings and storage (SQLAlchemy, Alembic) are imported inside each command, so that `--help`
# and the commands that need no database start without them.

app = typer.Typer()
db_app = typer.Typer(help="The database: migrations.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema (SQLite in the data folder by default)."""
    from triggerpoint.settings import get_settings
    from triggerpoint.storage.engine import migration_engine_for
    from triggerpoint.storage.migrate import current_revision, upgrade

    settings = get_settings()
    engine = migration_engine_for(settings)
    upgrade(engine)
    where = (settings.database_url and engine.url.render_as_string(hide_password=True)) or settings.sqlite_path
    console().print(f"database at {where} is at revision {current_revision(engine)}")


@db_app.command("status")
def db_status() -> None:
    """Show the database's schema revision and the newest one."""
    from triggerpoint.settings import get_settings
    from triggerpoint.storage.engine import engine_for
    from triggerpoint.storage.migrate import current_revision, head_revision

    engine = engine_for(get_settings())
    console().print(f"current {current_revision(engine)}, newest {head_revision(engine)}")


def _sqlite_only() -> Path:
    from triggerpoint.settings import get_settings

    settings = get_settings()
    if settings.database_url is not None:
        fail("backup and restore work on the embedded SQLite database; use pg_dump for PostgreSQL")
    return settings.sqlite_path


@app.command(name="backup")
def backup_command(file: Annotated[Path, typer.Argument(help="Where to write the copy (a new file).")]) -> None:
    """Make a consistent copy of the live database (safe while the app runs)."""
    from rich.markup import escape

    from triggerpoint.storage.backup import BackupError, backup

    try:
        backup(_sqlite_only(), file)
    except BackupError as error:
        fail(escape(str(error)))
    _say(f"backed up to {file}")


@app.command(name="restore")
def restore_command(file: Annotated[Path, typer.Argument(help="A backup made with `triggerpoint backup`.")]) -> None:
    """Bring back a backup (stop the server first); keeps a safety copy of the database it replaces."""
    from rich.markup import escape

    from triggerpoint.storage.backup import BackupError, restore

    try:
        restored = restore(file, _sqlite_only())
    except BackupError as error:
        fail(escape(str(error)))
    _report_restore(file, restored)


def _report_restore(file: Path, restored: Restored) -> None:
    if restored.safety_copy is not None:
        _say(f"kept a safety copy of the database it replaced at {restored.safety_copy}")
    upgraded = f" (brought up from revision {restored.made_at})" if restored.made_at != restored.revision else ""
    _say(f"restored from {file}; the database is now at revision {restored.revision}{upgraded}")
    if restored.safety_copy is not None:
        _say(f"to undo, run: triggerpoint restore {shlex.quote(str(restored.safety_copy))}")


def _say(line: str) -> None:
    """Print one line as it is: no markup, no wrapping inside a file name."""
    console().print(line, markup=False, soft_wrap=True)


@app.command(name="demo-data")
def demo_data(days: Annotated[int, typer.Option(min=7, max=3660, help="How many days of records.")] = 365) -> None:
    """Fill the local database with a year of made-up records, to see the charts and reports."""
    from triggerpoint.clients.service import local_client
    from triggerpoint.clock import Clock
    from triggerpoint.kb import load_kb
    from triggerpoint.reports.demo import seed_demo_year
    from triggerpoint.settings import get_settings
    from triggerpoint.storage.engine import engine_for, session_factory
    from triggerpoint.storage.migrate import upgrade

    engine = engine_for(get_settings())
    upgrade(engine)
    with session_factory(engine)() as session:
        client = local_client(session)
        seed_demo_year(session, load_kb(), client.id, Clock().today(), days)
        session.commit()
    console().print(f"added {days} days of demo records")
