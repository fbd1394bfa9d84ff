"""Measurements from CSV files: normalised rows, every problem by row and column, and whole-file refusals."""

from decimal import Decimal

import pytest

from engine.ingest.errors import IngestError
from engine.ingest.limits import Limits
from engine.ingest.measurements import KnownIndicator, MeasurementRow, parse_measurements
from engine.ingest.problems import RowProblem
from engine.scoring.indicators import Unit
from engine.scoring.periods import Frequency

from .files import csv_bytes

HEADER = "Indicator code,Period,Value,Note"


def parse(*lines, **options):
    return parse_measurements(csv_bytes(*lines), "measurements.csv", **options)


def test_a_good_file():
    result = parse(
        HEADER,
        "asc-01,2026-4,45%,Provisional",
        'ASC-01,2026/27q1,"£1,234.50",',
        "ASC-02 , 2026/27 , 1234 ,  ",
    )
    assert result.ok
    assert result.format == "csv"
    assert result.rows == (
        MeasurementRow("ASC-01", "2026-04", Decimal("45"), "Provisional", 2),
        MeasurementRow("ASC-01", "2026/27 Q1", Decimal("1234.50"), "", 3),
        MeasurementRow("ASC-02", "2026/27", Decimal("1234"), "", 4),
    )
    assert result.rows[0].key == ("ASC-01", "2026-04")


def test_the_same_file_gives_the_same_rows():
    data = csv_bytes(HEADER, "a,2026-04,1,", "b,2026-05,2,")
    assert parse_measurements(data, "m.csv") == parse_measurements(data, "m.csv")


def test_the_note_column_may_be_left_out_and_headers_match_whatever_their_case_and_spacing():
    result = parse("  indicator   CODE,PERIOD,value", "A,2026-04,1")
    assert result.rows == (MeasurementRow("A", "2026-04", Decimal(1), "", 2),)


def test_every_problem_is_reported_with_its_row_and_column():
    result = parse(
        HEADER,
        "A,2026-04,1,ok",
        "bad code,2026/28,1;5,",
        ",,,a note without anything else",
        "B,2026-13,=SUM(C2:C3),",
        "A,2026-04,2,the same key as row 2",
    )
    assert not result.ok
    assert result.rows == ()
    assert [str(error) for error in result.errors] == [
        'Row 3, column Indicator code: "bad code" is not an indicator code: up to 30 letters, digits, dots, hyphens '
        "and underscores, with no spaces, like ASC-01",
        'Row 3, column Period: "2026/28" is not a financial year: the second year must follow the first, like 2026/27',
        'Row 3, column Value: "1;5" is not a number: write it like 1234.5, 45% or £1,234.50',
        "Row 4, column Indicator code: the cell is empty: enter the indicator's code",
        "Row 4, column Period: the cell is empty: enter the period, like 2026-04, 2026/27 Q1 or 2026/27",
        "Row 4, column Value: the cell is empty: enter the value (leave out the row if there is no value for the "
        "period)",
        'Row 5, column Period: "2026-13" is not a month: months run from 01 to 12, like 2026-04',
        "Row 5, column Value: cells must hold values, not formulas (=SUM(C2:C3))",
        "Row 6, column Indicator code: A, 2026-04 is also in row 2: give each indicator and period once",
    ]
    assert result.errors[0] == RowProblem(3, "Indicator code", result.errors[0].message)


def test_duplicates_are_found_after_normalising():
    result = parse(HEADER, "asc-1,2026-4,1,", "x,2026-05,1,", "ASC-1, 2026-04 ,2,", "asc-1,2026-04,3,")
    assert [(error.row, error.message) for error in result.errors] == [
        (4, "ASC-1, 2026-04 is also in row 2: give each indicator and period once"),
        (5, "ASC-1, 2026-04 is also in row 2: give each indicator and period once"),
    ]


def test_blank_rows_are_skipped_but_keep_their_place_in_the_numbering():
    result = parse(HEADER, "A,2026-04,1,", "", ",,,", "  , ,\t,", "A,2026-05,x,", "", "", "")
    assert [str(error) for error in result.errors] == [
        'Row 6, column Value: "x" is not a number: write it like 1234.5, 45% or £1,234.50'
    ]


def test_a_note_over_several_lines_is_one_row():
    result = parse(HEADER, 'A,2026-04,1,"first line', 'second line"', "A,2026-05,x,")
    assert [error.row for error in result.errors] == [3]


def test_header_problems_are_reported_alone():
    result = parse("Indicator,Period,Period,Amount", "A,2026-04,1")
    assert [str(error) for error in result.errors] == [
        "Row 1, column Indicator: is not a column of this file: the columns are Indicator code, Period, Value and Note",
        "Row 1, column Period: is the header of columns B and C: keep one of them",
        "Row 1, column Amount: is not a column of this file: the columns are Indicator code, Period, Value and Note",
        "Row 1, column Indicator code: the header row has no Indicator code column: the columns are Indicator code, "
        "Period, Value and Note",
        "Row 1, column Value: the header row has no Value column: the columns are Indicator code, Period, Value and "
        "Note",
    ]


def test_values_without_a_header_are_reported():
    result = parse("Indicator code,Period,Value,,", "A,2026-04,1,,stray")
    assert [str(error) for error in result.errors] == [
        "Row 1: column E has no header, but rows below hold values in it: give it a header or clear it"
    ]
    assert parse("Indicator code,Period,Value,,", "A,2026-04,1,,").ok  # empty extra columns are fine


def test_rows_longer_than_the_header():
    assert parse("Indicator code,Period,Value", "A,2026-04,1,,,").ok
    result = parse("Indicator code,Period,Value", "A,2026-04,1,extra")
    assert [str(error) for error in result.errors] == [
        "Row 1: column D has no header, but rows below hold values in it: give it a header or clear it"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b" \r\n \n", "The file is empty"),
        (b"\n\nA,2026-04,1\n", "Row 1 is empty: row 1 must hold the column headers (Indicator code, Period, Value"),
        (csv_bytes(HEADER), "The file has a header row but no data below it: add a row for each measurement"),
        (csv_bytes(HEADER, ",,,", ""), "The file has a header row but no data below it"),
        (b"PK\x03\x04rest of a workbook", "is an Excel workbook, but its name ends .csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "Excel 97-2003 workbook"),
        ("Indicator code,Period\n".encode("utf-16"), '"Unicode Text" (UTF-16)'),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The file is not a CSV file: it holds binary data"),
        (b"Indicator code\x81\x8d,Period\n", "not text in a known encoding"),
    ],
)
def test_files_that_cannot_be_read(data, message):
    with pytest.raises(IngestError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_measurements(data, "measurements.csv")


def test_byte_order_mark_windows_1252_and_old_mac_line_endings():
    utf8 = csv_bytes(HEADER, "A,2026-04,£5,", bom=True)
    windows = csv_bytes(HEADER, "A,2026-04,£5,café", encoding="cp1252")
    assert b"\xa3" in windows
    mac = csv_bytes(HEADER, "A,2026-04,£5,", newline="\r")
    windows_lines = csv_bytes(HEADER, "A,2026-04,£5,", newline="\r\n")
    for data in (utf8, windows, mac, windows_lines):
        result = parse_measurements(data, "m.csv")
        assert result.ok, result.errors
        assert result.rows[0].value == Decimal(5)
    assert parse_measurements(windows, "m.csv").rows[0].note == "café"


def test_formula_like_text_is_refused_in_csv_too():
    """CSV has no formulas, but a field starting "=" is refused as one (see engine.ingest.cells): a DDE payload
    is never stored. Text starting +, - or @ is allowed: the exports neutralise it, and "-5" is a number."""
    result = parse(HEADER, "A,2026-04,1,\"=cmd|' /C calc'!A0\"", "A,2026-05,-1,- down on last month", "A,2026-06,1,@ok")
    assert [str(error) for error in result.errors] == [
        "Row 2, column Note: cells must hold values, not formulas (=cmd|' /C calc'!A0)"
    ]


def test_spreadsheet_error_values_are_refused():
    result = parse(HEADER, "A,2026-04,#DIV/0!,", "A,2026-05,#N/A,")
    assert [error.message for error in result.errors] == [
        "the cell shows the spreadsheet error #DIV/0!: enter the value itself",
        "the cell shows the spreadsheet error #N/A: enter the value itself",
    ]


def test_limits():
    with pytest.raises(IngestError, match=r"The file is 110 bytes, which is over the limit of 100 bytes"):
        parse_measurements(b"x" * 110, "m.csv", Limits(max_file_bytes=100))
    with pytest.raises(IngestError, match=r"The file has more than 2 rows"):
        parse(HEADER, "A,2026-04,1,", "A,2026-05,1,", "A,2026-06,1,", limits=Limits(max_rows=2))
    with pytest.raises(IngestError, match=r"The header row has 4 columns, over the limit of 3"):
        parse(HEADER, "A,2026-04,1,", limits=Limits(max_columns=3))
    with pytest.raises(IngestError, match=r"more than 2 rows"):  # blank rows count towards what is read
        parse(HEADER, "A,2026-04,1,", *([""] * 20), limits=Limits(max_rows=2, max_blank_rows=5))


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("measurements.txt", 'The file "measurements.txt" is not a spreadsheet: upload an Excel workbook'),
        ("measurements", "is not a spreadsheet"),
        ("measurements.xls", "is in an old Excel format: open it in Excel and save it as an Excel workbook"),
        ("measurements.xlsm", "is in an old Excel format"),
    ],
)
def test_file_names(filename, message):
    with pytest.raises(IngestError, match=message):
        parse_measurements(csv_bytes(HEADER, "A,2026-04,1,"), filename)
    assert parse_measurements(csv_bytes(HEADER, "A,2026-04,1,"), "MEASUREMENTS.CSV").ok


INDICATORS = {
    "asc-01": KnownIndicator(Frequency.QUARTERLY, Unit.PERCENT),
    "DTOC": KnownIndicator(Frequency.MONTHLY, Unit.COUNT),
    "COST-1": KnownIndicator(Frequency.ANNUAL, Unit.GBP),
}


def test_rows_are_checked_against_the_indicators():
    result = parse(
        HEADER,
        "ASC-01,2026/27 Q1,45%,",
        "ASC-01,2026-04,45,",
        "DTOC,2026-04,12%,",
        "dtoc,2026-05,£12,",
        "COST-1,2026/27,£1,",
        "NOPE,2026/27,1,",
        "bad code,2026/27,1,",
        indicators=INDICATORS,
    )
    assert [str(error) for error in result.errors] == [
        'Row 3, column Period: "2026-04" is a month, but the indicator is reported quarterly: write the period like '
        "2026/27 Q1",
        'Row 4, column Value: "12%" has a % sign, but DTOC is measured in count, not as a percentage',
        'Row 5, column Value: "£12" has a £ sign, but DTOC is measured in count, not in pounds',
        "Row 7, column Indicator code: no indicator has the code NOPE: check the code on the indicator's page",
        'Row 8, column Indicator code: "bad code" is not an indicator code: up to 30 letters, digits, dots, hyphens '
        "and underscores, with no spaces, like ASC-01",
    ]
    assert parse(HEADER, "asc-01,2026/27 Q2,45,", indicators=INDICATORS).ok
