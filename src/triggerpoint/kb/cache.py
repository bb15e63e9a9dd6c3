"""A compiled copy of the knowledge base: the loaded, checked model pickled, keyed by a hash of what built it.

Parsing and validating the YAML files is most of a command's start-up; unpickling their result
takes a tenth of that. The key covers every data file, the code that reads them (kb/*.py) and
the versions of Python and pydantic, so a change to any of them rebuilds the copy. A copy that is
missing, stale, corrupt or not the user's own is passed over, and one that cannot be written is
not kept: the knowledge base then loads from the YAML files as it always did.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pydantic

from triggerpoint.kb.model import KnowledgeBase

CACHE_DIR_VARIABLE = "TRIGGERPOINT_CACHE_DIR"
PROTOCOL = pickle.HIGHEST_PROTOCOL


def cache_dir() -> Path:
    """Where compiled copies are kept: TRIGGERPOINT_CACHE_DIR, else the user's cache folder (XDG)."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "triggerpoint"


def _files(folder: Traversable, suffix: str, prefix: str = "", deep: bool = True) -> Iterator[tuple[str, bytes]]:
    """(relative name, content) of each file ending in `suffix`, in a fixed order."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and deep:
            yield from _files(entry, suffix, f"{prefix}{entry.name}/")
        elif entry.name.endswith(suffix):
            yield prefix + entry.name, entry.read_bytes()


def fingerprint(directory: Traversable) -> str:
    """A hash of what a loaded knowledge base depends on: its data files, the kb code, Python and pydantic."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"python {sys.version}; pydantic {pydantic.VERSION}; pickle {PROTOCOL}\n".encode())
    code = _files(resources.files("triggerpoint.kb"), ".py", "kb/", deep=False)
    for name, content in (*code, *_files(directory, ".yaml", "data/")):
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def slot(folder: Path, directory: Traversable) -> Path:
    """The cache file of one data directory: each installation keeps its own, rewritten when stale."""
    return folder / f"kb-{hashlib.blake2b(str(directory).encode(), digest_size=8).hexdigest()}.pickle"


def _trusted(status: os.stat_result) -> bool:
    """Only the user's own file, writable by nobody else, is unpickled (unpickling can run code)."""
    if os.name != "posix":
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def read_copy(path: Path, key: str) -> KnowledgeBase | None:
    """The knowledge base stored at `path` under `key`, or None: missing, stale, corrupt or not trusted."""
    try:
        with path.open("rb") as file:
            if not _trusted(os.fstat(file.fileno())) or file.readline() != key.encode() + b"\n":
                return None
            kb = pickle.load(file)
    except Exception:  # a truncated or foreign pickle can raise nearly anything; the YAML files are the fallback
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def write_copy(path: Path, key: str, kb: KnowledgeBase) -> None:
    """Store the knowledge base under `key`, atomically (readers see the old copy or the new); skipped if unwritable."""
    written: Path | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".kb-", delete=False) as file:
            written = Path(file.name)
            file.write(key.encode() + b"\n")
            pickle.dump(kb, file, protocol=PROTOCOL)
        written.replace(path)
    except OSError:
        if written is not None:
            written.unlink(missing_ok=True)


def load_through(directory: Traversable, build: Callable[[Traversable], KnowledgeBase], folder: Path) -> KnowledgeBase:
    """The knowledge base of a data directory: the compiled copy in `folder` if it is current, else built and kept."""
    key = fingerprint(directory)
    path = slot(folder, directory)
    kb = read_copy(path, key)
    if kb is None:
        kb = build(directory)
        write_copy(path, key, kb)
    return kb
