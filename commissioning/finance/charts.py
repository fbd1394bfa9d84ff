"""The savings waterfall (from the MTFS gap to what is left), drawn with ``commissioning.core.charts``; the page shows
the table of its figures after it."""

from __future__ import annotations

from decimal import Decimal

from matplotlib.ticker import FuncFormatter

from commissioning.core.charts import BLUE, DARK_BLUE, GREEN, ORANGE, Chart, cached, drawn, figure, money_axis, to_svg

TABLE_NOTE = "The figures are in the table after the chart."


def waterfall(steps: tuple[tuple[str, Decimal, Decimal, bool], ...], year: str) -> Chart:
    """Bars from the gap down to the gap left: ``steps`` are (label, start, end, total) from the engine's waterfall."""
    return cached(_waterfall, steps=steps, year=year)


@drawn
def _waterfall(*, steps: tuple[tuple[str, Decimal, Decimal, bool], ...], year: str) -> Chart:
    fig, axes = figure(3.6, margins={"left": 0.12, "right": 0.97, "bottom": 0.2, "top": 0.94})
    colours = [DARK_BLUE, GREEN, BLUE, ORANGE, DARK_BLUE]
    for index, (_label, start, end, total) in enumerate(steps):
        low, high = sorted((float(start), float(end)))
        colour = DARK_BLUE if total else colours[index % len(colours)]
        axes.bar(index, high - low, bottom=low, color=colour, width=0.6)
    axes.set_xticks(range(len(steps)), [step[0].replace(": ", ":\n") for step in steps])
    axes.yaxis.set_major_formatter(FuncFormatter(money_axis))
    axes.axhline(0, color="#0b0c0c", linewidth=0.8)
    return to_svg(
        fig,
        key=f"waterfall-{year.replace('/', '-')}",
        title=f"From the {year} gap to what is left",
        table_note=TABLE_NOTE,
    )
