"""What the commands that browse the knowledge base and draw the atlas do; kb_commands declares them."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from triggerpoint.atlas import point_marker, render_svg, svg_to_png
from triggerpoint.atlas.render import intensity_shades
from triggerpoint.cli.common import console, errors, fail, print_json
from triggerpoint.kb import KnowledgeBase, UnknownIdError, load_kb
from triggerpoint.kb.export import muscle_detail, muscle_summary, region_row
from triggerpoint.kb.schema import Muscle, Side


def _kb() -> KnowledgeBase:
    return load_kb()


def show_regions(as_json: bool) -> None:
    """The `regions` command: every region as a table or JSON."""
    rows = [region_row(region) for region in _kb().regions]
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} regions")
    table.add_column("id", no_wrap=True)
    for header in ("name", "views", "side", "michigan", "wpi"):
        table.add_column(header)
    for row in rows:
        table.add_row(
            row["id"],
            row["name"],
            ", ".join(row["views"]),
            row["side"] or "midline",
            row["michigan"] or "",
            row["wpi"] or "",
        )
    console().print(table)


def _check_term(kb: KnowledgeBase, kind: str, value: str | None) -> None:
    if value is None:
        return
    try:
        kb.condition(value) if kind == "condition" else kb.term("areas", value)
    except UnknownIdError as error:
        fail(str(error))


def _matches(muscle: Muscle, area: str | None, condition: str | None) -> bool:
    in_condition = condition is None or any(condition in p.conditions for p in muscle.trigger_points)
    return (area is None or muscle.area == area) and in_condition


def show_muscles(area: str | None, condition: str | None, as_json: bool) -> None:
    """The `muscles` command: the muscles of an area or condition (or all) as a table or JSON."""
    kb = _kb()
    _check_term(kb, "area", area)
    _check_term(kb, "condition", condition)
    chosen = [m for m in kb.muscles if _matches(m, area, condition)]
    if as_json:
        print_json([muscle_summary(m) for m in chosen])
        return
    table = Table(title=f"{len(chosen)} muscles")
    table.add_column("id", no_wrap=True)
    for header in ("name", "area", "points", "essential referral"):
        table.add_column(header)
    for muscle in chosen:
        essential = sorted({e for p in muscle.trigger_points for e in p.referral.essential})
        table.add_row(muscle.id, muscle.name, muscle.area, str(len(muscle.trigger_points)), ", ".join(essential))
    console().print(table)


def show_muscle(muscle_id: str, as_json: bool) -> None:
    """The `muscle` command: one muscle in full, or an error naming the closest IDs."""
    kb = _kb()
    try:
        found = kb.muscle(muscle_id)
    except UnknownIdError as error:
        fail(str(error))
    detail = muscle_detail(kb, found)
    if as_json:
        print_json(detail)
        return
    from triggerpoint.cli.render import print_muscle

    print_muscle(console(), detail)


def _parse_regions(kb: KnowledgeBase, spec: str) -> dict[str, float]:
    chosen: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        region_id, _, level = item.partition("=")
        try:
            kb.region(region_id)
        except UnknownIdError as error:
            fail(str(error))
        if level and not (level.isdigit() and 0 <= int(level) <= 10):
            fail(f"intensity for {region_id} must be a whole number from 0 to 10, not {level!r}")
        chosen[region_id] = float(level) if level else 5.0
    return chosen


def _parse_points(kb: KnowledgeBase, specs: list[str]) -> list[tuple[str, str, Side]]:
    points = []
    for spec in specs:
        parts = spec.split("/")
        if len(parts) != 3 or parts[2] not in ("left", "right"):
            fail(f"--point takes MUSCLE/POINT/SIDE, e.g. upper-trapezius/tp1/right, not {spec!r}")
        try:
            kb.point(parts[0], parts[1])
        except UnknownIdError as error:
            fail(str(error))
        points.append((parts[0], parts[1], Side(parts[2])))
    return points


def draw_atlas(regions: str, point: list[str] | None, out: Path | None) -> None:
    """The `atlas` command: the body drawn with regions shaded and points marked, to stdout or a file."""
    kb = _kb()
    shades = intensity_shades(_parse_regions(kb, regions))
    markers = [
        point_marker(kb.point(m, p), side, f"{kb.muscle(m).name} ({side})")
        for m, p, side in _parse_points(kb, point or [])
    ]
    svg = render_svg(shades, markers)
    if out is None:
        typer.echo(svg)
    elif out.suffix.lower() == ".png":
        out.write_bytes(svg_to_png(svg))
    elif out.suffix.lower() == ".svg":
        out.write_text(svg, encoding="utf-8")
    else:
        fail(f"--out must end in .svg or .png, not {out.name!r}")
    if out is not None:
        errors().print(f"wrote {out}", highlight=False)
