"""Turn a Progress into the charts and figures the progress page and both PDFs show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from triggerpoint.atlas import render_svg
from triggerpoint.kb.schema import View
from triggerpoint.outcomes import instrument
from triggerpoint.progress.adherence import Adherence, adherence
from triggerpoint.progress.helped import HelpFinding
from triggerpoint.progress.names import item_name
from triggerpoint.progress.periods import Bin, calendar_bins, count_in, unit_of
from triggerpoint.progress.series import Painted, medication_days, region_frequency
from triggerpoint.reports import charts
from triggerpoint.reports.charts import AnyChart, DrawnChart, Layout, Span
from triggerpoint.reports.data import Progress, ScoreSeries


@dataclass(frozen=True)
class Helped:
    """A "what helped?" finding with the names of its items."""

    finding: HelpFinding
    names: list[str]


@dataclass(frozen=True)
class Charts:
    """Every progress chart, the days they span, the bins their bars count, and what the tables beside them show."""

    span: Span
    recorded: bool  # whether anything was recorded or planned in the period
    unit: str  # what one bar counts: "day", "week" or "month"
    pain: AnyChart
    area: AnyChart
    medication: AnyChart
    adherence: AnyChart
    soreness: AnyChart
    scores: list[tuple[str, AnyChart]]  # (instrument id, chart)
    weeks: list[Adherence]  # planned and done sessions per bar
    helped: list[Helped]

    @property
    def cut(self) -> bool:
        """Whether the period's first or last day cuts a bar's week or month."""
        return any(not row.bin.whole for row in self.weeks)

    @property
    def planned(self) -> int:
        return sum(row.planned for row in self.weeks)

    @property
    def done(self) -> int:
        return sum(row.done for row in self.weeks)


def _recorded_days(progress: Progress) -> list[date]:
    return [
        *(d for d, _ in progress.pain),
        *(d for d, _ in progress.area),
        *(d for d, _ in progress.soreness),
        *(d for s in progress.scores for d, _ in s.points),
        *(d for d, _ in medication_days(progress.points)),
        *progress.session_days,
        *progress.planned_days,
    ]


def chart_span(progress: Progress) -> Span:
    """From the first day with any record in the period (or planned session) to the period's last day."""
    first = min((d for d in _recorded_days(progress) if d >= progress.start), default=progress.end)
    return min(first, progress.end), progress.end


def both(draw: Callable[[Layout], str]) -> AnyChart:
    """A chart in the wide and the narrow layout, each drawn when first shown."""
    return DrawnChart(draw)


def _drawn(has_data: object, draw: Callable[[Layout], str], message: str) -> AnyChart:
    return both(draw) if has_data else charts.empty_chart(message)


def _medication(progress: Progress, bins: list[Bin], span: Span) -> AnyChart:
    known = [(day, free) for day, free in medication_days(progress.points) if free is not None]
    free = count_in(bins, [day for day, free in known if free])
    recorded = count_in(bins, [day for day, _ in known])
    draw = partial(charts.medication_chart, bins, free, recorded, span)
    return _drawn(known, draw, "No medication recorded in this period yet.")


def _counts(series: ScoreSeries) -> tuple[float, float]:
    return series.minimal_change, series.improvement_needed


def _on_scale(series: ScoreSeries) -> charts.Scores:
    """A series with the full range of its instrument's scale, read from the instrument data."""
    spec = instrument(series.instrument)
    return charts.Scores(series.name, series.unit, series.better, (spec.score_min, spec.score_max), series.points)


def _scores(progress: Progress, span: Span) -> list[tuple[str, AnyChart]]:
    return [(s.instrument, both(partial(charts.score_chart, _on_scale(s), _counts(s), span))) for s in progress.scores]


def _helped(progress: Progress) -> list[Helped]:
    if not progress.session_days:
        return []
    return [Helped(h, [item_name(k, progress.item_names) for k in h.items]) for h in progress.helped]


def progress_charts(progress: Progress) -> Charts:
    """Every progress chart for the period, as SVG in two layouts, over the same days."""
    span = chart_span(progress)
    bins = calendar_bins(*span)
    weeks = adherence(progress.planned_days, progress.session_days, bins)
    pain = partial(charts.pain_chart, progress.pain, progress.pain_average, span)
    return Charts(
        span=span,
        recorded=bool(_recorded_days(progress)),
        unit=unit_of(bins),
        pain=_drawn(progress.pain, pain, "No pain ratings in this period yet."),
        area=_drawn(progress.area, partial(charts.area_chart, progress.area, span), "No body-map drawings yet."),
        medication=_medication(progress, bins, span),
        adherence=_drawn(
            any(row.planned for row in weeks),
            partial(charts.adherence_chart, weeks, span),
            "No home program or self-care session in this period yet.",
        ),
        soreness=_drawn(
            progress.soreness,
            partial(charts.soreness_chart, progress.soreness, span),
            "No next-day check-ins in this period yet.",
        ),
        scores=_scores(progress, span),
        weeks=weeks,
        helped=_helped(progress),
    )


@dataclass(frozen=True)
class ProgressView:
    """A period's records and their charts: what the progress page and both PDFs are drawn from."""

    progress: Progress
    charts: Charts


def prepare(progress: Progress) -> ProgressView:
    """The records with every chart drawn."""
    return ProgressView(progress, progress_charts(progress))


def _within(points: list[Painted], start: date, end: date) -> list[Painted]:
    return [p for p in points if start <= p.day <= end]


def heat_map(points: list[Painted], start: date, end: date, title: str) -> str:
    """The body shaded by how often each region hurt between two days (darker: more days)."""
    frequency = region_frequency(_within(points, start, end))
    return render_svg(frequency, views=[View.FRONT, View.BACK], title=title)


def then_and_now(points: list[Painted], first: tuple[date, date], second: tuple[date, date]) -> tuple[str, str]:
    """Heat maps for two periods, for side-by-side comparison."""
    return (
        heat_map(points, *first, f"How often each area hurt, {first[0]:%d %b %Y} to {first[1]:%d %b %Y}"),
        heat_map(points, *second, f"How often each area hurt, {second[0]:%d %b %Y} to {second[1]:%d %b %Y}"),
    )
