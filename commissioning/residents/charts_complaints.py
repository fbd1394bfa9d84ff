"""The complaint statistics chart: complaints received each quarter, and how many went to stage 2 (inline SVG)."""

from __future__ import annotations

from commissioning.core import charts


@charts.drawn
def complaints_by_quarter(*, quarters: tuple[tuple[str, int, int], ...]) -> charts.Chart:
    fig, axes = charts.figure(height=3.0)
    labels = [q for q, _v, _s in quarters]
    axes.bar(labels, [v for _q, v, _s in quarters], label="Complaints received")
    axes.bar(labels, [s for _q, _v, s in quarters], label="Went to stage 2")
    axes.set_ylabel("Complaints")
    axes.legend()
    axes.tick_params(axis="x", labelrotation=30)
    return charts.to_svg(fig, key="complaints-by-quarter", title="Complaints received each quarter, and stage 2")
