"""The app's YAML data files parse with libyaml's C loader, to the same data as the pure-Python loader."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

import pytest
import yaml

from triggerpoint.kb import yamltext


def data_files() -> list[Traversable]:
    found: list[Traversable] = []
    stack = [resources.files("triggerpoint")]
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                stack.append(entry)
            elif entry.name.endswith(".yaml"):
                found.append(entry)
    return sorted(found, key=str)


def test_the_c_loader_is_used_where_pyyaml_has_libyaml() -> None:
    assert yaml.__with_libyaml__, "this environment's PyYAML lacks libyaml; the app falls back to SafeLoader"
    assert yamltext.Loader is yaml.CSafeLoader


def test_every_data_file_is_found() -> None:
    names = {file.name for file in data_files()}
    assert {"regions.yaml", "upper-trapezius.yaml", "fit.yaml", "instruments.yaml", "criteria.yaml"} <= names


@pytest.mark.parametrize("file", data_files(), ids=lambda file: file.name)
def test_both_loaders_read_the_same_data(file: Traversable) -> None:
    text = file.read_text(encoding="utf-8")
    assert yamltext.load_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_a_malformed_document_raises_the_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError):
        yamltext.load_yaml("a: [unclosed")


def test_the_loader_builds_no_python_objects() -> None:
    with pytest.raises(yaml.YAMLError):
        yamltext.load_yaml("!!python/object/apply:os.system ['true']")
