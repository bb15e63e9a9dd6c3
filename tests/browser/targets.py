"""WCAG 2.2 target size (minimum, 2.5.8) and sideways scrolling, measured in the page.

A target passes when it is at least 24 by 24 CSS px, when it is a link inside a sentence
(the inline exception), or when a 24 px circle around its centre touches no other target
(the spacing exception). Hidden form fields and invisible elements are not targets. The
body map's areas are painted at a zoom where each is big enough; test_bodymap_phone.py
measures them there, so they are left out here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SMALL_TARGETS = (Path(__file__).parent / "targets.js").read_text(encoding="utf-8")


def small_targets(page: Any) -> list[str]:
    """The interactive targets on the page that fail WCAG 2.5.8 (too small and too close to another)."""
    found: list[str] = page.evaluate(SMALL_TARGETS)
    return found


def scrolls_sideways(page: Any) -> bool:
    """Whether the page is wider than the window (it would scroll sideways)."""
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))
