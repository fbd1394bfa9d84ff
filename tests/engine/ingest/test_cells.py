"""Each kind of cell is checked twice, in polars for every cell and in Python to explain a refusal: the two must
accept exactly the same text and give exactly the same value."""

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.ingest.budgets import BUDGETS
from engine.ingest.cells import WHITESPACE, Cell, NumberCell, generic_ok, generic_problem
from engine.ingest.measurements import MEASUREMENTS

CELLS = {f"{schema.kind}.{spec.name}": spec.cell for schema in (MEASUREMENTS, BUDGETS) for spec in schema.fields}


def vectorised(cell: Cell, texts: list[str]) -> list[tuple[bool, object]]:
    """What the importer's polars check makes of each text (ok, value)."""
    checked = cell.check("t")
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String})
    for stage in checked.stages:
        frame = frame.with_columns(stage)
    frame = frame.select(
        (generic_ok(pl.col("t")) & checked.ok).fill_null(False).alias("ok"), checked.text.alias("normal")
    )
    oks = frame.get_column("ok").to_list()
    normal = frame.get_column("normal")
    values = [cell.values(normal.slice(index, 1))[0] if ok else None for index, ok in enumerate(oks)]
    return list(zip(oks, values, strict=True))


def in_python(cell: Cell, text: str) -> tuple[bool, object]:
    if generic_problem(text) is not None:
        return (False, None)
    try:
        return (True, cell.parse(text))
    except ValueError:
        return (False, None)


def agree(cell: Cell, texts: list[str]) -> None:
    texts = [text.strip(WHITESPACE) for text in texts]
    texts = [text for text in texts if text]
    for text, (ok, value) in zip(texts, vectorised(cell, texts), strict=True):
        expected_ok, expected = in_python(cell, text)
        assert ok == expected_ok, (text, ok)
        assert repr(value) == repr(expected), text  # the same value, written the same way ("1.50" is not "1.5")
        if not ok:
            assert not cell.reason(text).endswith(f"is not {cell.what}"), text  # a real reason, not the fallback


number_like = st.text(alphabet="0123456789,.£%()-+ ", max_size=14)
period_like = st.text(alphabet="0123456789/-Qq \t", max_size=12)
code_like = st.text(alphabet="ABCxyz019-_. /", max_size=8)
structured_numbers = st.builds(
    lambda sign, pound, whole, fraction, percent: f"{sign}{pound}{whole}{fraction}{percent}",
    st.sampled_from(["", "-", "+", "("]),
    st.sampled_from(["", "£"]),
    st.sampled_from(["", "0", "007", "1,234", "12,34", "1234567", "999999999999", "1000000000000", "1,000,000"]),
    st.sampled_from(["", ".", ".5", ".50", ".125", ".00001", ".0"]),
    st.sampled_from(["", "%", ")", "%)"]),
)
structured_periods = st.builds(
    lambda year, sep, rest: f"{year}{sep}{rest}",
    st.sampled_from(["2026", "0000", "1999", "9999", "٢٠٢٦"]),
    st.sampled_from(["-", "/"]),
    st.sampled_from(
        ["4", "04", "12", "13", "0", "27", "00", "28", "27 Q1", "27q4", "27Q5", "27 Q0", "27\tQ2", "27  q3"]
    ),
)
anything = st.text(max_size=12)


@pytest.mark.parametrize("name", sorted(CELLS))
@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(number_like, period_like, code_like, structured_numbers, structured_periods, anything)))
def test_polars_and_python_agree(name, texts):
    agree(CELLS[name], texts)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("45%", "45"),
        ("-£1,234.5", "-1234.5"),
        ("£-5", "-5"),
        ("(£1,234.00)", "-1234.00"),
        ("(45.5%)", "-45.5"),
        (".5", "0.5"),
        ("007.10", "7.10"),
        ("-0", "0"),
        ("+3", "3"),
    ],
)
def test_measurement_values(text, value):
    cell = CELLS["measurements.value"]
    assert repr(cell.parse(text)) == repr(Decimal(value))
    assert vectorised(cell, [text]) == [(True, Decimal(value))]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,5", '"1,5" is not a number: write it like 1234.5, 45% or £1,234.50'),
        ("12 345", "is not a number"),
        ("1e5", "is not a number"),
        ("£5%", "has both a £ sign and a % sign"),
        ("(-5)", "is not a number"),
        ("1.23456", "has 5 decimal places: the value has at most 4"),
        ("1000000000000", "is too large: the value must be under 1,000,000,000,000"),
        ("=SUM(B2:B6)", "cells must hold values, not formulas (=SUM(B2:B6))"),
        ("#DIV/0!", "the cell shows the spreadsheet error #DIV/0!"),
    ],
)
def test_measurement_value_reasons(text, reason):
    assert reason in CELLS["measurements.value"].reason(text)


def test_money_is_written_to_the_penny_and_other_numbers_as_given():
    gross = CELLS["budgets.gross_budget"]
    assert [value for _ok, value in vectorised(gross, ["£1,250,000", "5.5", "0.05", "-0"])] == [
        Decimal("1250000.00"),
        Decimal("5.50"),
        Decimal("0.05"),
        Decimal("0.00"),
    ]
    assert "is negative: the gross budget must be 0 or more" in gross.reason("-1")
    assert "has a % sign: the gross budget is not a percentage" in gross.reason("5%")
    assert vectorised(CELLS["budgets.annual_demand"], ["12,500", "12.5"]) == [(True, 12500), (False, None)]
    assert '"12.5" is not a whole number' in CELLS["budgets.annual_demand"].reason("12.5")
    fte = CELLS["budgets.staff_fte"]
    assert isinstance(fte, NumberCell)
    assert "has a £ sign: the staff FTE is not an amount of money" in fte.reason("£5")


def test_periods_and_codes_are_normalised():
    period = CELLS["measurements.period"]
    assert vectorised(period, ["2026-4", "2026/27q1", "2026/27  Q2", "2026/27"]) == [
        (True, "2026-04"),
        (True, "2026/27 Q1"),
        (True, "2026/27 Q2"),
        (True, "2026/27"),
    ]
    assert vectorised(CELLS["measurements.indicator_code"], ["asc-01b"]) == [(True, "ASC-01B")]
    assert vectorised(CELLS["budgets.service_reference"], ["adl-012", "ADL12"]) == [(True, "ADL-012"), (False, None)]
