"""The indicator and evidence-pack charts: a time series with its target band, and a comparator chart.

Drawn with commissioning.core.charts (matplotlib Agg to inline SVG, deterministic, no network). Each page shows a
table of the same figures beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from matplotlib.ticker import FuncFormatter

from commissioning.core import charts
from commissioning.core.charts import Chart

UNIT_AXIS = {
    "count": "Count",
    "percent": "Per cent",
    "gbp": "Pounds",
    "days": "Days",
    "weeks": "Weeks",
    "hours": "Hours",
    "rate_per_1000": "Rate per 1,000",
    "rate_per_100000": "Rate per 100,000",
    "score": "Score",
    "ratio": "Ratio",
}


def _formatter(unit: str) -> FuncFormatter:
    if unit == "gbp":
        return FuncFormatter(charts.money_axis)
    if unit == "percent":
        return FuncFormatter(lambda value, _position: f"{value:,.0f}%" if value == int(value) else f"{value:,.1f}%")
    return FuncFormatter(lambda value, _position: f"{value:,.0f}" if value == int(value) else f"{value:,.2f}")


def _float(value: Decimal | None) -> float:
    return float(value) if value is not None else float("nan")


def time_series(*, indicator: Any, periods: Sequence[Any], key: str = "chart-time-series") -> Chart | None:
    """Values by period as a line, with the target as a dashed step line and the tolerance band (Amber) shaded.

    Drawn once for the same figures (``charts.cached``): the chart is drawn from the tuple of them only.
    """
    if not any(p.value is not None for p in periods):
        return None
    return charts.cached(
        _time_series,
        name=indicator.name,
        unit=indicator.unit,
        polarity=indicator.polarity,
        rows=tuple((p.period, p.value, p.target, p.amber_limit) for p in periods),
        key=key,
    )


@charts.drawn
def _time_series(
    *,
    name: str,
    unit: str,
    polarity: str,
    rows: tuple[tuple[str, Decimal | None, Decimal | None, Decimal | None], ...],
    key: str,
) -> Chart:
    labels = [period for period, _value, _target, _limit in rows]
    positions = list(range(len(rows)))
    values = [_float(value) for _period, value, _target, _limit in rows]
    targets = [_float(target) for _period, _value, target, _limit in rows]
    limits = [_float(limit) for _period, _value, _target, limit in rows]
    height = 3.6
    fig, axes = charts.figure(height, margins={"left": 0.11, "right": 0.98, "top": 0.9, "bottom": 0.24})
    if any(target is not None for _period, _value, target, _limit in rows):
        axes.fill_between(
            positions,
            targets,
            limits,
            step="mid",
            color=charts.PALE_AMBER,
            edgecolor=charts.ORANGE,
            linewidth=0.4,
            label="Tolerance (Amber)",
        )
        axes.step(positions, targets, where="mid", color=charts.GREEN, linestyle="--", linewidth=1.4, label="Target")
    axes.plot(positions, values, color=charts.DARK_BLUE, marker="o", markersize=3.5, linewidth=1.8, label="Value")
    step = max(1, len(labels) // 10)
    axes.set_xticks(positions[::step], labels=labels[::step], rotation=45, ha="right")
    axes.yaxis.set_major_formatter(_formatter(unit))
    axes.set_ylabel(UNIT_AXIS.get(unit, ""))
    direction = "higher" if polarity == "higher" else "lower"
    axes.set_title(f"{charts.short(name, 60)} ({direction} is better)", loc="left")
    axes.legend(loc="best", fontsize=8)
    axes.grid(axis="y", color=charts.LIGHT_GREY, linewidth=0.5)
    title = f"Line chart of {name} by period, with its target and tolerance band"
    return charts.to_svg(fig, key=key, title=title)


def comparator_chart(
    *, view: Any, unit: str, what: str, key: str = "chart-comparators", money: bool = False
) -> Chart | None:
    """Horizontal bars for each council with a value, best first: the council in dark blue, the comparator median
    as a dashed line. Drawn once for the same figures (``charts.cached``)."""
    position = view.position
    if not position.ranking:
        return None
    return charts.cached(
        _comparator_chart,
        bars=tuple(
            (view.name(entry.ons_code), entry.value, entry.ons_code == position.council) for entry in position.ranking
        ),
        median=position.comparator_median,
        year=view.year,
        unit=unit,
        what=what,
        key=key,
        money=money,
    )


@charts.drawn
def _comparator_chart(
    *,
    bars: tuple[tuple[str, Decimal, bool], ...],
    median: Decimal | None,
    year: str,
    unit: str,
    what: str,
    key: str,
    money: bool,
) -> Chart:
    names = [charts.short(name, 30) for name, _value, _council in bars]
    values = [float(value) for _name, value, _council in bars]
    colours = [charts.DARK_BLUE if council else charts.LIGHT_GREY for _name, _value, council in bars]
    height = 1.1 + 0.26 * len(bars)
    longest = max(len(name) for name in names)
    fig, axes = charts.figure(
        height,
        margins={
            "left": min(0.5, 0.03 + 0.0105 * longest),
            "right": 0.96,
            "top": 1 - 0.3 / height,
            "bottom": 0.65 / height,
        },
    )
    rows = list(range(len(bars)))
    axes.barh(rows, values, color=colours, height=0.7)
    axes.set_yticks(rows, labels=names, fontsize=8)
    axes.invert_yaxis()
    if median is not None:
        axes.axvline(float(median), color=charts.ORANGE, linestyle="--", linewidth=1.4)
        axes.annotate(
            "Comparator median",
            xy=(float(median), 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color=charts.BLACK,
        )
    axes.xaxis.set_major_formatter(FuncFormatter(charts.money_axis) if money else _formatter(unit))
    axes.set_xlabel(f"{year}: best at the top")
    title = f"Bar chart of {what} in each comparator council, {year}, best first, with the council highlighted"
    return charts.to_svg(fig, key=key, title=title)
