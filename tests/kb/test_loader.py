"""The loader rejects malformed data with a message naming the file and the problem."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from triggerpoint.kb import KnowledgeBase, KnowledgeBaseError, UnknownIdError, load_from


def _copy_data(tmp_path: Path) -> Path:
    source = Path(str(resources.files("triggerpoint.kb").joinpath("data")))
    target = tmp_path / "data"
    shutil.copytree(source, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_data_loads(tmp_path: Path) -> None:
    kb = load_from(_copy_data(tmp_path))
    assert len(kb.muscles) >= 100


def test_unknown_referral_region_is_rejected(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / "muscles" / "upper-trapezius.yaml", "essential: [neck-side,", "essential: [neck-sides,")
    with pytest.raises(
        KnowledgeBaseError,
        match=re.escape("upper-trapezius.yaml tp1: referral names unknown region 'neck-sides'"),
    ):
        load_from(data)


def test_unknown_vocabulary_term_is_rejected(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / "muscles" / "upper-trapezius.yaml", "symptoms: [headache,", "symptoms: [hedache,")
    with pytest.raises(KnowledgeBaseError, match="unknown symptom 'hedache'"):
        load_from(data)


def test_schema_violation_names_the_file(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / "muscles" / "upper-trapezius.yaml", "pressure: 6", "pressure: 9")
    with pytest.raises(KnowledgeBaseError, match=re.escape("muscles/upper-trapezius.yaml")):
        load_from(data)


def test_file_name_must_match_id(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "muscles" / "upper-trapezius.yaml").rename(data / "muscles" / "trapezius.yaml")
    with pytest.raises(KnowledgeBaseError, match=re.escape("file name must be upper-trapezius.yaml")):
        load_from(data)


def test_unknown_ids_suggest_the_closest(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError, match="temple-right"):
        kb.region("tempel-right")
    with pytest.raises(UnknownIdError, match="upper-trapezius"):
        kb.muscle("upper-trapezus")


def test_aliases_find_the_muscle(kb: KnowledgeBase) -> None:
    assert kb.muscle("descending trapezius").id == "upper-trapezius"


@pytest.mark.parametrize(
    ("vocabulary", "named"),
    [("activities", "activity"), ("pain_qualities", "pain quality"), ("symptoms", "symptom"), ("tools", "tool")],
)
def test_an_unknown_term_is_named_in_the_singular(kb: KnowledgeBase, vocabulary: str, named: str) -> None:
    with pytest.raises(UnknownIdError, match=f"^unknown {named} 'zzz'"):
        kb.term(vocabulary, "zzz")
