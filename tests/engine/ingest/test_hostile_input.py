"""Whatever bytes arrive, the parsers either read them or raise IngestError: never another exception."""

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.ingest.budgets import parse_budgets
from engine.ingest.errors import IngestError
from engine.ingest.measurements import parse_measurements
from engine.ingest.table import ParseResult

from .files import HEADERS, xlsx_bytes

CSV_PIECES = st.sampled_from(
    [
        "Indicator code,Period,Value,Note\n",
        "Service reference,Financial year,Gross budget,Net budget\n",
        "A,2026-04,1,\n",
        '"',
        ",",
        "\n",
        "\r",
        "\r\n",
        "£",
        "%",
        "=",
        "\ufeff",
        "\x00",
        "2026/27 Q1",
        "1,234.5",
        "-",
        "(",
        " ",
    ]
)


def only_ingest_errors(parse, data, filename):
    try:
        result = parse(data, filename)
    except IngestError as exc:
        message = str(exc)
    else:
        assert isinstance(result, ParseResult)
        assert bool(result.rows) != bool(result.errors)
        return
    assert message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_csv(data):
    only_ingest_errors(parse_measurements, data, "m.csv")
    only_ingest_errors(parse_budgets, data, "b.csv")


@settings(max_examples=150, deadline=None)
@given(st.lists(CSV_PIECES, max_size=30).map("".join), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_csv_like_text(text, encoding):
    data = text.encode(encoding, errors="replace")
    only_ingest_errors(parse_measurements, data, "m.csv")
    only_ingest_errors(parse_budgets, data, "b.csv")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_as_xlsx(data):
    only_ingest_errors(parse_measurements, data, "m.xlsx")
    only_ingest_errors(parse_measurements, b"PK\x03\x04" + data, "m.xlsx")


WORKBOOK = xlsx_bytes([HEADERS, ("A", "2026-04", 1, "note"), ("B", "2026/27 Q1", 0.5, None)])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(WORKBOOK) - 1), st.integers(0, 255)), max_size=8))
def test_a_damaged_workbook(changes):
    data = bytearray(WORKBOOK)
    for offset, value in changes:
        data[offset] = value
    only_ingest_errors(parse_measurements, bytes(data), "m.xlsx")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"]))
def test_a_workbook_with_a_part_replaced_by_junk(junk, name):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(WORKBOOK)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            target.writestr(part.filename, junk if part.filename == name else source.read(part))
        if name not in source.namelist():
            target.writestr(name, junk)
    only_ingest_errors(parse_measurements, out.getvalue(), "m.xlsx")
