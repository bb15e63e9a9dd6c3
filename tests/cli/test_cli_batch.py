"""`triggerpoint find --batch` scores in chunks and writes exactly what the drawing-by-drawing loop wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from triggerpoint.cli import app, finding
from triggerpoint.finder import Drawing, DrawingError, find_sources

LINES = [
    {"regions": ["temple-right", "neck-side-right", "mastoid-right"]},
    {"regions": ["heel-left", "achilles-left"], "intensities": {"heel-left": 8}},
    {"regions": ["temple-rigt"]},
    {"regions": ["vertex"]},
    {"regions": ["sacroiliac-left", "sacroiliac-right", "low-back-lower-left", "low-back-lower-right"]},
    {"regions": ["vertex"], "intensities": {"vertex": "high"}},
    {"regions": ["elbow-outer-right", "hand-back-right"], "activities": ["gripping"], "symptoms": ["weakness"]},
    {"regions": ["jaw-left"], "intensities": {"jaw-left": 0}},
    {"regions": ["hip-side-left", "leg-outer-left"], "condition": "sciatica-like-pain"},
]


def loop_output(lines: list[dict[str, object]], top: int) -> str:
    """What the command wrote before: one drawing at a time, each result through FinderResult.to_json()."""
    out = []
    for number, line in enumerate(lines, start=1):
        try:
            result = find_sources(Drawing.model_validate(line), top=top)
            out.append(json.dumps(result.to_json(), ensure_ascii=False))
        except (ValueError, DrawingError):
            out.append(f"error on line {number}")
    return "".join(text + "\n" for text in out)


@pytest.mark.parametrize("chunk", [1, 2, 4, 1024])
def test_chunks_write_the_lines_the_loop_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(finding, "BATCH_CHUNK", chunk)
    batch = tmp_path / "drawings.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in LINES) + "\n\n")
    result = CliRunner().invoke(app, ["find", "--batch", str(batch), "--json", "--research", "--top", "7"])
    assert result.exit_code == 2  # three lines cannot be read
    written = result.stdout.splitlines(keepends=True)
    expected = loop_output(LINES, top=7).splitlines(keepends=True)
    assert len(written) == len(LINES)
    for number, (line, wanted) in enumerate(zip(written, expected, strict=True), start=1):
        if wanted.startswith("error"):
            assert json.loads(line)["error"]["line"] == number
        else:
            assert line == wanted
    assert "3 line(s)" in result.stderr
