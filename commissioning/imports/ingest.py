"""The bridge between the imports app and ``engine.ingest``: the one module in this app that calls the engine.

The engine reads a file into checked rows, or into every problem with it (``RowProblem``: row, column, message), or
refuses the file as a whole (``IngestError``). This module hands it the bytes and what the database knows (the
services' references, the indicators' frequencies and units), and turns its answers into the app's values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from commissioning.core.problems import RowProblem
from engine.ingest import templates
from engine.ingest.budgets import BUDGETS, BudgetRow, parse_budgets
from engine.ingest.errors import (
    EMPTY_FILE,
    OLD_EXCEL_EXTENSION,
    TOO_LARGE,
    WRONG_EXTENSION,
    IngestError,
    describe_size,
)
from engine.ingest.inspections import FIELDS as INSPECTION_FIELDS
from engine.ingest.inspections import InspectionRow, parse_inspections
from engine.ingest.limits import DEFAULT_LIMITS, Limits
from engine.ingest.measurements import MEASUREMENTS, KnownIndicator, MeasurementRow, parse_measurements
from engine.ingest.spend import FIELDS as SPEND_FIELDS
from engine.ingest.table import ImportKind, ParseResult, Schema
from engine.scoring.indicators import Unit
from engine.scoring.periods import Frequency

__all__ = [
    "INSPECTION_FIELDS",
    "BudgetRow",
    "ImportKind",
    "IngestError",
    "InspectionRow",
    "MeasurementRow",
    "ParseResult",
]

# The limits every upload is held to: the form refuses a larger file before it is stored, and the worker reads
# the stored file with the same limits (rows, columns, unpacked size, zip entries and compression ratio).
LIMITS: Limits = DEFAULT_LIMITS
EXTENSIONS = ("xlsx", "csv")
OLD_SPREADSHEET_EXTENSIONS = frozenset({"xls", "xlsm", "xlsb", "ods", "numbers"})
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SCHEMAS: dict[str, Schema] = {ImportKind.BUDGETS.value: BUDGETS, ImportKind.MEASUREMENTS.value: MEASUREMENTS}


def problem_as_json(problem: RowProblem) -> dict[str, Any]:
    """A problem as a job stores it (``ImportJob.errors``)."""
    return {"row": problem.row, "column": problem.column, "reason": problem.message}


def problem_from_json(stored: Mapping[str, Any]) -> RowProblem:
    return RowProblem(stored["row"], stored["column"], stored["reason"])


@dataclass(frozen=True)
class Column:
    header: str
    required: str
    guidance: str
    example: str


def max_file_size() -> str:
    return describe_size(LIMITS.max_file_bytes)


def too_large(size: int) -> str:
    return TOO_LARGE.format(size=describe_size(size), limit=max_file_size())


def upload_problem(filename: str, size: int) -> str | None:
    """What is wrong with an upload that can be told without opening it (its size and the end of its name), or
    None. The worker checks everything again, and much more, when it reads the file."""
    if size == 0:
        return EMPTY_FILE
    if size > LIMITS.max_file_bytes:
        return too_large(size)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in OLD_SPREADSHEET_EXTENSIONS:
        return OLD_EXCEL_EXTENSION.format(filename=filename)
    if extension not in EXTENSIONS:
        return WRONG_EXTENSION.format(filename=filename)
    return None


def read_budgets(data: bytes, filename: str, *, services: Collection[str]) -> ParseResult[BudgetRow]:
    """Every row of a budgets file, or every problem in it. Raises IngestError for a file that cannot be read."""
    return parse_budgets(data, filename, LIMITS, services=services)


def known_indicator(*, frequency: str, unit: str) -> KnownIndicator:
    return KnownIndicator(frequency=Frequency(frequency), unit=Unit(unit))


def read_measurements(
    data: bytes, filename: str, *, indicators: Mapping[str, KnownIndicator]
) -> ParseResult[MeasurementRow]:
    """Every row of a measurements file, or every problem in it. Raises IngestError for a file that cannot be read."""
    return parse_measurements(data, filename, LIMITS, indicators=indicators)


def header(kind: str, name: str) -> str:
    """The template's header of a row's field, like "Service reference" for budgets' ``service_reference``."""
    return SCHEMAS[kind].spec(name).header


def columns(kind: str) -> list[Column]:
    """What each column of the kind's file takes, for the upload page."""
    if kind == SPEND_KIND:
        return spend_columns()
    if kind == INSPECTIONS_KIND:
        return inspection_columns()
    result = []
    for spec in SCHEMAS[kind].fields:
        required = "Yes" if spec.required else "No, the column may be left out" if spec.column_optional else "No"
        result.append(Column(header=spec.header, required=required, guidance=spec.guidance, example=spec.example))
    return result


SPEND_KIND = "spend"
SPEND_NOT_CSV = (
    'The file "{filename}" is not a CSV file: spend is imported from the CSV file the council publishes. Save it '
    'as "CSV UTF-8 (Comma delimited)" and upload that'
)
SPEND_LABELS = {
    "date": ("Yes", "The payment date, day before month."),
    "amount": ("Yes", "The amount in pounds: credits with a minus sign or in brackets."),
    "supplier": ("No", "Who was paid; a redacted name is kept as redacted and never shown."),
}


def has_template(kind: str) -> bool:
    """Whether the kind has a template to fill in (spend files come as councils publish them, in their shape)."""
    return kind in SCHEMAS


def spend_columns() -> list[Column]:
    """The columns a spend file is read from, each under any of its usual headers."""
    result = []
    for name, headers in SPEND_FIELDS.items():
        required, guidance = SPEND_LABELS.get(name, ("No", ""))
        result.append(
            Column(
                header=headers[0],
                required=required,
                guidance=(guidance + " " if guidance else "") + "Also read under: " + ", ".join(headers[1:]) + ".",
                example="",
            )
        )
    return result


INSPECTIONS_KIND = "inspections"
INSPECTIONS_NOT_CSV = (
    'The file "{filename}" is not a CSV file: inspection ratings are imported from a CSV file. Save it as '
    '"CSV UTF-8 (Comma delimited)" and upload that'
)
INSPECTION_LABELS = {
    "provider": ("Yes", "The provider's company number, charity number or exact name, as its organisation page shows."),
    "inspectorate": ("Yes", "CQC, Ofsted or Other."),
    "location": ("No", "The location or service inspected, if not the whole provider."),
    "inspected_on": ("Yes", "The date of the inspection, day before month: 01/04/2026 or 1 April 2026."),
    "overall": ("Yes", "Outstanding, Good, Requires improvement or Inadequate."),
}
KEY_QUESTION_LABEL = (
    "No",
    "Outstanding, Good, Requires improvement or Inadequate; blank if the inspectorate does not rate it.",
)


def inspection_columns() -> list[Column]:
    """The columns an inspection ratings file is read from, each under any of its usual headers."""
    result = []
    for name, headers in INSPECTION_FIELDS.items():
        required, guidance = INSPECTION_LABELS.get(name, KEY_QUESTION_LABEL)
        result.append(
            Column(
                header=headers[0],
                required=required,
                guidance=guidance + " Also read under: " + ", ".join(headers[1:]) + ".",
                example="",
            )
        )
    return result


def read_inspections(data: bytes, *, providers: Mapping[str, int | None], today: dt.date) -> ParseResult[InspectionRow]:
    """Every row of an inspection ratings CSV file, or every problem in it. Raises IngestError for a file that
    cannot be read."""
    return parse_inspections(data, LIMITS, providers=providers, today=today)


def template_file_name(kind: str, extension: str) -> str:
    return templates.template_filename(ImportKind(kind), extension)


def template_file(kind: str, extension: str) -> tuple[bytes, str]:
    """The kind's template as a file to download: its bytes and its name."""
    engine_kind = ImportKind(kind)
    data = templates.template_xlsx(engine_kind) if extension == "xlsx" else templates.template_csv(engine_kind)
    return data, template_file_name(kind, extension)
