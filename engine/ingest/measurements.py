"""Importing indicator measurements: one row per indicator and period.

Columns: Indicator code, Period, Value, and optionally Note. The indicator code is compared case-insensitively
and given in capitals; the period is a month, quarter or financial year, given as its label ("2026-4" becomes
"2026-04", "2026/27q1" becomes "2026/27 Q1"); the value is a number in the indicator's unit, where "45%" is 45 (a
percentage in points) and "£1,234.50" is 1234.50. A value is required: a period with no data simply has no row.

Pass ``indicators`` (each indicator's code, frequency and unit) and each row is also checked against its indicator:
the code must be known, the period must be of the indicator's frequency, and a "%" or "£" sign must match its unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from engine.ingest.cells import CodeCell, NumberCell, PeriodCell, TextCell, frequency_expr
from engine.ingest.limits import DEFAULT_LIMITS, Limits
from engine.ingest.readers import read_table
from engine.ingest.table import CheckedTable, FieldSpec, ImportKind, ParseResult, Schema, build_rows, check_cells
from engine.scoring.indicators import Unit
from engine.scoring.periods import WRONG_FREQUENCY, Frequency

INDICATOR_CODE = r"[A-Za-z0-9][A-Za-z0-9._-]{0,29}"
NOTE_MAX_LENGTH = 1000
VALUE_PLACES = 4
VALUE_WHOLE_DIGITS = 12  # values under a million million, in any unit

UNKNOWN_INDICATOR = "no indicator has the code {code}: check the code on the indicator's page"
PERCENT_BUT_NOT_PERCENT = '"{text}" has a % sign, but {code} is measured in {unit}, not as a percentage'
POUNDS_BUT_NOT_MONEY = '"{text}" has a £ sign, but {code} is measured in {unit}, not in pounds'


@dataclass(frozen=True)
class KnownIndicator:
    """What the importer needs to know of an indicator to check its rows."""

    frequency: Frequency
    unit: Unit


@dataclass(frozen=True)
class MeasurementRow:
    indicator_code: str
    period: str
    value: Decimal
    note: str
    row_number: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.indicator_code, self.period)


MEASUREMENTS = Schema(
    kind=ImportKind.MEASUREMENTS,
    sheet_title="Measurements",
    row_noun="measurement (indicator, period and value)",
    key=("indicator_code", "period"),
    key_noun="indicator and period",
    fields=(
        FieldSpec(
            name="indicator_code",
            header="Indicator code",
            cell=CodeCell(
                what="an indicator code",
                pattern=INDICATOR_CODE,
                rule="up to 30 letters, digits, dots, hyphens and underscores, with no spaces",
                example="ASC-01",
            ),
            example="EX-01",
            guidance="The code of the indicator, as its page shows it. Capitals or small letters.",
            empty_hint="the indicator's code",
        ),
        FieldSpec(
            name="period",
            header="Period",
            cell=PeriodCell(),
            example="2026/27 Q1",
            guidance=(
                "A month like 2026-04, a quarter of the financial year like 2026/27 Q1, or a financial year like "
                "2026/27, matching how often the indicator is reported."
            ),
            empty_hint="the period, like 2026-04, 2026/27 Q1 or 2026/27",
        ),
        FieldSpec(
            name="value",
            header="Value",
            cell=NumberCell(
                what="the value",
                example="1234.5, 45% or £1,234.50",
                places=VALUE_PLACES,
                whole_digits=VALUE_WHOLE_DIGITS,
                percent=True,
                pounds=True,
            ),
            example="45.5%",
            guidance=(
                "A number in the indicator's unit, up to 4 decimal places. A percentage can be written 45.5% or "
                "45.5; money £1,234.50 or 1234.50. No formulas."
            ),
            empty_hint="the value (leave out the row if there is no value for the period)",
        ),
        FieldSpec(
            name="note",
            header="Note",
            cell=TextCell(what="a note", max_length=NOTE_MAX_LENGTH),
            required=False,
            column_optional=True,
            example="Example row: replace it with your own",
            guidance=f"Optional: anything a reader should know about the value, up to {NOTE_MAX_LENGTH:,} characters.",
        ),
    ),
)


def parse_measurements(
    data: bytes,
    filename: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    indicators: Mapping[str, KnownIndicator] | None = None,
) -> ParseResult[MeasurementRow]:
    """Read an uploaded measurements file (.xlsx or .csv, by its name). Raises ``IngestError`` when the file as a
    whole cannot be read; otherwise every row, or every problem (see ``ParseResult``)."""
    raw = read_table(data, filename, limits)
    table = check_cells(raw, MEASUREMENTS, limits)
    if isinstance(table, tuple):
        return ParseResult(rows=(), errors=table, format=raw.format)
    if indicators is not None:
        _check_against_indicators(table, indicators)
    table.report_duplicates()
    if table.errors:
        return ParseResult(rows=(), errors=table.sorted_errors(), format=raw.format)
    return ParseResult(rows=build_rows(table, MeasurementRow), errors=(), format=raw.format)


def _check_against_indicators(table: CheckedTable, indicators: Mapping[str, KnownIndicator]) -> None:
    codes = {code.upper(): known for code, known in indicators.items()}
    code = pl.col("indicator_code__normal")
    frequency = code.replace_strict(
        {key: known.frequency.value for key, known in codes.items()}, default=None, return_dtype=pl.String
    )
    unit = code.replace_strict(
        {key: known.unit.value for key, known in codes.items()}, default=None, return_dtype=pl.String
    )
    table.frame = table.frame.with_columns(frequency.alias("__frequency"), unit.alias("__unit"))
    known = pl.col("__frequency").is_not_null()
    table.report(
        table.valid("indicator_code") & ~known,
        "indicator_code",
        lambda row: UNKNOWN_INDICATOR.format(code=row["indicator_code__normal"]),
    )

    def wrong_frequency(row: dict[str, object]) -> str:
        period = str(row["period__normal"])
        actual = Frequency(str(row["__period_frequency"]))
        expected = Frequency(str(row["__frequency"]))
        return WRONG_FREQUENCY.format(
            label=period, actual=actual.noun, expected=expected.value, example=expected.example
        )

    table.frame = table.frame.with_columns(frequency_expr(pl.col("period__normal")).alias("__period_frequency"))
    table.report(
        table.valid("indicator_code", "period") & known & (pl.col("__period_frequency") != pl.col("__frequency")),
        "period",
        wrong_frequency,
    )
    value_ok = table.valid("indicator_code", "value") & known
    table.report(
        value_ok & pl.col("value").str.contains("%", literal=True) & (pl.col("__unit") != Unit.PERCENT.value),
        "value",
        lambda row: PERCENT_BUT_NOT_PERCENT.format(
            text=row["value"], code=row["indicator_code__normal"], unit=Unit(str(row["__unit"])).label.lower()
        ),
    )
    table.report(
        value_ok & pl.col("value").str.contains("£", literal=True) & (pl.col("__unit") != Unit.GBP.value),
        "value",
        lambda row: POUNDS_BUT_NOT_MONEY.format(
            text=row["value"], code=row["indicator_code__normal"], unit=Unit(str(row["__unit"])).label.lower()
        ),
    )
