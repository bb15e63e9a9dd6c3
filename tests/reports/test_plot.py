"""The SVG writer: valid XML with the attributes the app relies on, no inline CSS, dense series kept small,
everything inside the picture, a text for every label; and the round-number ticks."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from triggerpoint.outcomes import instrument
from triggerpoint.reports.charts import (
    NARROW,
    WIDE,
    Scores,
    date_ticks,
    pain_chart,
    pain_plot,
    score_chart,
    score_plot,
)
from triggerpoint.reports.plot import MARGINS, SPINE, Layout, Plot, nice_ticks, svg, text_width

SVG = "{http://www.w3.org/2000/svg}"
END = date(2026, 11, 24)
FIVE_YEARS = [END - timedelta(days=offset) for offset in reversed(range(5 * 365 + 1))]
PAIN = [(day, float(i % 11)) for i, day in enumerate(FIVE_YEARS)]  # every level, 0 and 10 included


def five_years_of_pain(layout: Layout) -> Plot:
    return pain_plot(PAIN, PAIN[6:], (FIVE_YEARS[0], END), layout)


def hit6(layout: Layout) -> Plot:
    spec = instrument("hit6")
    points = [(END - timedelta(days=28 * i), 70.0 - i) for i in reversed(range(13))]
    scores = Scores(spec.short_name, spec.unit, spec.better, (spec.score_min, spec.score_max), points)
    return score_plot(scores, (6, 6), (points[0][0], END), layout)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_a_chart_is_an_svg_element_with_its_name_size_and_accessible_title(layout: Layout) -> None:
    root = ET.fromstring(svg(five_years_of_pain(layout), layout))
    assert root.tag == f"{SVG}svg"
    width, height = (round(inches * 72, 2) for inches in layout.size)
    assert (root.get("width"), root.get("height")) == (f"{width:g}pt", f"{height:g}pt")
    assert root.get("viewBox") == f"0 0 {width:g} {height:g}"
    assert root.get("role") == "img" and root.get("aria-label") == "Pain each day with its 7-day average"
    assert root.get("class") == f"chart chart-{layout.name}" and root.get("data-chart") == "pain"


def test_a_chart_carries_no_inline_css() -> None:  # the CSP forbids inline styles: presentation attributes only
    for layout in (WIDE, NARROW):
        for plot in (five_years_of_pain(layout), hit6(layout)):
            root = ET.fromstring(svg(plot, layout))
            assert not [e for e in root.iter() if "style" in e.attrib or e.tag == f"{SVG}style"]


def test_five_years_of_daily_dots_are_one_small_path() -> None:
    chart = pain_chart(PAIN, PAIN[6:], (FIVE_YEARS[0], END), WIDE)
    dots = [p.get("d", "") for p in ET.fromstring(chart).iter(f"{SVG}path") if p.get("d", "").count("h0") > 1]
    assert len(dots) == 1 and dots[0].count("h0") == len(PAIN)  # (the key's sample dot aside)
    assert len(dots[0]) < 17 * len(PAIN)  # about 16 bytes a dot, not a 200-byte circle
    assert not re.search(r"\d\.\d{3}", chart)  # every number rounded to 2 decimals at most


def path_points(d: str) -> list[tuple[float, float]]:
    """Every point a path goes to, in the picture's units (the commands the writer uses: M L H V Z, also relative)."""
    points, x, y = [], 0.0, 0.0
    for command, arguments in re.findall(r"([MLHVZ])([^MLHVZ]*)", d, flags=re.I):
        values, relative = [float(v) for v in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", arguments)], command.islower()
        if command in "Hh":
            pairs = [(v, 0.0 if relative else y) for v in values]
        elif command in "Vv":
            pairs = [(0.0 if relative else x, v) for v in values]
        else:
            pairs = list(zip(values[0::2], values[1::2], strict=True))
        for dx, dy in pairs:
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            points.append((x, y))
    return points


def test_a_path_is_read_back_as_its_points() -> None:
    assert path_points("M1 2h0m.5-1.25h0l-.05 3V10H0Z") == [
        (1, 2),
        (1, 2),
        (1.5, 0.75),
        (1.5, 0.75),
        (1.45, 3.75),
        (1.45, 10),
        (0, 10),
    ]


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_everything_is_drawn_inside_the_picture(layout: Layout) -> None:
    chart = svg(five_years_of_pain(layout), layout)
    width, height = (inches * 72 for inches in layout.size)
    root = ET.fromstring(chart)
    points = [point for path in root.iter(f"{SVG}path") for point in path_points(path.get("d", ""))]
    points += [(float(t.get("x", "")), float(t.get("y", ""))) for t in root.iter(f"{SVG}text")]
    assert len(points) > 2 * len(PAIN)  # the dots and the line
    assert all(0 <= x <= width and 0 <= y <= height for x, y in points)
    dots = path_points(next(p.get("d", "") for p in root.iter(f"{SVG}path")))[::2]
    assert [round(y, 1) for _, y in dots[:11]] == sorted({round(y, 1) for _, y in dots}, reverse=True)  # 0 to 10
    last_day = width - MARGINS[1] * 72 - (width - sum(MARGINS[:2]) * 72) / len(PAIN) / 2  # the middle of its slot
    assert dots[-1][0] == pytest.approx(last_day, abs=0.01)  # 1825 offsets later, rounding has not added up


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_a_date_at_the_edge_keeps_its_whole_label_in_the_picture(layout: Layout) -> None:
    span = (date(2026, 9, 2), date(2026, 11, 30))  # wide: the last tick, "30 Nov", is the last day at the edge
    assert layout is NARROW or date_ticks(*span, layout.ticks)[-1][0] == span[1]
    plot = pain_plot([(span[0], 5.0), (span[1], 4.0)], [], span, layout)
    width = layout.size[0] * 72
    root = ET.fromstring(svg(plot, layout))
    dates = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle" and not t.get("transform")]
    assert dates
    for label in dates:
        half = text_width("".join(label.itertext())) / 2
        assert half <= float(label.get("x", "")) <= width - half


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_every_tick_label_axis_label_and_key_entry_is_real_text(layout: Layout) -> None:
    plot = hit6(layout)
    root = ET.fromstring(svg(plot, layout))
    shown = texts(root)
    for label in [label for _, label in plot.x.ticks] + [label for _, label in plot.y.ticks]:
        assert label in shown
    assert plot.y.label in shown
    for entry in plot.key:
        assert all(line in shown for line in entry.label.split("\n"))
    assert all(t.get("font-size") == "9" for t in root.iter(f"{SVG}text"))  # read by the phone's text size test


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_the_key_sits_above_the_plot(layout: Layout) -> None:
    root = ET.fromstring(score_chart(*_hit6_args(), layout))
    (spines,) = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == SPINE]  # from the y axis's top down
    plot_top = float(re.findall(r"[-\d.]+", spines.get("d", ""))[1])
    key = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") is None]
    assert len(key) == (2 if layout is WIDE else 3)  # the band's label takes two lines on a phone
    assert max(float(t.get("y", "")) for t in key) + 2.2 < plot_top  # the lowest key line's descent
    ys = sorted({float(t.get("y", "")) for t in key})
    assert all(b - a >= 9 for a, b in itertools.pairwise(ys))  # lines of 9 pt text do not overlap


def _hit6_args() -> tuple[Scores, tuple[float, float], tuple[date, date]]:
    spec = instrument("hit6")
    points = [(END - timedelta(days=28), 60.0), (END, 55.0)]
    return Scores(spec.short_name, spec.unit, spec.better, (36, 78), points), (6, 6), (points[0][0], END)


def test_ids_are_unique_per_chart_and_layout() -> None:
    ids = [re.findall(r' id="([^"]+)"', score_chart(*_hit6_args(), layout)) for layout in (WIDE, NARROW)]
    assert ids[0] and ids[1] and not set(ids[0]) & set(ids[1])
    assert all(i.startswith("score-hit-6-") for i in ids[0] + ids[1])
    assert len(set(ids[0])) == len(ids[0])


@pytest.mark.parametrize(
    ("low", "high", "most", "integer", "ticks"),
    [
        (0, 10, 5, False, [0, 2, 4, 6, 8, 10]),  # the painted area, wide
        (0, 10, 4, False, [0, 2.5, 5, 7.5, 10]),  # and narrow
        (0, 30, 5, False, [0, 10, 20, 30]),
        (36, 78, 5, False, [40, 50, 60, 70]),  # HIT-6
        (0, 7.35, 4, True, [0, 2, 4, 6]),  # days in a week
        (0, 1.05, 4, True, [0, 1]),  # sessions in a day: never half a session
        (0, 32.55, 4, True, [0, 10, 20, 30]),  # days in a month
        (0.5, 0.5, 4, False, [0.5]),
    ],
)
def test_ticks_are_round_numbers(low: float, high: float, most: int, integer: bool, ticks: list[float]) -> None:
    assert nice_ticks(low, high, most, integer=integer) == ticks
