"""Charts and body maps for the PDFs, as images of the same SVG.

WeasyPrint parses an inline SVG into the page: every element of every chart goes through the
HTML parser and the CSS cascade. The same SVG in an <img> is read by its SVG renderer alone,
which draws the same picture, text included, in about half the time.
"""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from html import escape, unescape

from triggerpoint.reports.charts import WIDE, AnyChart, DrawnChart
from triggerpoint.reports.views import Charts

LABEL = re.compile(r'<svg[^>]*?aria-label="([^"]*)"')


def as_image(svg: str, css_class: str) -> str:
    """An inline SVG as an <img> showing the same picture, its accessible name as the image's alternative text."""
    if not svg.lstrip().startswith("<svg"):
        return svg  # a sentence in place of a chart with no data
    label = LABEL.search(svg)
    alt = escape(unescape(label.group(1))) if label else ""
    data = base64.b64encode(svg.encode()).decode()
    return f'<img class="{css_class}" alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def _printed(chart: AnyChart) -> AnyChart:
    """The wide layout as an image, drawn when first shown: the doctor's summary shows one chart of nine."""
    return DrawnChart(lambda layout: as_image(chart.wide, "chart") if layout is WIDE else "")


def printable(charts: Charts) -> Charts:
    """The charts as the PDFs show them: the wide layout only, each an image."""
    return replace(
        charts,
        pain=_printed(charts.pain),
        area=_printed(charts.area),
        medication=_printed(charts.medication),
        adherence=_printed(charts.adherence),
        soreness=_printed(charts.soreness),
        scores=[(instrument, _printed(chart)) for instrument, chart in charts.scores],
    )


def printable_maps(maps: tuple[str, str]) -> tuple[str, str]:
    """The then-and-now body maps as images."""
    return as_image(maps[0], "atlas"), as_image(maps[1], "atlas")
