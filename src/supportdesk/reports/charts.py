"""Charts as server-drawn SVG: the geometry is computed here, the templates only place it.

No script and no outside asset: a chart is part of the page, prints with it, and reads the
same in Russian and English because every word on it is the page's own gettext text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 200
PLOT_WIDTH = 460
ROW_HEIGHT = 26
TOP = 10
AXIS_HEIGHT = 44
LINE_HEIGHT = 240


def nice_ticks(maximum: float, count: int = 4) -> list[int]:
    """Whole axis values from 0 to at least `maximum` (1, 2 or 5 times a power of ten): every
    chart counts tickets, and "0.25 of a ticket" on an axis reads as a mistake."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    power = 10 ** max(0, math.floor(math.log10(raw)))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ticks = [0]
    while ticks[-1] < maximum:
        ticks.append(ticks[-1] + step)
    return ticks


def _tick_label(value: int) -> str:
    return f"{value:d}"


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # the CSS class that colours it (reports.css), patterned too for print


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: float
    css: str
    name: str


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: list[Segment]
    total: float
    total_x: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    description: str
    axis_label: str
    series: list[Series]
    bars: list[Bar]
    ticks: list[Tick]
    width: int
    height: int
    plot_left: int
    plot_bottom: float

    @property
    def legend_y(self) -> float:
        return self.plot_bottom + 38


def bar_chart(
    *,
    key: str,
    title: str,
    axis_label: str,
    series: list[Series],
    rows: list[tuple[str, list[float]]],
) -> BarChart:
    """Horizontal bars, one per row, each stacked from the series' values."""
    ticks = nice_ticks(max((sum(values) for _, values in rows), default=0))
    scale = PLOT_WIDTH / ticks[-1]
    bars = []
    for index, (label, values) in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for value, one in zip(values, series, strict=True):
            segments.append(Segment(x, value * scale, value, one.css, one.name))
            x += value * scale
        bars.append(Bar(label, TOP + index * ROW_HEIGHT, segments, sum(values), x + 4))
    plot_bottom = TOP + len(rows) * ROW_HEIGHT
    description = "; ".join(
        f"{label}: "
        + ", ".join(f"{one.name} {value:g}" for one, value in zip(series, values, strict=True))
        for label, values in rows
    )
    return BarChart(
        key=key,
        title=title,
        description=description,
        axis_label=axis_label,
        series=series,
        bars=bars,
        ticks=[Tick(LABEL_WIDTH + t * scale, _tick_label(t)) for t in ticks],
        width=WIDTH,
        height=int(plot_bottom + AXIS_HEIGHT),
        plot_left=LABEL_WIDTH,
        plot_bottom=plot_bottom,
    )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: float


@dataclass(frozen=True)
class LineChart:
    key: str
    title: str
    description: str
    axis_label: str
    value_label: str
    points: list[Point]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_bottom: int
    plot_right: int

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


def line_chart(
    *, key: str, title: str, axis_label: str, value_label: str, points: list[tuple[str, float]]
) -> LineChart:
    """One value per day (or any ordered label), drawn as a line with a dot per value."""
    left, top, right, bottom = 70, 12, WIDTH - 20, LINE_HEIGHT - 50
    lowest = min((v for _, v in points), default=0)
    ticks = nice_ticks(max((v for _, v in points), default=0))
    base = 0.0 if lowest >= 0 else lowest
    span = (ticks[-1] - base) or 1
    step = (right - left) / max(len(points) - 1, 1)
    drawn = [
        Point(left + i * step, bottom - (value - base) / span * (bottom - top), label, value)
        for i, (label, value) in enumerate(points)
    ]
    every = max(1, math.ceil(len(points) / 8))
    return LineChart(
        key=key,
        title=title,
        description="; ".join(f"{label}: {value:g}" for label, value in points),
        axis_label=axis_label,
        value_label=value_label,
        points=drawn,
        x_ticks=[Tick(p.x, p.label) for p in drawn[::every]],
        y_ticks=[Tick(bottom - (t - base) / span * (bottom - top), _tick_label(t)) for t in ticks],
        width=WIDTH,
        height=LINE_HEIGHT,
        plot_left=left,
        plot_top=top,
        plot_bottom=bottom,
        plot_right=right,
    )
