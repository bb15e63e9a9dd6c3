"""Parse the app's YAML data with libyaml's C loader, or PyYAML's own where it was built without libyaml."""

from __future__ import annotations

from typing import Any

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # PyYAML built without libyaml: the pure-Python loader reads the same files, ten times slower
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


def load_yaml(text: str) -> Any:
    """The data in a YAML document (safe: plain data types only)."""
    return yaml.load(text, Loader=Loader)
