"""The one gate before any trigger point is suggested: the red-flag screen, answered and clear.

Every surface that suggests trigger points (the body map, `POST /api/find`, `triggerpoint
find`, stored drawings) asks `guide()`, so none can show a suggestion before the screen.
"""

from triggerpoint.guidance.gate import Gate, Guidance, Status, gate, guide

__all__ = ["Gate", "Guidance", "Status", "gate", "guide"]
