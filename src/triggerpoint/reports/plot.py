"""A plot model (what a chart draws, in data units) and the SVG writer that draws any of them in a fixed layout.

The charts are simple fixed-layout pictures: marks (dots, lines, filled steps, bars, a band) over two axes
with left and bottom spines, and a key above the plot. Written directly, a chart costs a millisecond or two
where a plotting library's figure, axes and text machinery cost tens of milliseconds whatever the data.
Lengths are in points (1/72 inch): the SVG's viewBox is the layout's size in points, as the PDFs expect.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

Point = tuple[float, float]


@dataclass(frozen=True)
class Layout:
    """A chart's size in inches, how many date ticks fit, and how many legend entries fit side by side."""

    name: str
    size: tuple[float, float]
    ticks: int
    legend_columns: int


@dataclass(frozen=True)
class Axis:
    """An axis in data units: its range, its ticks with their labels, and its label ("" for none)."""

    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]
    label: str = ""


@dataclass(frozen=True)
class Dots:
    """Round dots of one size (a diameter in points), drawn whole even where they reach past the axes."""

    points: tuple[Point, ...]
    colour: str
    size: float


@dataclass(frozen=True)
class Line:
    """A line through points, in order."""

    points: tuple[Point, ...]
    colour: str
    width: float


@dataclass(frozen=True)
class Steps:
    """A filled area of steps: value i spans edges i to i + 1, down to 0 (None is a gap)."""

    edges: tuple[float, ...]
    values: tuple[float | None, ...]
    colour: str


@dataclass(frozen=True)
class Bars:
    """Bars as (left, right, top) from a common base; a capped bar has a line of the cap's colour on its top."""

    boxes: tuple[tuple[float, float, float], ...]
    colour: str
    base: float = 0
    cap: str = ""


@dataclass(frozen=True)
class Band:
    """A band across the whole x axis, between two values."""

    low: float
    high: float
    colour: str


Mark = Dots | Line | Steps | Bars | Band
KeyKind = Literal["dot", "line", "line-dot", "box"]


@dataclass(frozen=True)
class Key:
    """An entry of the key above the plot: its label (lines split by newlines), colour, and the sample drawn."""

    label: str
    colour: str
    kind: KeyKind


@dataclass(frozen=True)
class Plot:
    """What one chart draws: its name and accessible title, its axes, its marks (drawn in order), and its key."""

    name: str
    title: str
    x: Axis
    y: Axis
    marks: tuple[Mark, ...]
    key: tuple[Key, ...] = ()


# Ticks ------------------------------------------------------------------------------------------------------------

NICE_STEPS = (1, 2, 2.5, 5, 10)


def nice_ticks(low: float, high: float, most: int, *, integer: bool = False) -> list[float]:
    """Multiples of the smallest round step (1, 2, 2.5 or 5 times a power of 10) that fit `most` steps in low to high.

    With `integer`, the step is a whole number (for counts).
    """
    if high <= low:
        return [low]
    wanted = (high - low) / most
    scale = 10.0 ** math.floor(math.log10(wanted))
    steps = [s * scale for s in NICE_STEPS]
    if integer:
        steps = [max(1.0, s) for s in steps if s < 1 or s == round(s)]
    step = next(s for s in steps if s >= wanted * (1 - 1e-9))
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def number(value: float) -> str:
    """A tick value as people write it: 10, 2.5."""
    return f"{value:g}"


# Writing SVG ------------------------------------------------------------------------------------------------------

INCH = 72
MARGINS = (0.72, 0.15, 0.4, 0.1)  # left, right, bottom, top in inches: room for the labels at 9 pt
LEGEND_LINE = 0.22  # inches a line of the key takes above the plot
FONT_SIZE = 9
SPINE, TICK_TEXT, LABEL_TEXT, KEY_TEXT = "#8c7f77", "#555", "#333", "#000"
TICK_LENGTH, TICK_WIDTH, TICK_PAD, LABEL_PAD = 3.5, 0.8, 3.5, 4.0
CAP_HEIGHT, DESCENT = 6.84, 2.2  # of 9 pt DejaVu Sans: a label's top to its baseline, its baseline to its bottom
KEY_SAMPLE, KEY_GAP, KEY_COLUMN_GAP, KEY_INDENT = 18.0, 7.2, 18.0, 2.0  # 2 em, 0.8 em, 2 em, left of the spine
KEY_TEXT_LINE = 10.8  # 1.2 em between the lines of one key label
KEY_BOX, KEY_DOTS = 6.3, {"dot": 4.2, "line-dot": 6.0}  # a box's height (0.7 em), the dots' diameters

# The width of DejaVu Sans characters in em, by kind (measured: enough to keep key columns and labels apart).
NARROW_CHARACTERS, MEDIUM_CHARACTERS, WIDE_CHARACTERS = "ijl.,:;!|'", "frt()-/ ", "mwMW%"


def _fmt(value: float) -> str:
    """A number with at most 2 decimals and no trailing zeros (small files)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def text_width(text: str) -> float:
    """About how wide a line of 9 pt DejaVu Sans is, in points."""

    def em(character: str) -> float:
        if character in NARROW_CHARACTERS:
            return 0.28
        if character in MEDIUM_CHARACTERS:
            return 0.38
        if character in WIDE_CHARACTERS:
            return 0.92
        if character.isdigit():
            return 0.64
        return 0.72 if character.isupper() else 0.6

    return FONT_SIZE * sum(em(c) for c in text)


def _key_rows(key: Sequence[Key], columns: int) -> list[Sequence[Key]]:
    return [key[start : start + columns] for start in range(0, len(key), columns)]


def _lines(entry: Key) -> list[str]:
    return entry.label.split("\n")


def _key_lines(key: Sequence[Key], layout: Layout) -> int:
    """How many lines of text the key takes: each row as many as its longest label."""
    columns = min(len(key), layout.legend_columns) or 1
    return sum(max(len(_lines(entry)) for entry in row) for row in _key_rows(key, columns))


@dataclass(frozen=True)
class Frame:
    """Where a plot's axes sit in the picture (in points, y downwards), and its data-to-points scales."""

    plot: Plot
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @classmethod
    def of(cls, plot: Plot, layout: Layout) -> Frame:
        """The axes inside fixed margins, lowered by the lines of the key above them."""
        width, height = layout.size[0] * INCH, layout.size[1] * INCH
        left, right, bottom, top = (margin * INCH for margin in MARGINS)
        top += _key_lines(plot.key, layout) * LEGEND_LINE * INCH
        return cls(plot, width, height, left, width - right, top, height - bottom)

    def px(self, x: float) -> float:
        axis = self.plot.x
        return self.left + (x - axis.low) / (axis.high - axis.low) * (self.right - self.left)

    def py(self, y: float) -> float:
        axis = self.plot.y
        return self.bottom - (y - axis.low) / (axis.high - axis.low) * (self.bottom - self.top)

    def point(self, point: Point) -> Point:
        return self.px(point[0]), self.py(point[1])


def _path(d: str, **attributes: str) -> str:
    return f'<path d="{d}"{_attributes(attributes)}/>'


def _attributes(attributes: dict[str, str]) -> str:
    return "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())


def _text(x: float, y: float, text: str, colour: str, **attributes: str) -> str:
    extra = _attributes(attributes)
    return f'<text x="{_fmt(x)}" y="{_fmt(y)}" font-size="{FONT_SIZE}" fill="{colour}"{extra}>{escape(text)}</text>'


def _short(hundredths: int) -> str:
    """A number of hundredths as short as SVG allows: 1.5, .25, -.05."""
    text = _fmt(hundredths / 100)
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def _pair(x: int, y: int) -> str:
    return f"{_short(x)}{'' if y < 0 else ' '}{_short(y)}"  # a minus sign separates numbers too


def _offsets(points: Iterable[Point]) -> list[str]:
    """The first point, then each point's offset from the one before (shorter to write on long series).

    Offsets are taken between positions rounded to hundredths, so rounding never adds up along a series.
    """
    written, last = [], (0, 0)
    for x, y in points:
        here = round(x * 100), round(y * 100)
        written.append(_pair(here[0] - last[0], here[1] - last[1]))
        last = here
    return written


def _dots(points: Iterable[Point], colour: str, size: float) -> str:
    """Many dots as one path of zero-length strokes with round caps: a dot is about ten bytes."""
    offsets = _offsets(points)
    d = "M" + "h0m".join(offsets) + "h0" if offsets else ""
    return _path(d, fill="none", stroke=colour, stroke_width=_fmt(size), stroke_linecap="round")


def _boxes(frame: Frame, bars: Bars) -> str:
    base = _fmt(frame.py(bars.base))
    return "".join(
        f"M{_fmt(frame.px(left))} {base}V{_fmt(frame.py(top))}H{_fmt(frame.px(right))}V{base}Z"
        for left, right, top in bars.boxes
    )


def _step_outline(frame: Frame, edges: Sequence[float], values: Sequence[float]) -> str:
    """One run of steps without a gap, closed along 0."""
    zero = _fmt(frame.py(0))
    d = f"M{_fmt(frame.px(edges[0]))} {zero}"
    for right, value in zip(edges[1:], values, strict=True):
        d += f"V{_fmt(frame.py(value))}H{_fmt(frame.px(right))}"
    return d + f"V{zero}Z"


def _steps(frame: Frame, steps: Steps) -> str:
    """The steps as one path, a closed outline per run of days without a gap."""
    runs, start = [], 0
    for index, value in enumerate([*steps.values, None]):
        if value is None:
            if index > start:
                values = [v for v in steps.values[start:index] if v is not None]
                runs.append(_step_outline(frame, steps.edges[start : index + 1], values))
            start = index + 1
    return _path("".join(runs), fill=steps.colour, stroke=steps.colour, stroke_width="0.8")


def _mark(frame: Frame, mark: Mark) -> str:
    if isinstance(mark, Dots):
        return _dots(map(frame.point, mark.points), mark.colour, mark.size)
    if isinstance(mark, Line):
        if not mark.points:
            return ""
        d = "M" + "l".join(_offsets(map(frame.point, mark.points)))
        return _path(d, fill="none", stroke=mark.colour, stroke_width=_fmt(mark.width))
    if isinstance(mark, Steps):
        return _steps(frame, mark)
    if isinstance(mark, Bars):
        return _bars(frame, mark)
    return _band(frame, mark)


def _bars(frame: Frame, bars: Bars) -> str:
    drawn = _path(_boxes(frame, bars), fill=bars.colour, data_mark="bars")
    if not bars.cap:
        return drawn
    caps = "".join(
        f"M{_fmt(frame.px(left))} {_fmt(frame.py(top))}H{_fmt(frame.px(right))}"
        for left, right, top in bars.boxes
        if top > bars.base
    )
    return drawn + _path(caps, fill="none", stroke=bars.cap, stroke_width="2", data_mark="caps")


def _band(frame: Frame, band: Band) -> str:
    top, bottom = frame.py(band.high), frame.py(band.low)
    return (
        f'<rect x="{_fmt(frame.left)}" y="{_fmt(top)}" width="{_fmt(frame.right - frame.left)}"'
        f' height="{_fmt(bottom - top)}" fill="{band.colour}" data-mark="band"/>'
    )


def _tick_group(ident: str, tick: str, label: str) -> str:
    stroke = _attributes({"stroke": TICK_TEXT, "stroke_width": _fmt(TICK_WIDTH)})
    return f'<g id="{ident}"><path d="{tick}"{stroke}/>{label}</g>'


def _inside(x: float, label: str, width: float) -> float:
    """Where to centre a tick's label so that it stays in the picture (the last day's date sits near its edge)."""
    half = text_width(label) / 2
    return max(half, min(x, width - half))


def _x_axis(frame: Frame, prefix: str) -> list[str]:
    baseline = frame.bottom + TICK_LENGTH + TICK_PAD + CAP_HEIGHT
    return [
        _tick_group(
            f"{prefix}-xtick_{index}",
            f"M{_fmt(x)} {_fmt(frame.bottom)}v{TICK_LENGTH}",
            _text(_inside(x, label, frame.width), baseline, label, TICK_TEXT, text_anchor="middle"),
        )
        for index, (x, label) in enumerate(((frame.px(v), label) for v, label in frame.plot.x.ticks), start=1)
    ]


def _y_axis(frame: Frame, prefix: str) -> list[str]:
    axis, right = frame.plot.y, frame.left - TICK_LENGTH - TICK_PAD
    parts = [
        _tick_group(
            f"{prefix}-ytick_{index}",
            f"M{_fmt(frame.left)} {_fmt(y)}h-{TICK_LENGTH}",
            _text(right, y + CAP_HEIGHT / 2, label, TICK_TEXT, text_anchor="end"),
        )
        for index, (y, label) in enumerate(((frame.py(v), label) for v, label in axis.ticks), start=1)
    ]
    if axis.label:
        widest = max((text_width(label) for _, label in axis.ticks), default=0)
        x, y = right - widest - LABEL_PAD - DESCENT, (frame.top + frame.bottom) / 2
        rotation = f"rotate(-90 {_fmt(x)} {_fmt(y)})"
        parts.append(_text(x, y, axis.label, LABEL_TEXT, text_anchor="middle", transform=rotation))
    return parts


def _spines(frame: Frame) -> str:
    d = f"M{_fmt(frame.left)} {_fmt(frame.top)}V{_fmt(frame.bottom)}H{_fmt(frame.right)}"
    return _path(d, fill="none", stroke=SPINE, stroke_width=_fmt(TICK_WIDTH), stroke_linecap="square")


def _sample(entry: Key, x: float, y: float) -> str:
    """What a key entry shows before its label, centred on y."""
    if entry.kind == "box":
        top, width = _fmt(y - KEY_BOX / 2), _fmt(KEY_SAMPLE)
        return f'<rect x="{_fmt(x)}" y="{top}" width="{width}" height="{KEY_BOX}" fill="{entry.colour}"/>'
    dot = _dots([(x + KEY_SAMPLE / 2, y)], entry.colour, KEY_DOTS[entry.kind]) if entry.kind in KEY_DOTS else ""
    if entry.kind == "dot":
        return dot
    return _path(f"M{_fmt(x)} {_fmt(y)}h{_fmt(KEY_SAMPLE)}", fill="none", stroke=entry.colour, stroke_width="2") + dot


def _key(frame: Frame, layout: Layout) -> list[str]:
    """The key above the plot: entries in rows of `legend_columns`, each column as wide as its widest label."""
    key = frame.plot.key
    if not key:
        return []
    columns = min(len(key), layout.legend_columns)
    widths = [max(text_width(line) for entry in key[c::columns] for line in _lines(entry)) for c in range(columns)]
    lefts = [
        frame.left - KEY_INDENT + sum(KEY_SAMPLE + KEY_GAP + w + KEY_COLUMN_GAP for w in widths[:c])
        for c in range(columns)
    ]
    parts, line = [], 0
    for row in _key_rows(key, columns):
        middle = MARGINS[3] * INCH / 2 + (line + 0.5) * LEGEND_LINE * INCH  # of the row's first line
        for x, entry in zip(lefts, row, strict=False):
            lines = _lines(entry)
            parts.append(_sample(entry, x, middle + (len(lines) - 1) * KEY_TEXT_LINE / 2))
            parts += [
                _text(x + KEY_SAMPLE + KEY_GAP, middle + i * KEY_TEXT_LINE + CAP_HEIGHT / 2, text, KEY_TEXT)
                for i, text in enumerate(lines)
            ]
        line += max(len(_lines(entry)) for entry in row)
    return parts


def svg(plot: Plot, layout: Layout) -> str:
    """The plot drawn in the layout, as an SVG element with real text and presentation attributes only (no CSS)."""
    frame = Frame.of(plot, layout)
    prefix = re.sub(r"[^a-z0-9]+", "-", f"{plot.name}-{layout.name}".lower())  # IDs unique among a page's charts
    width, height = _fmt(frame.width), _fmt(frame.height)
    root = _attributes(
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": f"{width}pt",
            "height": f"{height}pt",
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-label": escape(plot.title),
            "class": f"chart chart-{layout.name}",
            "data-chart": escape(plot.name),
            "font-family": "DejaVu Sans",
            "stroke-linejoin": "round",
            "stroke-linecap": "butt",
        }
    )
    body: list[str] = [
        *filter(None, (_mark(frame, mark) for mark in plot.marks)),
        _spines(frame),
        *_x_axis(frame, prefix),
        *_y_axis(frame, prefix),
        *_key(frame, layout),
    ]
    return f"<svg{root}>" + "\n".join(body) + "</svg>"
