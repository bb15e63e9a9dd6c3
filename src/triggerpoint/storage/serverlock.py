"""Tell whether a server is using a SQLite database: servers hold a shared lock on a file beside it.

The operating system releases the lock when the process ends, however it ends, so a crashed
server never leaves a stale lock behind. Any number of servers (or workers) share it; restore
needs it exclusively and so refuses while one is running.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def lock_path(database: Path) -> Path:
    """The lock file that sits beside a database."""
    return database.with_name(database.name + ".lock")


@contextmanager
def server_running(database: Path) -> Iterator[None]:
    """Hold the database's shared server lock while the block runs (a server's lifetime)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


@contextmanager
def exclusive_use(database: Path) -> Iterator[bool]:
    """Try to take the database for this process alone; yields False when a server holds it."""
    database.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)
