"""Importing service budgets: one row per service and financial year.

Columns: Service reference, Financial year, Gross budget, Net budget, and optionally Staff FTE and Annual demand.
The service reference is compared case-insensitively and given in capitals ("adl-012" is "ADL-012"); the financial
year is written "2026/27"; budgets are pounds to the penny ("£125,000.50", "125000.5" and "125,000.50" are all
125000.50; a negative net budget may be written -£5,000 or (£5,000)). The gross budget is 0 or more, and the net
budget (gross spending less income) is no more than the gross. Staff FTE has up to 2 decimal places; annual demand
is a whole number. Both may be left empty, or their columns left out.

Pass ``services`` (the references the council has) and each row's service must be one of them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from engine.ingest.cells import CodeCell, FinancialYearCell, NumberCell
from engine.ingest.limits import DEFAULT_LIMITS, Limits
from engine.ingest.readers import read_table
from engine.ingest.table import FieldSpec, ImportKind, ParseResult, Schema, build_rows, check_cells

SERVICE_REFERENCE = r"[A-Za-z]{2,5}-[0-9]{3,5}"
MONEY_WHOLE_DIGITS = 12  # under a million million pounds: DecimalField(max_digits=14, decimal_places=2)
FTE_WHOLE_DIGITS = 6  # DecimalField(max_digits=8, decimal_places=2)
DEMAND_WHOLE_DIGITS = 9  # fits a PositiveIntegerField on every database

UNKNOWN_SERVICE = "no service has the reference {reference}: check the reference on the service's page"
NET_OVER_GROSS = (
    "the net budget ({net}) is more than the gross budget ({gross}): the net budget is gross spending less income"
)


@dataclass(frozen=True)
class BudgetRow:
    service_reference: str
    financial_year: str
    gross_budget: Decimal
    net_budget: Decimal
    staff_fte: Decimal | None
    annual_demand: int | None
    row_number: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.service_reference, self.financial_year)


def _money(what: str, *, negative: bool) -> NumberCell:
    return NumberCell(
        what=what,
        example="125000.50 or £125,000.50",
        places=2,
        whole_digits=MONEY_WHOLE_DIGITS,
        negative=negative,
        pounds=True,
        pad_places=True,
    )


BUDGETS = Schema(
    kind=ImportKind.BUDGETS,
    sheet_title="Budgets",
    row_noun="service budget (service, financial year and budgets)",
    key=("service_reference", "financial_year"),
    key_noun="service and financial year",
    fields=(
        FieldSpec(
            name="service_reference",
            header="Service reference",
            cell=CodeCell(
                what="a service reference",
                pattern=SERVICE_REFERENCE,
                rule="2 to 5 letters, a hyphen, then 3 to 5 digits",
                example="ADL-012",
            ),
            example="EX-001",
            guidance="The service's reference, as its page shows it, like ADL-012.",
            empty_hint="the service's reference, like ADL-012",
        ),
        FieldSpec(
            name="financial_year",
            header="Financial year",
            cell=FinancialYearCell(),
            example="2026/27",
            guidance="The financial year the budget is for, like 2026/27 (April 2026 to March 2027).",
            empty_hint="the financial year, like 2026/27",
        ),
        FieldSpec(
            name="gross_budget",
            header="Gross budget",
            cell=_money("the gross budget", negative=False),
            example="£1,250,000.00",
            guidance="Gross spending in pounds, 0 or more, to the penny: 1250000, 1,250,000.00 or £1,250,000.",
            empty_hint="the gross budget in pounds",
        ),
        FieldSpec(
            name="net_budget",
            header="Net budget",
            cell=_money("the net budget", negative=True),
            example="£980,000.00",
            guidance="Gross spending less income, in pounds; no more than the gross budget. May be negative.",
            empty_hint="the net budget in pounds",
        ),
        FieldSpec(
            name="staff_fte",
            header="Staff FTE",
            cell=NumberCell(
                what="the staff FTE", example="12.5", places=2, whole_digits=FTE_WHOLE_DIGITS, negative=False
            ),
            required=False,
            column_optional=True,
            example="23.5",
            guidance="Optional: staff in full-time equivalents, up to 2 decimal places.",
        ),
        FieldSpec(
            name="annual_demand",
            header="Annual demand",
            cell=NumberCell(
                what="the annual demand",
                example="12,500",
                places=0,
                whole_digits=DEMAND_WHOLE_DIGITS,
                negative=False,
            ),
            required=False,
            column_optional=True,
            example="4,200",
            guidance="Optional: how many units (visits, households, cases) the service delivers in the year.",
        ),
    ),
)


def parse_budgets(
    data: bytes,
    filename: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    services: Collection[str] | None = None,
) -> ParseResult[BudgetRow]:
    """Read an uploaded budgets file (.xlsx or .csv, by its name). Raises ``IngestError`` when the file as a whole
    cannot be read; otherwise every row, or every problem (see ``ParseResult``)."""
    raw = read_table(data, filename, limits)
    table = check_cells(raw, BUDGETS, limits)
    if isinstance(table, tuple):
        return ParseResult(rows=(), errors=table, format=raw.format)
    if services is not None:
        known = pl.col("service_reference__normal").is_in([reference.upper() for reference in services])
        table.report(
            table.valid("service_reference") & ~known,
            "service_reference",
            lambda row: UNKNOWN_SERVICE.format(reference=row["service_reference__normal"]),
        )
    money = pl.Decimal(precision=MONEY_WHOLE_DIGITS + 4, scale=2)
    table.report(
        table.valid("gross_budget", "net_budget")
        & (
            pl.col("net_budget__normal").cast(money, strict=False)
            > pl.col("gross_budget__normal").cast(money, strict=False)
        ),
        "net_budget",
        lambda row: NET_OVER_GROSS.format(net=row["net_budget"], gross=row["gross_budget"]),
    )
    table.report_duplicates()
    if table.errors:
        return ParseResult(rows=(), errors=table.sorted_errors(), format=raw.format)
    return ParseResult(rows=build_rows(table, BudgetRow), errors=(), format=raw.format)
