"""The finance app's bridge to engine/ (ARCHITECTURE.md, "engine/"): models in, the engine's dataclasses out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

# Budgets, the MTFS and savings (finance-savings) ---------------------------------------------------------------
from engine.finance import savings as engine_savings
from engine.finance.years import FinancialYear, financial_year_of, parse_financial_year

GapClosure = engine_savings.GapClosure
TrackerRow = engine_savings.TrackerRow
WaterfallStep = engine_savings.WaterfallStep
ZERO = engine_savings.ZERO


def year_label(day: dt.date) -> str:
    return financial_year_of(day).label


def is_year(label: str) -> bool:
    try:
        parse_financial_year(label)
    except ValueError:
        return False
    return True


def years_from(label: str, count: int) -> list[str]:
    """``count`` financial years' labels from ``label`` on ("2026/27", "2027/28", ...)."""
    first = parse_financial_year(label)
    return [FinancialYear(first.start_year + i).label for i in range(count)]


def parse_start(label: str) -> int:
    """The calendar year a financial year starts in (2026 for "2026/27")."""
    return parse_financial_year(label).start_year


def year_starting(start_year: int) -> str:
    return FinancialYear(start_year).label


def plus_years(label: str, count: int) -> str:
    return FinancialYear(parse_financial_year(label).start_year + count).label


def figures(year: Any, *, confidence: str, undeliverable: bool) -> engine_savings.SavingsFigures:
    """A SavingsYear (with its line's confidence and status) as the engine's figures."""
    return engine_savings.SavingsFigures(
        agreed=year.planned,
        forecast=year.forecast,
        realised=year.realised,
        at_risk=confidence in {"amber", "red"},
        undeliverable=undeliverable,
    )


def gap_closure(mtfs: Any, years: Iterable[Any]) -> GapClosure:
    """An MtfsYear and its year's SavingsYear rows (each with ``line`` loaded) as the gap and what closes it."""
    return engine_savings.gap_closure(
        engine_savings.MtfsYear(year=mtfs.financial_year, funding=mtfs.funding, spending=mtfs.spending),
        [figures(y, confidence=y.line.confidence, undeliverable=y.line.is_undeliverable) for y in years],
    )


def tracker_row(*, target: Decimal, years: Iterable[Any]) -> TrackerRow:
    return engine_savings.tracker_row(
        target=target,
        lines=[figures(y, confidence=y.line.confidence, undeliverable=y.line.is_undeliverable) for y in years],
    )


def savings_waterfall(closure: GapClosure, years: Iterable[Any]) -> list[WaterfallStep]:
    """The waterfall from the gap to what is left: delivered, forecast on green lines, forecast on amber and red."""
    on_track = at_risk = ZERO
    for y in years:
        if y.line.is_undeliverable:
            continue
        still = max(y.forecast - y.realised, ZERO)
        if y.line.confidence == "green":
            on_track += still
        else:
            at_risk += still
    return engine_savings.savings_waterfall(closure, forecast_on_track=on_track, forecast_at_risk=at_risk)


def move_slippage(plan: dict[str, Decimal], *, from_year: str, to_year: str, amount: Decimal) -> dict[str, Decimal]:
    return engine_savings.move_slippage(plan, from_year=from_year, to_year=to_year, amount=amount)
