"""The dosing rules for self-treatment at home: read from kb/data/rules.yaml (with their sources)."""

from __future__ import annotations

from triggerpoint.kb.schema import DosingRules

__all__ = ["DosingRules"]
