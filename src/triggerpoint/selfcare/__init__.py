"""Self-care at home: dosed programs, rotation within daily caps, the soreness rule, reminders."""

from triggerpoint.selfcare.checkin import CheckInOutcome, Soreness, SorenessReport, Trend, assess_soreness
from triggerpoint.selfcare.dosing import DosingRules
from triggerpoint.selfcare.program import (
    DayPlan,
    EditError,
    HomeProgram,
    ItemEdit,
    PointChoice,
    build_home_program,
    day_plan,
    edit_program,
)

__all__ = [
    "CheckInOutcome",
    "DayPlan",
    "DosingRules",
    "EditError",
    "HomeProgram",
    "ItemEdit",
    "PointChoice",
    "Soreness",
    "SorenessReport",
    "Trend",
    "assess_soreness",
    "build_home_program",
    "day_plan",
    "edit_program",
]
