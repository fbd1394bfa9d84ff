"""Measurements from Excel workbooks: cell types as Excel stores them, formulas refused by cell, and workbooks that
are damaged, disguised or hostile refused before anything unpacks them."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

from engine.ingest.errors import IngestError
from engine.ingest.limits import Limits
from engine.ingest.measurements import MeasurementRow, parse_measurements

from .files import HEADERS, rezip, xlsx_bytes, zip_bomb


def parse(data, **options):
    return parse_measurements(data, "measurements.xlsx", **options)


def test_a_good_workbook_as_excel_stores_it():
    data = xlsx_bytes(
        [
            HEADERS,
            ("asc-01", "2026-04", 0.455, "formatted as a percentage"),
            ("ASC-01", dt.date(2026, 5, 1), 0.1 + 0.2, "Excel turned 2026-05 into a date"),
            ("ASC-01", "2026/27 Q1", 1250, None),
            ("ASC-02", "2026/27", 12.5, 42),
        ],
        formats={"C2": "0.0%"},
    )
    result = parse(data)
    assert result.ok, result.errors
    assert result.format == "xlsx"
    assert result.rows == (
        MeasurementRow("ASC-01", "2026-04", Decimal("45.5"), "formatted as a percentage", 2),
        MeasurementRow("ASC-01", "2026-05", Decimal("0.3"), "Excel turned 2026-05 into a date", 3),
        MeasurementRow("ASC-01", "2026/27 Q1", Decimal("1250"), "", 4),
        MeasurementRow("ASC-02", "2026/27", Decimal("12.5"), "42", 5),
    )


def test_formulas_and_other_bad_cells_are_named_by_row_and_column():
    data = xlsx_bytes(
        [
            HEADERS,
            ("A", "2026-04", 5, None),
            ("A", "2026-05", "=SUM(C2:C2)", None),
            ("A", dt.date(2026, 6, 15), 1, None),
            ("A", "2026-07", "#DIV/0!", True),
            (),
            (),
            ("A", "2026-08", 1 / 3, '=HYPERLINK("http://example.com")'),
        ]
    )
    result = parse(data)
    assert [str(error) for error in result.errors] == [
        "Row 3, column Value: cells must hold values, not formulas (=SUM(C2:C2))",
        'Row 4, column Period: "2026-06-15" is not a period: write a month like 2026-04, a quarter like 2026/27 Q1 or '
        "a financial year like 2026/27",
        "Row 5, column Value: the cell shows the spreadsheet error #DIV/0!: enter the value itself",
        'Row 8, column Value: "0.333333333333333" has 15 decimal places: the value has at most 4',
        'Row 8, column Note: cells must hold values, not formulas (=HYPERLINK("http://example.com"))',
    ]


def test_headers_in_a_workbook():
    result = parse(xlsx_bytes([("Indicator code", "Period", "Amount"), ("A", "2026-04", 1)]))
    assert [str(error) for error in result.errors] == [
        "Row 1, column Amount: is not a column of this file: the columns are Indicator code, Period, Value and Note",
        "Row 1, column Value: the header row has no Value column: the columns are Indicator code, Period, Value and "
        "Note",
    ]
    with pytest.raises(IngestError, match="The first worksheet is empty"):
        parse(xlsx_bytes([]))
    with pytest.raises(IngestError, match="Row 1 is empty"):
        parse(xlsx_bytes([(), HEADERS, ("A", "2026-04", 1)]))


def test_only_the_first_sheet_is_read():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append(("A", "2026-04", 1))
    workbook.create_sheet("Other").append(("not", "read"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert parse(buffer.getvalue()).rows == (MeasurementRow("A", "2026-04", Decimal(1), "", 2),)


def test_a_wrong_sheet_size_does_not_hide_rows():
    data = xlsx_bytes([HEADERS, ("A", "2026-04", 1), ("A", "2026-05", "x")])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:D3"' in sheet
    lying = rezip(data, replace={"xl/worksheets/sheet1.xml": sheet.replace(b'ref="A1:D3"', b'ref="A1:D2"')})
    assert [error.row for error in parse(lying).errors] == [3]


def test_a_zip_bomb_is_refused_before_it_unpacks():
    bomb = zip_bomb()
    assert len(bomb) < 100_000  # 50 MB of worksheet in under 100 KB
    with pytest.raises(IngestError, match=r"unpacks to [0-9,]+ times its packed size, over the limit of 100 times"):
        parse(bomb)


def test_too_much_unpacked_or_too_many_parts():
    data = xlsx_bytes([HEADERS, ("A", "2026-04", 1)])
    with pytest.raises(IngestError, match=r"The workbook unpacks to [0-9.]+ KB, over the limit of 1 KB"):
        parse(data, limits=Limits(max_unpacked_bytes=1000))
    with pytest.raises(IngestError, match=r"The workbook has 9 parts inside, over the limit of 5"):
        parse(data, limits=Limits(max_zip_entries=5))
    with pytest.raises(IngestError, match=r"The file has more than 2 rows"):
        parse(
            xlsx_bytes([HEADERS, *[("A", f"2026-0{m}", 1) for m in range(1, 5)]]),
            limits=Limits(max_rows=2, max_blank_rows=0),
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "it is not a zip file, which every .xlsx workbook is"),
        (b"", "The file is empty"),
        (b"Indicator code,Period,Value\nA,2026-04,1\n", "it is not a zip file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97-2003 workbook or a password-protected"),
        (b"PK\x03\x04" + b"\x00" * 100, "its zip structure is damaged"),
    ],
)
def test_files_that_are_not_workbooks(data, message):
    with pytest.raises(IngestError, match=message):
        parse(data)


def test_zips_that_are_not_workbooks_or_carry_more_than_data():
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("report.docx", b"hello")
    with pytest.raises(IngestError, match=r"it has no workbook inside \(xl/workbook.xml\)"):
        parse(plain_zip.getvalue())
    data = xlsx_bytes([HEADERS, ("A", "2026-04", 1)])
    with pytest.raises(IngestError, match="The workbook contains macros"):
        parse(rezip(data, add={"xl/vbaProject.bin": b"\x00" * 10}))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    entities = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + sheet
    with pytest.raises(IngestError, match=r"xl/worksheets/sheet1\.xml declares XML entities"):
        parse(rezip(data, replace={"xl/worksheets/sheet1.xml": entities}))


def test_a_damaged_workbook_gets_a_message_not_a_crash():
    data = xlsx_bytes([HEADERS, ("A", "2026-04", 1)])
    broken = rezip(data, replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c"})
    with pytest.raises(IngestError, match=r"The workbook could not be read \(\w+\): open it in Excel, save it again"):
        parse(broken)
    no_sheets = rezip(data, replace={"xl/workbook.xml": b"<workbook/>"})
    with pytest.raises(IngestError, match=r"could not be read|has no worksheet"):
        parse(no_sheets)
