"""The dosing rules for self-treatment at home, in one place, each with its source.

- Pressure at most 7 on a 0-10 discomfort scale: firm enough to feel, never so hard the
  muscle guards (Davies 2013; Simons 2002, pressure release at a tolerable barrier).
- Sustained pressure 20 to 60 seconds per point: the effective range in Hou et al. 2002
  for ischemic compression (low pressure held longer, or higher pressure held briefly);
  60 s keeps a home session short.
- Or 6 to 12 slow, short strokes per point (Davies 2013).
- At most 3 times a day per point (the workbook's "several times a day", capped so that
  soreness has time to settle).
- A daily cap of 5 points and 20 minutes of self-massage: more points than that are
  rotated across days rather than piled into one (Davies 2013 warns that treating too
  many points at once leaves people sore; the cap is our choice, stated here).
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = ("davies-2013", "hou-2002", "travell-simons-v1")


@dataclass(frozen=True)
class DosingRules:
    """Limits every home program keeps to."""

    max_pressure: int = 7
    min_seconds: int = 20
    max_seconds: int = 60
    min_strokes: int = 6
    max_strokes: int = 12
    max_times_per_day: int = 3
    max_points_per_day: int = 5
    max_minutes_per_day: float = 20.0
    seconds_per_stroke: float = 3.0
    setup_seconds: float = 30.0  # finding the spot and getting into position, each time
    stretch_times_per_day: int = 2

    def clamp_seconds(self, seconds: int) -> int:
        return min(max(seconds, self.min_seconds), self.max_seconds)

    def clamp_strokes(self, strokes: int) -> int:
        return min(max(strokes, self.min_strokes), self.max_strokes)


DEFAULT_RULES = DosingRules()
