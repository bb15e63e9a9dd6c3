"""Plain JSON-ready views of knowledge-base records, shared by the CLI, the API and the pages."""

from __future__ import annotations

from typing import Any

from triggerpoint.kb.model import KnowledgeBase
from triggerpoint.kb.schema import Muscle, Region, TriggerPoint


def region_row(region: Region) -> dict[str, Any]:
    """One region: id, name, views, side, Michigan Body Map and WPI areas."""
    return {
        "id": region.id,
        "name": region.name,
        "views": [view.value for view in region.views],
        "side": region.side.value if region.side else None,
        "group": region.group,
        "michigan": region.michigan,
        "wpi": region.wpi,
    }


def point_summary(point: TriggerPoint) -> dict[str, Any]:
    """A trigger point's ID, name and referral map (base region IDs, same side unless marked)."""
    return {
        "id": point.id,
        "name": point.name,
        "essential": list(point.referral.essential),
        "spillover": list(point.referral.spillover),
        "local": list(point.referral.local),
    }


def muscle_summary(muscle: Muscle) -> dict[str, Any]:
    """A muscle with its trigger points and their essential and spillover regions."""
    return {
        "id": muscle.id,
        "name": muscle.name,
        "area": muscle.area,
        "trigger_points": [point_summary(point) for point in muscle.trigger_points],
    }


def muscle_detail(kb: KnowledgeBase, muscle: Muscle) -> dict[str, Any]:
    """Everything about one muscle, with source keys expanded to citations."""
    detail: dict[str, Any] = muscle.model_dump(mode="json")
    detail["citations"] = {
        key: kb.source(key).citation
        for key in dict.fromkeys([*muscle.sources, *(k for p in muscle.trigger_points for k in p.sources)])
    }
    return detail
