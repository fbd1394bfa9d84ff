"""The spend reader against a corpus of small files with every quirk of councils' published spend (issue 12)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.ingest.spend import (
    AMOUNT_EMPTY,
    DATE_INVALID,
    NO_AMOUNT_COLUMN,
    NO_DATE_COLUMN,
    NO_HEADER,
    SpendRejected,
    amounts,
    first_of_each,
    is_redacted,
    parse_amount,
    parse_date,
    parse_spend,
    supplier_key,
)

CORPUS = Path(__file__).parent / "spend_corpus"


def read(name: str):
    return parse_spend((CORPUS / name).read_bytes())


def column(name: str, field: str) -> list[object]:
    return read(name).rows.get_column(field).to_list()


def test_header_after_title_lines_with_stray_spaces_in_headers_and_cells():
    spend = read("title_lines.csv")
    assert spend.header_row == 4
    assert spend.headers["date"] == "Payment Date"
    assert spend.headers["amount"] == "Amount (£)"
    rows = spend.rows.to_dicts()
    assert [row["row"] for row in rows] == [5, 6]
    assert rows[0]["supplier"] == "Acme Care Ltd"
    assert rows[0]["supplier_key"] == "ACME CARE"
    assert rows[0]["amount"] == "1234.50"
    assert rows[0]["reference"] == "T1"
    assert rows[0]["expense_area"] == "Adult Social Care"
    assert rows[0]["expense_type"] == "Residential care"
    assert rows[0]["purpose"] == "Care packages"
    assert rows[0]["body"] == "Example Council"
    assert rows[1]["amount"] == "10000.00"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "synonyms_paid.csv",
            {"date": "Date Paid", "supplier": "Beneficiary", "amount": "Net Amount", "reference": "Transaction Ref"},
        ),
        (
            "synonyms_transaction.csv",
            {"date": "Transaction Date", "supplier": "Payee", "amount": "Value", "expense_area": "Service Area"},
        ),
        ("synonyms_vendor.csv", {"date": "Date", "supplier": "Vendor Name", "amount": "Line Amount"}),
    ],
)
def test_header_synonyms(name, expected):
    spend = read(name)
    assert {field: spend.headers[field] for field in expected} == expected
    assert spend.rows.height == 1


def test_synonyms_for_every_other_field():
    paid = read("synonyms_paid.csv").rows.row(0, named=True)
    assert (paid["expense_area"], paid["expense_type"], paid["purpose"], paid["body"]) == (
        "Highways",
        "Works",
        "Gritting",
        "Example Council",
    )
    other = read("synonyms_transaction.csv").rows.row(0, named=True)
    assert (other["reference"], other["expense_type"], other["purpose"], other["body"]) == (
        "Q1",
        "Books",
        "Stock",
        "Example Council",
    )


def test_every_date_form_day_before_month():
    assert column("dates.csv", "date") == [dt.date(2026, 4, 1)] * 6 + [dt.date(2026, 12, 31), dt.date(2026, 4, 1)]


def test_amounts_with_pounds_separators_minus_and_brackets():
    assert column("amounts.csv", "amount") == [
        "600.00",
        "1234.56",
        "-250.00",
        "-75.10",
        "-1000.00",
        "120.50",
        "99.99",
        "-5.00",
    ]


@pytest.mark.parametrize("name", ["utf8_bom.csv", "windows1252.csv"])
def test_encodings(name):
    row = read(name).rows.row(0, named=True)
    assert row["supplier"] == "Café Society Ltd"
    assert row["purpose"].startswith("Catering")


def test_redacted_suppliers_are_flagged_and_never_keyed():
    spend = read("redacted.csv")
    assert spend.rows.get_column("redacted").to_list() == [True, True, True, True, False]
    assert spend.rows.get_column("supplier_key").to_list() == ["", "", "", "", "ACME CARE"]


def test_blank_and_total_rows_are_skipped_and_not_counted():
    spend = read("blank_and_total.csv")
    assert spend.rows_read == 2
    assert spend.rows.get_column("row").to_list() == [2, 5]


def test_exact_duplicates_after_normalisation_share_a_key():
    spend = read("duplicates.csv")
    assert spend.rows_read == 4
    keys = spend.rows.get_column("row_hash").to_list()
    assert keys[0] == keys[1] == keys[2] != keys[3]
    assert spend.unique().height == 2


@pytest.mark.parametrize(
    ("name", "message", "rows_read"),
    [
        ("reject_no_date.csv", NO_DATE_COLUMN.format(row=1, names="Date, Payment Date"), 0),
        ("reject_no_amount.csv", NO_AMOUNT_COLUMN.format(row=2, names="Amount, Amount (£)"), 0),
        (
            "reject_bad_date.csv",
            "Row 7, column Payment Date: " + DATE_INVALID.format(text="04/13/2026"),
            3,
        ),
        ("reject_bad_amount.csv", 'Row 3, column Amount (£): "1,23" is not a number', 3),
    ],
)
def test_rejected_files_name_the_row_and_column(name, message, rows_read):
    with pytest.raises(SpendRejected) as rejection:
        read(name)
    assert str(rejection.value).startswith(message.split(" needs ")[0])
    assert rejection.value.rows_read == rows_read


def test_a_bad_amount_message_counts_the_other_bad_rows():
    with pytest.raises(SpendRejected, match=r"\(2 rows have a date or amount that cannot be read; this is the first\)"):
        read("reject_bad_amount.csv")


def test_an_empty_amount_and_a_file_with_no_header():
    with pytest.raises(SpendRejected, match=f"Row 2, column Amount: {AMOUNT_EMPTY}"):
        parse_spend(b"Date,Supplier,Amount\n01/04/2026,A Ltd,\n")
    with pytest.raises(SpendRejected, match=re.escape(NO_HEADER.split(":")[0].format(rows=30))):
        parse_spend(b"a,b\n1,2\n")


def test_supplier_keys_and_redaction_words():
    assert supplier_key("The ACME Care Limited.") == supplier_key("Acme Care Ltd") == "ACME CARE"
    assert supplier_key("Smith & Jones plc") == "SMITH AND JONES"
    assert is_redacted("Redacted - personal data")
    assert not is_redacted("Acme Care Ltd")


# Hypothesis: the normalisations round-trip ----------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2069, 12, 31))


@given(DATES, st.sampled_from(["%d/%m/%Y", "%-d/%-m/%Y", "%Y-%m-%d", "%-d-%b-%y", "%d-%b-%Y", "%-d %B %Y"]))
def test_every_date_form_round_trips(day, form):
    assert parse_date(day.strftime(form)) == day.isoformat()


PENCE = st.integers(min_value=-(10**13) + 1, max_value=10**13 - 1)


def _grouped(whole: int) -> str:
    return f"{whole:,}"


@given(PENCE, st.sampled_from(["plain", "pounds", "separators", "brackets"]))
def test_amounts_round_trip(pence, form):
    value = Decimal(pence) / 100
    magnitude = abs(value)
    whole, fraction = divmod(abs(pence), 100)
    text = {
        "plain": f"{magnitude:.2f}",
        "pounds": f"£{magnitude:.2f}",
        "separators": f"£{_grouped(whole)}.{fraction:02d}",
        "brackets": f"({_grouped(whole)}.{fraction:02d})",
    }[form]
    negative = pence < 0
    if negative and form != "brackets":
        text = "-" + text
    if not negative and form == "brackets":
        text = f"{magnitude:.2f}"
    assert parse_amount(text) == f"{value:.2f}"


# The vectorised reader against the rules it must keep (ADR 0025, amended) -----------------------------------------

AMOUNT_TEXT = st.one_of(
    st.from_regex(r"\A-?£?[0-9]{1,13}(\.[0-9]{0,3})?\Z"),
    st.from_regex(r"\A[-(+]?£?-?[0-9]{1,3}(,[0-9]{2,4}){0,4}(\.[0-9]{1,4})?\)?\Z"),
    st.text(alphabet="0123456789,.£-+() ", max_size=16),
)


@given(AMOUNT_TEXT)
def test_the_vectorised_amounts_read_each_cell_as_parse_amount_does(text):
    """Plain amounts are cast at once (``PLAIN_AMOUNT``), the rest go through NumberCell's vectorised check: either
    way, the same answer as ``parse_amount`` (NumberCell in Python), including no answer for a bad cell."""
    stripped = text.strip()
    try:
        expected: str | None = parse_amount(stripped)
    except ValueError:
        expected = None
    assert amounts(pl.Series("t", [stripped], dtype=pl.String))[0] == expected


@given(st.lists(st.sampled_from(["", "a", "b", "a b", "A"]), min_size=0, max_size=30), st.integers(0, 3))
def test_first_of_each_is_exactly_the_first_of_each_key(keys, repeat):
    series = pl.Series("k", keys * (repeat + 1), dtype=pl.String)
    assert first_of_each(series).to_list() == series.is_first_distinct().to_list()
