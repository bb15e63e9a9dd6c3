"""Readable names for the self-care item keys sessions log (`massage:<muscle>/<point>/<side>`, `stretch:<muscle>`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from triggerpoint.progress.helped import ANY_SESSION
from triggerpoint.selfcare import HomeProgram


def _program_names(plan: HomeProgram) -> dict[str, str]:
    muscles = {item.muscle: item.muscle_name for item in plan.massage}
    names = {item.key: f"Self-massage: {item.point_name} ({item.side.value} side)" for item in plan.massage}
    for stretch in plan.stretches:
        muscle = muscles.get(stretch.muscle)
        names[stretch.key] = f"Stretch: {stretch.name}" + (f" ({muscle})" if muscle else "")
    return names


def item_names(plans: Iterable[HomeProgram]) -> dict[str, str]:
    """The name of every item of some programs (a later program's wording wins)."""
    names = {ANY_SESSION: "Any self-care session"}
    for plan in plans:
        names |= _program_names(plan)
    return names


def item_name(key: str, names: Mapping[str, str]) -> str:
    """An item's name, or one made from its key when no program names it."""
    if key in names:
        return names[key]
    kind, _, rest = key.partition(":")
    words = rest.replace("-", " ").split("/")
    if kind == "massage" and len(words) == 3:
        return f"Self-massage: {words[0].capitalize()}, {words[1]} ({words[2]} side)"
    if kind == "stretch":
        return f"Stretch: {' '.join(words).capitalize()}"
    return key
