"""Reading inspection ratings from CSV (engine.ingest.inspections): quirks accepted, and every rejection naming the
file's row and the column as the file heads it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.ingest.errors import EMPTY_FILE, IngestError
from engine.ingest.inspections import (
    AMBIGUOUS_PROVIDER,
    EMPTY,
    FUTURE_DATE,
    KEY_QUESTIONS,
    MISSING_COLUMNS,
    UNKNOWN_GRADE,
    UNKNOWN_INSPECTORATE,
    UNKNOWN_PROVIDER,
    WHAT,
    InspectionRow,
    parse_inspections,
)
from engine.ingest.problems import RowProblem
from engine.ingest.spend import DATE_INVALID

PROVIDERS = {"01234567": 1, "SC123456": 2, "1098765": 3, "Hope Trust": 3, "Café Société": 4, "Acme": None}
TODAY = dt.date(2026, 6, 30)
HEADER = ["Provider", "Inspectorate", "Location", "Date of inspection", "Overall rating", *KEY_QUESTIONS]


def file(*rows: list[str], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def parse(data: bytes):
    return parse_inspections(data, providers=PROVIDERS, today=TODAY)


def test_synonyms_title_lines_blank_rows_and_windows_1252_are_read():
    data = (
        "Inspection ratings, June 2026\r\n\r\n"
        "COMPANY NUMBER,Regulator,Service name,Inspection Date,Overall,Is it safe?,Effective,Caring,Responsive,"
        "Well led\r\n"
        "sc123456 , cqc ,  Rose   House ,1/4/2025,requires improvement,RI,Good,,OUTSTANDING,Inadequate\r\n"
        "\r\n"
        "Café Société,Care Quality Commission,,1 March 2025 00:00,Good,,,,,\r\n"
    ).encode("cp1252")
    result = parse(data)
    assert result.errors == ()
    assert result.rows == (
        InspectionRow(2, "cqc", "Rose House", dt.date(2025, 4, 1), "requires_improvement", "requires_improvement",
                      "good", "", "outstanding", "inadequate", 4),
        InspectionRow(4, "cqc", "", dt.date(2025, 3, 1), "good", "", "", "", "", "", 6),
    )  # fmt: skip


def test_the_location_and_key_question_columns_may_be_left_out():
    data = file(
        ["Hope Trust", "Ofsted", "2025-02-01", "Outstanding"], header=["Provider", "Inspectorate", "Date", "Rating"]
    )
    (row,) = parse(data).rows
    assert (row.organisation_id, row.inspectorate, row.location, row.overall, row.safe) == (
        3,
        "ofsted",
        "",
        "outstanding",
        "",
    )


def test_every_bad_cell_is_named_by_its_row_and_column():
    data = file(
        ["01234567", "CQC", "", "01/04/2025", "Good", "", "", "", "", ""],
        ["Nobody Ltd", "HMIP", "", "31/02/2025", "", "Great", "", "", "", ""],
        ["", "CQC", "", "01/07/2026", "=1+1", "", "", "", "", ""],
    )
    result = parse(data)
    assert result.rows == ()
    assert result.errors == (
        RowProblem(3, "Provider", UNKNOWN_PROVIDER.format(text="Nobody Ltd")),
        RowProblem(3, "Inspectorate", UNKNOWN_INSPECTORATE.format(text="HMIP")),
        RowProblem(3, "Date of inspection", DATE_INVALID.format(text="31/02/2025")),
        RowProblem(3, "Overall rating", EMPTY.format(what=WHAT["overall"])),
        RowProblem(3, "safe", UNKNOWN_GRADE.format(text="Great")),
        RowProblem(4, "Provider", EMPTY.format(what=WHAT["provider"])),
        RowProblem(4, "Date of inspection", FUTURE_DATE.format(date=dt.date(2026, 7, 1))),
        RowProblem(4, "Overall rating", "cells must hold values, not formulas (=1+1)"),
    )


def test_a_name_several_organisations_share_is_refused():
    result = parse(file(["Acme", "CQC", "", "01/04/2025", "Good", "", "", "", "", ""]))
    assert result.errors == (RowProblem(2, "Provider", AMBIGUOUS_PROVIDER.format(text="Acme")),)


def test_a_file_without_a_required_column_or_rows_is_rejected_whole():
    with pytest.raises(IngestError) as missing:
        parse(file(["01234567", "CQC", "Good"], header=["Provider", "Inspectorate", "Overall"]))
    assert str(missing.value) == MISSING_COLUMNS.format(
        names="date of inspection", row=1, options='"Date of inspection" or "Inspection date" or "Date"'
    )
    with pytest.raises(IngestError, match="no inspection ratings below it"):
        parse(file())
    with pytest.raises(IngestError, match=EMPTY_FILE):
        parse(b"")


GRADE_TEXT = {
    "outstanding": "Outstanding",
    "good": "good",
    "requires_improvement": "Requires Improvement",
    "inadequate": "INADEQUATE",
}
PROVIDER_TEXT = {1: "01234567", 2: "sc123456", 3: "Hope Trust", 4: "Café Société"}
grades = st.sampled_from(sorted(GRADE_TEXT))
rows = st.lists(
    st.tuples(
        st.sampled_from(sorted(PROVIDER_TEXT)),
        st.sampled_from(["CQC", "Ofsted", "other"]),
        st.text(alphabet="abcdef XYZ", max_size=20),
        st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY),
        grades,
        st.lists(st.one_of(st.just(""), grades), min_size=5, max_size=5),
    ),
    min_size=1,
    max_size=8,
)


def _cells(row) -> list[str]:
    provider, inspectorate, location, day, overall, questions = row
    return [
        PROVIDER_TEXT[provider],
        inspectorate,
        location,
        f"{day:%d/%m/%Y}",
        GRADE_TEXT[overall],
        *(GRADE_TEXT[q] if q else "" for q in questions),
    ]


@settings(max_examples=40, deadline=None)
@given(rows)
def test_a_valid_generated_file_always_imports(generated):
    result = parse(file(*(_cells(row) for row in generated)))
    assert result.errors == ()
    assert [(r.organisation_id, r.inspected_on, r.overall, r.row_number) for r in result.rows] == [
        (row[0], row[3], row[4], number) for number, row in enumerate(generated, start=2)
    ]
    assert [[getattr(r, name) for name in KEY_QUESTIONS] for r in result.rows] == [row[5] for row in generated]


@settings(max_examples=40, deadline=None)
@given(rows, st.data())
def test_a_file_with_one_bad_cell_is_always_rejected_naming_it(generated, data):
    cells = [_cells(row) for row in generated]
    index = data.draw(st.integers(0, len(cells) - 1))
    column = data.draw(st.sampled_from([0, 1, 3, 4, 5, 9]))
    cells[index][column] = data.draw(st.sampled_from(["Nobody", "=SUM(A1)", "#N/A", "Splendid", "32/13/2025"]))
    result = parse(file(*cells))
    assert result.rows == ()
    assert [(problem.row, problem.column) for problem in result.errors] == [(index + 2, HEADER[column])]
