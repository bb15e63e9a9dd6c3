"""The finder's typed input (a pain drawing) and output (ranked, explained trigger points)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, TypeAdapter

from triggerpoint.kb import Tier
from triggerpoint.kb.ids import ids_of
from triggerpoint.kb.schema import Side

Intensity = Annotated[StrictInt, Field(ge=0, le=10)]


class Drawing(BaseModel):
    """A pain drawing: painted regions (intensity 0-10 optional) and optional context."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    regions: list[StrictStr] = Field(
        default_factory=list, max_length=200, description="painted region IDs", json_schema_extra=ids_of("region")
    )
    intensities: dict[StrictStr, Intensity] = Field(
        default_factory=dict,
        max_length=200,
        description="intensity 0-10 per region; a region listed only here is painted too",
        json_schema_extra=ids_of("region"),
    )
    symptoms: list[StrictStr] = Field(
        default_factory=list, max_length=60, description="symptom IDs", json_schema_extra=ids_of("symptom")
    )
    activities: list[StrictStr] = Field(
        default_factory=list,
        max_length=60,
        description="aggravating activity IDs",
        json_schema_extra=ids_of("activity"),
    )
    condition: StrictStr | None = Field(
        default=None, description="condition context, e.g. low-back-pain", json_schema_extra=ids_of("condition")
    )

    def painted(self, unrated: int) -> dict[str, int]:
        """Every painted region with its intensity; intensity 0 means not painful."""
        levels = dict.fromkeys(self.regions, unrated) | dict(self.intensities)
        return {region: level for region, level in levels.items() if level > 0}


@dataclass(frozen=True, slots=True)
class Explained:
    """A painted region a trigger point accounts for, and how."""

    region: str
    how: Tier


@dataclass(frozen=True, slots=True)
class RankedPoint:
    """One trigger point on one side, with how it explains the drawing."""

    muscle: str
    muscle_name: str
    trigger_point: str
    trigger_point_name: str
    side: Side
    score: Annotated[float, Field(description="posterior probability that this point is active")]
    explains: list[Explained]
    missing_essential: Annotated[list[str], Field(description="essential regions of this point not painted")]
    symptoms: Annotated[list[str], Field(description="reported symptoms this point accounts for")]
    activities: Annotated[list[str], Field(description="reported activities that provoke it")]
    in_minimal_set: bool
    either_side: Annotated[
        bool, Field(description="the drawing cannot tell the side: the same point on the other side fits it as well")
    ]


@dataclass(frozen=True, slots=True)
class PainArea:
    """One separate pain area of a drawing: a name for it, its regions, and the points that explain it best."""

    name: str
    regions: list[str]
    candidates: list[RankedPoint]


@dataclass(frozen=True, slots=True)
class FinderResult:
    """Candidates best first, the smallest set that explains the drawing, what nothing explains, and (when the
    drawing holds separate problems) each pain area ranked on its own."""

    candidates: list[RankedPoint]
    minimal_set: list[RankedPoint]
    unexplained: list[str]
    areas: Annotated[
        list[PainArea], Field(description="separate pain areas, each ranked on its own; empty for one area")
    ] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data (the shape of the CLI's --json and the API)."""
        return _result_adapter().dump_python(self, mode="json")  # type: ignore[no-any-return]


@cache
def _result_adapter() -> TypeAdapter[FinderResult]:
    """Built on first use: a command that prints a table never needs it."""
    return TypeAdapter(FinderResult)


class DrawingError(ValueError):
    """A drawing that names something unknown or out of range; carries the field and suggestions."""

    def __init__(self, loc: tuple[str | int, ...], message: str, suggestions: list[str] | None = None) -> None:
        self.loc, self.message, self.suggestions = loc, message, suggestions or []
        super().__init__(f"{self.field}: {message}")

    @property
    def field(self) -> str:
        """The field as written in messages, e.g. regions[0]."""
        head, *rest = self.loc
        return str(head) + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in rest)
