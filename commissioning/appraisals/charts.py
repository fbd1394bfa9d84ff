"""Charts for the appraisal pages and the business case PDF, drawn with ``commissioning.core.charts``.

The same functions serve the page and the PDF, and they draw from the appraisal document (see document.py), so a
submitted business case's charts come from its frozen snapshot. Every chart is shown with a table of its figures
straight after it; the SVG carries role="img" and a label that says so. The look, the fonts and the SVG itself are
core's; this module holds only what each chart shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from commissioning.core.charts import (
    BLACK,
    BLUE,
    DARK_BLUE,
    GREEN,
    GREY,
    ORANGE,
    RED,
    SERIES,
    WIDTH_INCHES,
    Chart,
    drawn,
    figure,
    money_axis,
    short,
    to_svg,
)

__all__ = ["Chart"]

LINE_STYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
TABLE_NOTE = "The figures are in the table after the chart."


def _svg(chart: Figure, *, key: str, title: str) -> Chart:
    return to_svg(chart, key=key, title=title, table_note=TABLE_NOTE)


def _figure(
    height: float, *, labels: Sequence[str] = (), left: float = 0.8, bottom: float = 0.55
) -> tuple[Figure, Any]:
    """A figure with fixed margins, in inches: room on the left for the longest label, below for the axis title.

    (Matplotlib's automatic layout would find them too, at twice the drawing time.)
    """
    if labels:
        left = max(left, 0.25 + 0.075 * max(len(label) for label in labels))
    margins = {
        "left": min(left / WIDTH_INCHES, 0.5),
        "right": 0.96,
        "bottom": min(bottom / height, 0.6),
        "top": 1 - min(0.2 / height, 0.2),
    }
    return figure(height, margins=margins)


# Each chart is drawn from a small tuple of its figures, memoised: the same figures always draw the same SVG, so the
# per-process cache can never be stale (it holds no data that can change, only what the figures look like), and a
# page that several people open, or a draft read again, is not drawn twice. Each entry is some 20-40 KB.
CACHE_SIZE = 64


def npsv_by_option(doc: Mapping[str, Any]) -> Chart:
    """Horizontal bars: each option's net present social value, business as usual first."""
    options = doc["options"]
    return _npsv_chart(
        tuple(option["name"] for option in options),
        tuple(option["result"]["npsv"] for option in options),
        doc["appraisal"]["base_year_label"],
    )


@lru_cache(maxsize=CACHE_SIZE)
@drawn
def _npsv_chart(names: tuple[str, ...], npsvs: tuple[str, ...], base_year_label: str) -> Chart:
    labels = [short(name) for name in names]
    values = [float(Decimal(npsv)) for npsv in npsvs]
    fig, axes = _figure(0.9 + 0.45 * len(values), labels=labels)
    colours = [GREEN if value >= 0 else RED for value in values]
    positions = list(range(len(values)))
    axes.barh(positions, values, color=colours, height=0.6)
    axes.set_yticks(positions, labels=labels)
    axes.invert_yaxis()
    axes.axvline(0, color=GREY, linewidth=0.8)
    axes.xaxis.set_major_formatter(FuncFormatter(money_axis))
    axes.set_xlabel(f"Net present social value ({base_year_label} prices)")
    for position, value in zip(positions, values, strict=True):
        axes.annotate(
            money_axis(value),
            (value, position),
            xytext=(4 if value >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if value >= 0 else "right",
            va="center",
            fontsize=9,
        )
    axes.margins(x=0.2)
    return _svg(fig, key="chart-npsv", title="Bar chart of the net present social value of each option")


def cumulative_net(doc: Mapping[str, Any]) -> Chart:
    """Lines: each option's cumulative discounted net benefit, year by year."""
    return _cumulative_chart(
        tuple(doc["appraisal"]["year_labels"]),
        tuple((option["name"], tuple(option["result"]["cumulative_net_by_year"])) for option in doc["options"]),
    )


@lru_cache(maxsize=CACHE_SIZE)
@drawn
def _cumulative_chart(labels: tuple[str, ...], series: tuple[tuple[str, tuple[str, ...]], ...]) -> Chart:
    fig, axes = _figure(3.6, left=0.9, bottom=0.95)
    for index, (name, amounts) in enumerate(series):
        values = [float(Decimal(value)) for value in amounts]
        axes.plot(
            range(len(values)),
            values,
            label=short(name, 40),
            color=SERIES[index % len(SERIES)],
            linestyle=LINE_STYLES[index % len(LINE_STYLES)],
            marker=MARKERS[index % len(MARKERS)],
            markersize=4,
        )
    step = max(1, len(labels) // 10)
    axes.set_xticks(range(0, len(labels), step), labels=labels[::step], rotation=45, ha="right")
    axes.axhline(0, color=GREY, linewidth=0.8)
    axes.yaxis.set_major_formatter(FuncFormatter(money_axis))
    axes.set_ylabel("Cumulative discounted net benefit")
    axes.legend(loc="best", fontsize=8, frameon=False)
    return _svg(
        fig, key="chart-cumulative", title="Line chart of each option's cumulative discounted net benefit by year"
    )


def tornado(option: Mapping[str, Any], *, key: str = "chart-tornado") -> Chart | None:
    """Horizontal bars from the NPSV with each line at its lowest to its highest, largest swing at the top."""
    simulation = option.get("simulation")
    if not simulation or not simulation["tornado"]:
        return None
    return _tornado_chart(
        option["name"],
        simulation["npsv_at_most_likely"],
        tuple((bar["label"], bar["npsv_at_minimum"], bar["npsv_at_maximum"]) for bar in simulation["tornado"]),
        key,
    )


@lru_cache(maxsize=CACHE_SIZE)
@drawn
def _tornado_chart(name: str, most_likely: str, bars: tuple[tuple[str, str, str], ...], key: str) -> Chart:
    centre = float(Decimal(most_likely))
    labels = [short(label) for label, _low, _high in bars]
    fig, axes = _figure(0.9 + 0.42 * len(bars), labels=labels)
    positions = list(range(len(bars)))
    for position, (_label, at_minimum, at_maximum) in zip(positions, bars, strict=True):
        low, high = float(Decimal(at_minimum)), float(Decimal(at_maximum))
        axes.barh(position, low - centre, left=centre, color=ORANGE, height=0.6)
        axes.barh(position, high - centre, left=centre, color=BLUE, height=0.6)
    axes.set_yticks(positions, labels=labels)
    axes.invert_yaxis()
    axes.axvline(centre, color=BLACK, linewidth=1)
    axes.xaxis.set_major_formatter(FuncFormatter(money_axis))
    axes.set_xlabel("NPSV with the line at its lowest (orange) and highest (blue)")
    title = f"Tornado chart of how each line's range moves the NPSV of {name}"
    return _svg(fig, key=key, title=title)


def npsv_ranges(doc: Mapping[str, Any]) -> Chart | None:
    """Each option's P10 to P90 range of simulated NPSV, with the P50 marked."""
    rows = tuple(
        (option["name"], option["simulation"]["p10"], option["simulation"]["p50"], option["simulation"]["p90"])
        for option in doc["options"]
        if option.get("simulation")
    )
    return _ranges_chart(rows) if rows else None


@lru_cache(maxsize=CACHE_SIZE)
@drawn
def _ranges_chart(rows: tuple[tuple[str, str, str, str], ...]) -> Chart:
    labels = [short(name) for name, *_percentiles in rows]
    fig, axes = _figure(0.9 + 0.45 * len(rows), labels=labels)
    positions = list(range(len(rows)))
    for position, (_name, *percentiles) in zip(positions, rows, strict=True):
        p10, p50, p90 = (float(Decimal(value)) for value in percentiles)
        axes.plot([p10, p90], [position, position], color=DARK_BLUE, linewidth=6, solid_capstyle="butt")
        axes.plot([p50], [position], marker="D", color=ORANGE, markersize=8, markeredgecolor=BLACK)
    axes.set_yticks(positions, labels=labels)
    axes.invert_yaxis()
    axes.axvline(0, color=GREY, linewidth=0.8)
    axes.xaxis.set_major_formatter(FuncFormatter(money_axis))
    axes.set_xlabel("Simulated NPSV: P10 to P90 (bar) and P50 (diamond)")
    axes.margins(y=0.3)
    return _svg(fig, key="chart-ranges", title="Range chart of each option's simulated NPSV from P10 to P90")


def frozen(drawn: Mapping[str, Any]) -> dict[str, Any]:
    """Charts as JSON (for a submitted business case's snapshot): key -> [title, svg]."""
    found: dict[str, Any] = {}
    for name in ("npsv", "cumulative", "ranges"):
        chart = drawn[name]
        found[name] = None if chart is None else [chart.key, chart.title, chart.svg]
    found["tornado"] = {str(option_id): [c.key, c.title, c.svg] for option_id, c in drawn["tornado"].items()}
    return found


def thawed(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Charts kept by ``frozen``, as the pages use them."""
    return {
        **{name: None if stored[name] is None else Chart(*stored[name]) for name in ("npsv", "cumulative", "ranges")},
        "tornado": {int(option_id): Chart(*chart) for option_id, chart in stored["tornado"].items()},
    }


def appraisal_charts(doc: Mapping[str, Any], *, tornado_for: Sequence[int] = ()) -> dict[str, Any]:
    """The charts a page shows: NPSV, cumulative net, ranges, and the tornado of the options asked for (by id).

    A submitted business case's snapshot carries its charts as they were drawn then; they are used as they are.
    """
    if doc.get("charts"):
        return thawed(doc["charts"])
    tornados = {}
    for option in doc["options"]:
        if option["id"] in tornado_for:
            chart = tornado(option, key=f"chart-tornado-{option['id']}")
            if chart is not None:
                tornados[option["id"]] = chart
    return {
        "npsv": npsv_by_option(doc),
        "cumulative": cumulative_net(doc),
        "ranges": npsv_ranges(doc),
        "tornado": tornados,
    }
