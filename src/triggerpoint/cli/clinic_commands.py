"""Commands for clinic mode: make a clinic and its first admin."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from triggerpoint.cli.common import console, fail

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from triggerpoint.finder.learning import PointKey, Tally

# The database, accounts and settings are imported inside each command, so that `--help` and
# the commands that need no database start without SQLAlchemy or Alembic.

clinic_app = typer.Typer(help="Clinic mode: clinics and their first admin.", no_args_is_help=True)


def _password_from_stdin() -> str | None:
    """A password piped in (first line of standard input); None when standard input is a terminal or empty."""
    if sys.stdin is None or sys.stdin.isatty():
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    return line or None


@clinic_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="The clinic's name.")],
    admin: Annotated[str, typer.Option("--admin", help="E-mail address of the clinic's first admin.")],
    base_url: Annotated[
        str, typer.Option(help="The address staff open the app at, for the set-up link.")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Make a clinic and its first admin. Pipe a password in, or hand the admin the one-time set-up link printed."""
    from triggerpoint.accounts import service as accounts
    from triggerpoint.settings import get_settings
    from triggerpoint.storage.engine import engine_for, session_factory, upgrade_to_head

    settings = get_settings()
    upgrade_to_head(settings)
    engine = engine_for(settings)
    password = _password_from_stdin()
    where = accounts.Where(address="command line", now=datetime.now(UTC))
    with session_factory(engine, clinic=True)() as db:
        try:
            clinic, account, token = accounts.create_clinic(db, name, admin, where)
            if password is not None:
                accounts.set_password(db, account, password)
        except accounts.AccountError as error:
            fail(str(error))
        db.commit()
    console().print(f"clinic {clinic.name!r} ({clinic.uuid}) with admin {account.email}", highlight=False)
    if password is None:
        console().print(
            f"set-up link (one use, 7 days): {base_url.rstrip('/')}/link/{token}", highlight=False, soft_wrap=True
        )
    else:
        console().print("password set; at first sign-in the admin sets up an authenticator app", highlight=False)
    if not settings.clinic:
        console().print("start the app with TRIGGERPOINT_MODE=clinic to use it", style="yellow")


def _enter_named_clinic(db: Session, clinic: str | None) -> None:
    """PostgreSQL walls each clinic's rows off (row-level security): enter the named one, or stop."""
    from triggerpoint.storage import tenancy

    if db.get_bind().dialect.name != "postgresql":
        return
    if clinic is None or tenancy.enter_clinic_of(db, "triggerpoint_clinic_named", clinic) is None:
        fail("name the clinic (--clinic NAME): on PostgreSQL each clinic's records are walled off")


@clinic_app.command("examinations")
def export_examinations(
    out: Annotated[Path, typer.Argument(help="The JSON Lines file to write.", dir_okay=False)],
    clinic: Annotated[
        str | None, typer.Option(help="The clinic's name; needed on PostgreSQL, where each clinic is walled off.")
    ] = None,
) -> None:
    """Write the examinations kept for the finder to learn from, one per line: the drawing, the suggestions
    in the order shown, and what was found at each point examined. No names, accounts, dates or IDs."""
    from triggerpoint.settings import get_settings
    from triggerpoint.storage.engine import engine_for, session_factory
    from triggerpoint.visits.learning import examinations

    engine = engine_for(get_settings())
    count = 0
    with session_factory(engine, clinic=True)() as db:
        _enter_named_clinic(db, clinic)  # before the file is touched: a refusal leaves no empty file behind
        with out.open("w", encoding="utf-8") as written:
            for record in examinations(db, clinic):
                written.write(json.dumps(record, sort_keys=True) + "\n")
                count += 1
    engine.dispose()
    console().print(f"{count} examinations written to {out}", highlight=False)


@clinic_app.command("pool-findings")
def pool_findings(
    clinic: Annotated[
        list[str], typer.Option(help="A clinic's name (repeat for each); only those that chose to pool are counted.")
    ],
) -> None:
    """Refresh the pooled counts that pooling clinics' finders learn from: per trigger point, the examinations,
    confirmations and the textbook's expectation summed over the clinics named that chose to pool."""
    from triggerpoint.clock import Clock
    from triggerpoint.learning import service as learning
    from triggerpoint.settings import get_settings
    from triggerpoint.storage.engine import engine_for, session_factory

    engine = engine_for(get_settings())
    sessions = session_factory(engine, clinic=True)
    try:
        counted = [tallies for name in dict.fromkeys(clinic) if (tallies := _pooling_tallies(sessions, name))]
        with sessions() as db:
            rows = learning.pool(counted, Clock().now())
            learning.replace_pool(db, rows)
            db.commit()
    finally:
        engine.dispose()
    console().print(f"pooled counts for {len(rows)} trigger points from {len(counted)} clinic(s)", highlight=False)


def _pooling_tallies(sessions: sessionmaker[Session], name: str) -> dict[PointKey, Tally] | None:
    """A named clinic's evidence, if it chose to pool it; stops at a name that is no clinic."""
    from triggerpoint.accounts.repository import clinic_by_name
    from triggerpoint.finder import default_index
    from triggerpoint.learning import service as learning

    with sessions() as db:
        found = clinic_by_name(db, name)
        if found is None:
            fail(f"no clinic named {name!r}")
        if not learning.pooling(db, found.id):
            console().print(f"{name!r} does not pool its findings: left out", highlight=False)
            return None
        return learning.clinic_tallies(db, found.id, default_index())
