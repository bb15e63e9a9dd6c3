"""Read the region and muscle IDs of the interface contracts (snapshot and shared copy)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "spec"
SHARED = REPO.parent / "shared" / "spec"


def spec_dirs() -> list[Path]:
    """The in-repo snapshot always, and the shared contract when it is beside the clone."""
    return [SNAPSHOT, *([SHARED] if SHARED.is_dir() else [])]


def spec_region_ids(directory: Path) -> set[str]:
    text = (directory / "body-regions.md").read_text(encoding="utf-8")
    ids: set[str] = set()
    for base in re.findall(r"^\| ([a-z][a-z0-9-]*(?:-\{left,right\})?) \|", text, flags=re.M):
        if base.endswith("-{left,right}"):
            stem = base.removesuffix("-{left,right}")
            ids |= {f"{stem}-left", f"{stem}-right"}
        else:
            ids.add(base)
    return ids


def spec_muscle_ids(directory: Path) -> set[str]:
    text = (directory / "muscles.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    body = "\n".join(section.split("\n", 1)[1] for section in sections)
    return {word for word in re.split(r"[,\s]+", body) if word}
