"""Validate muscle files one by one against the schema and vocabularies (for authors).

Usage: python scripts/check_muscles.py [MUSCLE_ID ...]   (no arguments: every file)
"""

from __future__ import annotations

import sys
from importlib import resources

from triggerpoint.kb import loader
from triggerpoint.kb.checks import _muscle_problems
from triggerpoint.kb.model import KnowledgeBase
from triggerpoint.kb.schema import Muscle


def main(ids: list[str]) -> int:
    data = resources.files("triggerpoint.kb").joinpath("data")
    read = loader._read_yaml
    shell = KnowledgeBase(
        families=tuple(loader.RegionFamily.model_validate(f) for f in read(data / "regions.yaml")["regions"]),
        regions=(),
        sources=(),
        vocabularies=loader.Vocabularies.model_validate(read(data / "vocabularies.yaml")),
        conditions=tuple(loader.Condition.model_validate(c) for c in read(data / "conditions.yaml")["conditions"]),
        muscles=(),
        rules=loader._validate(loader.Rules, read(data / "rules.yaml"), "rules.yaml"),
    )
    keys = {s["key"] for s in loader._read_yaml(data / "sources.yaml")["sources"]}
    files = sorted(f for f in (data / "muscles").iterdir() if f.name.endswith(".yaml"))
    failures = 0
    for file in files:
        if ids and file.name[:-5] not in ids:
            continue
        try:
            muscle = loader._validate(Muscle, loader._read_yaml(file), file.name)
            problems = list(_muscle_problems(shell, muscle, keys))
            if muscle.id != file.name[:-5]:
                problems.append(f"{file.name}: id {muscle.id} does not match the file name")
        except loader.KnowledgeBaseError as error:
            problems = [str(error)]
        for problem in problems:
            print(problem)
        failures += bool(problems)
        print(f"{'FAIL' if problems else 'ok  '} {file.name}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
