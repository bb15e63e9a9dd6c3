"""Read a pain drawing, red-flag answers and refinements from the body-map forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.datastructures import FormData

from triggerpoint.kb import KnowledgeBase, UnknownIdError

UNRATED = 5  # what a painted region without a number is shown and sent as


class FormInputError(ValueError):
    """Input the form cannot take; the page says so and keeps what was entered."""


@dataclass(frozen=True)
class DrawingForm:
    """What the person has entered so far, carried from page to page in hidden fields."""

    intensities: dict[str, int]
    answers: dict[str, bool] = field(default_factory=dict)
    symptoms: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)

    @property
    def regions(self) -> list[str]:
        return list(self.intensities)


def _level(raw: str, region: str) -> int:
    text = raw.strip()
    if not text:
        return UNRATED
    if not text.isdigit() or int(text) > 10:
        raise FormInputError(f"The pain level for {region} must be a whole number from 0 to 10.")
    return int(text)


def _intensities(kb: KnowledgeBase, form: FormData) -> dict[str, int]:
    levels: dict[str, int] = {}
    for region in form.getlist("region"):
        if not isinstance(region, str):
            continue
        try:
            name = kb.region(region).name
        except UnknownIdError as error:
            raise FormInputError(str(error)) from None
        level = _level(str(form.get(f"intensity-{region}", "")), name)
        if level > 0:
            levels[region] = level
    return levels


def _known(values: list[str], known: set[str], kind: str) -> list[str]:
    unknown = [v for v in values if v not in known]
    if unknown:
        raise FormInputError(f"Unknown {kind}: {', '.join(unknown)}.")
    return values


def _answers(form: FormData) -> dict[str, bool]:
    answers: dict[str, bool] = {}
    for key, value in form.multi_items():
        if key.startswith("flag-") and value in ("yes", "no"):
            answers[key.removeprefix("flag-")] = value == "yes"
    return answers


def read_drawing_form(kb: KnowledgeBase, form: FormData) -> DrawingForm:
    """The drawing and whatever answers and refinements the form carries."""
    vocab = kb.vocabularies
    strings = {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in ("symptom", "activity")}
    return DrawingForm(
        intensities=_intensities(kb, form),
        answers=_answers(form),
        symptoms=_known(strings["symptom"], {t.id for t in vocab.symptoms}, "symptom"),
        activities=_known(strings["activity"], {t.id for t in vocab.activities}, "activity"),
    )


def hidden_fields(drawing: DrawingForm, with_answers: bool = True) -> list[tuple[str, str]]:
    """The name/value pairs that carry a drawing (and its answers) to the next page."""
    fields: list[tuple[str, str]] = []
    for region, level in drawing.intensities.items():
        fields += [("region", region), (f"intensity-{region}", str(level))]
    if with_answers:
        fields += [(f"flag-{question}", "yes" if answer else "no") for question, answer in drawing.answers.items()]
    return fields


def region_names(kb: KnowledgeBase, intensities: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """(id, name, level) for each painted region, for summaries."""
    return [(region, kb.region(region).name, level) for region, level in intensities.items()]
