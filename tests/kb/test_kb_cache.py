"""The compiled knowledge base: used while current, rebuilt when a data file changes, passed over when unusable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest

from triggerpoint.kb import KnowledgeBase, load_from
from triggerpoint.kb.cache import CACHE_DIR_VARIABLE, fingerprint, load_through, slot


def copy_of_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("triggerpoint.kb").joinpath("data"))), target)
    return target


class CountingBuild:
    """load_from, counting how often the YAML files were read."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, directory: Traversable) -> KnowledgeBase:
        self.calls += 1
        return load_from(directory)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_of_data(tmp_path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_the_second_load_reads_the_compiled_copy_and_equals_the_yaml(data: Path, folder: Path) -> None:
    build = CountingBuild()
    first = load_through(data, build, folder)
    second = load_through(data, build, folder)
    assert build.calls == 1
    assert slot(folder, data).exists()
    assert second == first == load_from(data)


def test_a_changed_yaml_file_rebuilds_the_copy(data: Path, folder: Path) -> None:
    build = CountingBuild()
    before = load_through(data, build, folder)
    muscle = data / "muscles" / "upper-trapezius.yaml"
    text = muscle.read_text(encoding="utf-8")
    name = before.muscle("upper-trapezius").name
    muscle.write_text(text.replace(f"name: {name}", "name: Upper trapezius (edited)", 1), encoding="utf-8")
    after = load_through(data, build, folder)
    assert build.calls == 2
    assert after.muscle("upper-trapezius").name == "Upper trapezius (edited)"
    assert load_through(data, build, folder) == after
    assert build.calls == 2  # the rebuilt copy is the one kept


def test_a_new_data_file_changes_the_key(data: Path) -> None:
    before = fingerprint(data)
    (data / "muscles" / "notes.yaml.txt").write_text("not data", encoding="utf-8")
    assert fingerprint(data) == before  # only YAML files count
    (data / "extra.yaml").write_text("extra: true\n", encoding="utf-8")
    assert fingerprint(data) != before


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob.split(b"\n", 1)[0] + b"\nnot a pickle at all",  # right key, garbage after it
        lambda blob: b"",  # empty
    ],
    ids=["truncated", "garbage", "empty"],
)
def test_a_corrupt_copy_falls_back_to_the_yaml_and_is_replaced(
    data: Path, folder: Path, damage: Callable[[bytes], bytes]
) -> None:
    build = CountingBuild()
    expected = load_through(data, build, folder)
    path = slot(folder, data)
    path.write_bytes(damage(path.read_bytes()))
    assert load_through(data, build, folder) == expected
    assert build.calls == 2
    assert load_through(data, build, folder) == expected
    assert build.calls == 2  # a good copy was written again


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_copy_others_can_write_is_not_unpickled(data: Path, folder: Path) -> None:
    build = CountingBuild()
    load_through(data, build, folder)
    slot(folder, data).chmod(0o666)
    load_through(data, build, folder)
    assert build.calls == 2


def test_an_unwritable_cache_folder_still_loads(data: Path, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")
    build = CountingBuild()
    assert load_through(data, build, not_a_folder / "cache") == load_from(data)
    assert build.calls == 1


# Loads the shipped knowledge base in a fresh interpreter: how many muscles, and whether a YAML parser was needed.
PROBE = "import sys; from triggerpoint.kb import load_kb; print(len(load_kb().muscles), 'yaml' in sys.modules)"


def test_the_shipped_knowledge_base_is_kept_in_the_folder_the_environment_names(tmp_path: Path) -> None:
    env = {**os.environ, CACHE_DIR_VARIABLE: str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True, timeout=120)
        for _ in range(2)
    ]
    cold, warm = (run.stdout.split() for run in runs)
    assert len(list(tmp_path.glob("kb-*.pickle"))) == 1
    assert int(cold[0]) >= 100 and cold[1] == "True"
    assert warm == [cold[0], "False"]  # the second start read the compiled copy, not the YAML
