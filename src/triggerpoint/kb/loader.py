"""Load the knowledge base from the package's data files, once, and check every cross-reference."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from triggerpoint.kb.model import KnowledgeBase
from triggerpoint.kb.schema import (
    Advice,
    Condition,
    GeneralCare,
    Muscle,
    Precaution,
    Region,
    RegionFamily,
    Rules,
    ScreeningQuestion,
    Side,
    Source,
    Vocabularies,
)


class KnowledgeBaseError(ValueError):
    """A data file is malformed or refers to something that does not exist."""


def _data_dir() -> Traversable:
    return resources.files("triggerpoint.kb").joinpath("data")


def _read_yaml(file: Traversable) -> Any:
    # Imported here: a warm start reads the compiled copy (kb.cache) and needs no YAML parser.
    import yaml

    from triggerpoint.kb.yamltext import load_yaml

    try:
        return load_yaml(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KnowledgeBaseError(f"{file.name}: not valid YAML: {error}") from error


@cache
def _adapter(model: Any) -> TypeAdapter[Any]:
    """One adapter per type: building one builds its schema, and the models defer theirs until first use."""
    return TypeAdapter(model)


def _validate(model: Any, raw: Any, where: str) -> Any:
    try:
        return _adapter(model).validate_python(raw)
    except ValidationError as error:
        raise KnowledgeBaseError(f"{where}: {error}") from error


def expand_family(family: RegionFamily) -> Iterator[Region]:
    """Turn a regions.yaml entry into its left and right regions (or its one midline region)."""
    sides: tuple[Side | None, ...] = (Side.LEFT, Side.RIGHT) if family.sided else (None,)
    for side in sides:
        suffix = f"-{side.value}" if side else ""
        yield Region(
            id=f"{family.base}{suffix}",
            base=family.base,
            name=f"{family.name}, {side.value}" if side else family.name,
            side=side,
            views=family.views,
            group=family.group,
            michigan=family.michigan.format(side=side.value) if family.michigan and side else family.michigan,
            wpi=family.wpi.format(side=side.value) if family.wpi and side else family.wpi,
        )


def _load_muscles(directory: Traversable) -> tuple[Muscle, ...]:
    muscles = []
    for file in sorted(directory.iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".yaml"):
            continue
        muscle: Muscle = _validate(Muscle, _read_yaml(file), f"muscles/{file.name}")
        if f"{muscle.id}.yaml" != file.name:
            raise KnowledgeBaseError(f"muscles/{file.name}: file name must be {muscle.id}.yaml")
        muscles.append(muscle)
    return tuple(muscles)


def load_from(directory: Traversable) -> KnowledgeBase:
    """Load and cross-check a knowledge base from a data directory."""
    families = _validate(tuple[RegionFamily, ...], _read_yaml(directory / "regions.yaml")["regions"], "regions.yaml")
    sources = _validate(tuple[Source, ...], _read_yaml(directory / "sources.yaml")["sources"], "sources.yaml")
    vocabularies = _validate(Vocabularies, _read_yaml(directory / "vocabularies.yaml"), "vocabularies.yaml")
    conditions = _validate(
        tuple[Condition, ...], _read_yaml(directory / "conditions.yaml")["conditions"], "conditions.yaml"
    )
    screening = _validate(
        tuple[ScreeningQuestion, ...], _read_yaml(directory / "screening.yaml")["questions"], "screening.yaml"
    )
    selfcare = _read_yaml(directory / "selfcare.yaml")
    kb = KnowledgeBase(
        families=families,
        regions=tuple(region for family in families for region in expand_family(family)),
        sources=sources,
        vocabularies=vocabularies,
        conditions=conditions,
        muscles=_load_muscles(directory / "muscles"),
        rules=_validate(Rules, _read_yaml(directory / "rules.yaml"), "rules.yaml"),
        screening=screening,
        advice=_validate(tuple[Advice, ...], selfcare["advice"], "selfcare.yaml"),
        general_care=_validate(tuple[GeneralCare, ...], selfcare["general"], "selfcare.yaml"),
        precautions=_validate(
            tuple[Precaution, ...], _read_yaml(directory / "precautions.yaml")["precautions"], "precautions.yaml"
        ),
    )
    from triggerpoint.kb.checks import cross_reference_problems

    problems = cross_reference_problems(kb)
    if problems:
        raise KnowledgeBaseError("knowledge base has problems:\n  " + "\n  ".join(problems))
    return kb


@cache
def load_kb() -> KnowledgeBase:
    """The knowledge base shipped in the package, loaded and checked once per process (kb.cache keeps it compiled)."""
    from triggerpoint.kb.cache import cache_dir, load_through

    return load_through(_data_dir(), load_from, cache_dir())
