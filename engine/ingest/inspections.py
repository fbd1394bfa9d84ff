"""Reading a CSV file of inspection ratings (issue 13, quality triangulation) into checked rows, or every problem.

One row per inspection: the provider (its company number, charity number or exact name), the inspectorate (CQC,
Ofsted or another), the location or service inspected (optional), the date of the inspection, the overall rating and
the five key questions (safe, effective, caring, responsive, well-led), which may be blank for inspectorates that do
not rate them. Ratings are Outstanding, Good, Requires improvement ("RI" too) or Inadequate, in any case.

- **headers by synonym** (``FIELDS``): "Provider", "Provider name", "Company number"...; compared without case or
  punctuation (``spend.header_key``). The header is the first row naming a provider and a rating column (title lines may come first).
- **dates** as every other import of this project reads them (``spend.parse_date``: 01/04/2026, 1 April 2026,
  2026-04-01..., day before month).
- **encodings**: UTF-8 with or without a byte-order mark, or Windows-1252 (``readers.decode``).
- **blank rows** are skipped, but counted in the row numbers: a problem names the row as a spreadsheet shows it (the
  header's row is its own line number) and the column as the file heads it.

Pure: the caller passes ``providers`` (each organisation's company number, charity number and name, to its id, or to
None for a name several organisations share) and
``today`` (a date after it is refused). A file with any problem gives no rows (``ParseResult``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from engine.ingest.cells import WHITESPACE, generic_problem, shorten
from engine.ingest.errors import EMPTY_FILE, IngestError
from engine.ingest.limits import DEFAULT_LIMITS, Limits
from engine.ingest.problems import RowProblem
from engine.ingest.readers import decode
from engine.ingest.spend import header_key, parse_date
from engine.ingest.table import ParseResult

KEY_QUESTIONS: Final = ("safe", "effective", "caring", "responsive", "well_led")
FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "provider": (
        "Provider",
        "Provider name",
        "Organisation",
        "Company or charity number",
        "Company number",
        "Charity number",
        "Supplier",
    ),
    "inspectorate": ("Inspectorate", "Regulator", "Inspected by"),
    "location": ("Location", "Service", "Location name", "Service name", "Setting"),
    "inspected_on": (
        "Date of inspection",
        "Inspection date",
        "Date",
        "Inspected on",
        "Rating date",
        "Publication date",
    ),
    "overall": ("Overall rating", "Overall", "Rating"),
    "safe": ("Safe", "Is it safe"),
    "effective": ("Effective", "Is it effective"),
    "caring": ("Caring", "Is it caring"),
    "responsive": ("Responsive", "Is it responsive"),
    "well_led": ("Well-led", "Well led", "Is it well-led", "Leadership"),
}
REQUIRED: Final = ("provider", "inspectorate", "inspected_on", "overall")
LOCATION_LIMIT: Final = 200
HEADER_SEARCH_ROWS: Final = 30

GRADES: Final = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement": "requires_improvement",
    "ri": "requires_improvement",
    "inadequate": "inadequate",
}
INSPECTORATES: Final = {
    "cqc": "cqc",
    "care quality commission": "cqc",
    "ofsted": "ofsted",
    "other": "other",
}

NO_HEADER = "The file is empty: it needs a header row naming its columns"
MISSING_COLUMNS = "The file has no {names} column: the header row (row {row}) needs {options}"
NO_ROWS = "The file has a header row (row {row}) but no inspection ratings below it"
TOO_MANY_ROWS = "The file has more than {limit:,} rows of inspection ratings: split it into smaller files"
NOT_READABLE = "The CSV file could not be read ({error}): save it from the spreadsheet again as CSV"
EMPTY = "the cell is empty: enter {what}"
UNKNOWN_PROVIDER = (
    '"{text}" is not a provider: give its company number, charity number or exact name as its organisation page '
    "shows it"
)
AMBIGUOUS_PROVIDER = (
    'more than one organisation is called "{text}": give the provider\'s company number or charity number instead'
)
UNKNOWN_INSPECTORATE = '"{text}" is not an inspectorate: write CQC, Ofsted or Other'
UNKNOWN_GRADE = '"{text}" is not a rating: write Outstanding, Good, Requires improvement or Inadequate'
FUTURE_DATE = "{date:%d %B %Y} is after today: give the date the inspection took place"
LOCATION_TOO_LONG = "the text is {length:,} characters long: the limit for the location is {limit:,}"
WHAT: Final = {
    "provider": "the provider's company number, charity number or name",
    "inspectorate": "the inspectorate (CQC, Ofsted or Other)",
    "inspected_on": "the date of the inspection, like 01/04/2026",
    "overall": "the overall rating, like Good",
}


@dataclass(frozen=True)
class InspectionRow:
    organisation_id: int
    inspectorate: str
    location: str
    inspected_on: dt.date
    overall: str
    safe: str
    effective: str
    caring: str
    responsive: str
    well_led: str
    row_number: int

    @property
    def key(self) -> tuple[object, ...]:
        """Two rows with the same key are the same inspection rating (an exact duplicate)."""
        return (
            self.organisation_id,
            self.inspectorate,
            self.location,
            self.inspected_on,
            self.overall,
            *(getattr(self, name) for name in KEY_QUESTIONS),
        )


_SYNONYMS: Final = {header_key(name): field_name for field_name, names in FIELDS.items() for name in names}


def match_headers(cells: Sequence[str]) -> dict[str, int]:
    """Each field found among the header cells and its column index (the first column wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _SYNONYMS.get(header_key(cell))
        if name is not None and name not in found:
            found[name] = index
    return found


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def parse_grade(text: str) -> str:
    """A rating's value ("Requires Improvement" is "requires_improvement"), or ValueError with the reason."""
    grade = GRADES.get(_words(text))
    if grade is None:
        raise ValueError(UNKNOWN_GRADE.format(text=shorten(text)))
    return grade


def parse_inspectorate(text: str) -> str:
    inspectorate = INSPECTORATES.get(_words(text))
    if inspectorate is None:
        raise ValueError(UNKNOWN_INSPECTORATE.format(text=shorten(text)))
    return inspectorate


def find_provider(text: str, providers: Mapping[str, int | None]) -> int:
    """The organisation a provider cell names: its company or charity number (any case) or its exact name. A name
    that maps to None is shared by several organisations, and names none of them."""
    for candidate in (text, text.upper()):
        if candidate in providers:
            found = providers[candidate]
            if found is None:
                raise ValueError(AMBIGUOUS_PROVIDER.format(text=shorten(text)))
            return found
    raise ValueError(UNKNOWN_PROVIDER.format(text=shorten(text)))


def _records(text: str, limit: int) -> list[list[str]]:
    try:
        records = []
        for record in csv.reader(io.StringIO(text, newline="")):
            records.append(record)
            if len(records) > limit:
                break
    except csv.Error as error:
        raise IngestError(NOT_READABLE.format(error=error)) from None
    return records


def parse_inspections(
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    *,
    providers: Mapping[str, int | None],
    today: dt.date | None = None,
) -> ParseResult[InspectionRow]:
    """Read a CSV file of inspection ratings. Raises ``IngestError`` when the file as a whole cannot be read (empty,
    no header, a required column missing, too many rows); otherwise every row, or every problem in row order."""
    if not data:
        raise IngestError(EMPTY_FILE)
    try:
        text = decode(data).decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        raise IngestError(NOT_READABLE.format(error=error)) from None
    records = _records(text, limits.max_rows + 1 + limits.max_blank_rows)
    filled = [index for index, record in enumerate(records) if any(cell.strip(WHITESPACE) for cell in record)]
    if not filled:
        raise IngestError(NO_HEADER)
    # The header: the first row naming a provider and a rating column (title lines may come before it), or the
    # first row that is not blank.
    header_index = next(
        (
            index
            for index in filled[:HEADER_SEARCH_ROWS]
            if {"provider", "overall"} <= match_headers(records[index]).keys()
        ),
        filled[0],
    )
    header_row = header_index + 1
    header = records[header_index]
    found = match_headers(header)
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise IngestError(
            MISSING_COLUMNS.format(
                names=", ".join(FIELDS[name][0].lower() for name in missing),
                row=header_row,
                options="; ".join(" or ".join(f'"{option}"' for option in FIELDS[name][:3]) for name in missing),
            )
        )
    data_indexes = [index for index in filled if index > header_index]
    if not data_indexes:
        raise IngestError(NO_ROWS.format(row=header_row))
    if len(data_indexes) > limits.max_rows:
        raise IngestError(TOO_MANY_ROWS.format(limit=limits.max_rows))
    rows: list[InspectionRow] = []
    problems: list[RowProblem] = []
    for index in data_indexes:
        row, row_problems = _row(records[index], index + 1, header, found, providers, today)
        problems += row_problems
        if row is not None:
            rows.append(row)
    if problems:
        return ParseResult(rows=(), errors=tuple(problems), format="csv")
    return ParseResult(rows=tuple(rows), errors=(), format="csv")


def _row(
    record: Sequence[str],
    row_number: int,
    header: Sequence[str],
    found: Mapping[str, int],
    providers: Mapping[str, int | None],
    today: dt.date | None,
) -> tuple[InspectionRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []
    values: dict[str, object] = {}

    for name in FIELDS:
        column = found.get(name)
        if column is None:
            values[name] = ""
            continue
        heading = header[column].strip(WHITESPACE)
        cell = " ".join(record[column].strip(WHITESPACE).split()) if column < len(record) else ""
        try:
            values[name] = _value(name, cell, providers, today)
        except ValueError as error:
            problems.append(RowProblem(row_number, heading, str(error)))
    if problems:
        return None, problems
    values["organisation_id"] = values.pop("provider")
    return InspectionRow(row_number=row_number, **values), []  # type: ignore[arg-type]


def _value(name: str, cell: str, providers: Mapping[str, int | None], today: dt.date | None) -> object:
    if not cell:
        if name in REQUIRED:
            raise ValueError(EMPTY.format(what=WHAT[name]))
        return ""
    problem = generic_problem(cell)
    if problem:
        raise ValueError(problem)
    if name == "provider":
        return find_provider(cell, providers)
    if name == "inspectorate":
        return parse_inspectorate(cell)
    if name == "inspected_on":
        day = dt.date.fromisoformat(parse_date(cell))
        if today is not None and day > today:
            raise ValueError(FUTURE_DATE.format(date=day))
        return day
    if name == "location":
        if len(cell) > LOCATION_LIMIT:
            raise ValueError(LOCATION_TOO_LONG.format(length=len(cell), limit=LOCATION_LIMIT))
        return cell
    return parse_grade(cell)
