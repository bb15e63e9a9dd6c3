"""The pain finder: which trigger points best explain a whole pain drawing."""

from triggerpoint.finder.answers import Found, json_of, result_of
from triggerpoint.finder.areas import pain_areas, split_areas, with_areas
from triggerpoint.finder.find import find_batch, find_many, find_sources, painted_regions
from triggerpoint.finder.index import FinderIndex, build_index, default_index
from triggerpoint.finder.parameters import DEFAULT_PARAMETERS, Parameters
from triggerpoint.finder.types import Drawing, DrawingError, FinderResult, PainArea, RankedPoint

__all__ = [
    "DEFAULT_PARAMETERS",
    "Drawing",
    "DrawingError",
    "FinderIndex",
    "FinderResult",
    "Found",
    "PainArea",
    "Parameters",
    "RankedPoint",
    "build_index",
    "default_index",
    "find_batch",
    "find_many",
    "find_sources",
    "json_of",
    "pain_areas",
    "painted_regions",
    "result_of",
    "split_areas",
    "with_areas",
]
