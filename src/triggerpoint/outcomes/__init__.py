"""Outcome questionnaires (NDI, ODI, HIT-6, ACR 2016, PSFS, NPRS): the instruments as data and their scoring."""

from triggerpoint.outcomes.instruments import (
    Band,
    Group,
    Instrument,
    InstrumentError,
    Item,
    MinimalChange,
    Option,
    RelativeChange,
    instrument,
    instruments,
)
from triggerpoint.outcomes.scoring import (
    AnswerError,
    Score,
    acr_regions,
    change_between,
    score_response,
    wpi_from_areas,
)

__all__ = [
    "AnswerError",
    "Band",
    "Group",
    "Instrument",
    "InstrumentError",
    "Item",
    "MinimalChange",
    "Option",
    "RelativeChange",
    "Score",
    "acr_regions",
    "change_between",
    "instrument",
    "instruments",
    "score_response",
    "wpi_from_areas",
]
