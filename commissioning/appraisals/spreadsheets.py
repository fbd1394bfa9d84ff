"""An option's lines as an Excel workbook: the download (which is also the import template) and the import.

The download has one row per line: its ID, kind, transition category, label, an amount for each financial year of
the appraisal, and its range. An officer changes it in Excel and imports it: rows with an ID change that line, rows
without add one, and lines left out are removed. The import is all or nothing: any problem, and nothing is saved,
with every problem listed by row, column and reason.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from commissioning.appraisals.actions import CellError, LineDetails
from commissioning.appraisals.forms import GRID_COLUMNS
from commissioning.appraisals.models import CostBenefitLine, Distribution, LineKind, TransitionCategory
from commissioning.core.problems import RowProblem, RowsInvalid

MAX_FILE_BYTES = 1_000_000
MAX_ROWS = 200
SHEET_TITLE = "Lines"

NOT_A_SPREADSHEET = "The file is not an Excel workbook (.xlsx): download the lines as Excel, and import that file"
FILE_TOO_LARGE = "The file is larger than 1 MB: an option's lines need far less. Check that it is the right file"
NO_SHEET = "The workbook has no worksheet: download the lines as Excel, and import that file"
HEADER_WRONG = (
    'The heading should be "{expected}", not "{found}": download the lines as Excel for this appraisal\'s headings'
)
NO_ROWS = "The file has no lines under the headings: fill in at least one row"
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS} rows of lines: an option can have at most 100"
FORMULA = "The cell holds a formula ({formula}): enter the value itself"
NOT_AN_AMOUNT = 'Enter an amount in pounds, like 12500, not "{value}"'
NOT_A_PERCENT = 'Enter a percentage of the amounts, like 90, not "{value}"'
NOT_A_LINE_ID = 'Leave the line ID as it was downloaded, or blank for a new line, not "{value}"'
KIND_UNKNOWN = 'Enter one of: {choices}, not "{value}"'
KIND_MISSING = "Enter the kind of line: {choices}"

FIXED_HEADERS_BEFORE = ["Line ID", "Kind", "Transition category", "Line"]
FIXED_HEADERS_AFTER = ["Lowest (%)", "Most likely (%)", "Highest (%)", "Distribution"]


def headers(year_labels: Sequence[str]) -> list[str]:
    return [*FIXED_HEADERS_BEFORE, *year_labels, *FIXED_HEADERS_AFTER]


def export_rows(lines: Sequence[CostBenefitLine], *, years: int) -> Iterator[list[Any]]:
    for line in lines:
        amounts = [Decimal(amount) for amount in line.amounts[:years]]
        amounts += [Decimal(0)] * (years - len(amounts))
        yield [
            line.pk,
            line.get_kind_display(),
            line.get_transition_category_display() if line.transition_category else "",
            line.label,
            *amounts,
            line.range_low,
            line.range_likely,
            line.range_high,
            line.get_distribution_display() if line.distribution else "",
        ]


@dataclass(frozen=True)
class ParsedLines:
    rows: list[LineDetails]
    sheet_rows: list[int]  # the spreadsheet row of each parsed row

    def problems_for(self, cells: Sequence[CellError], year_labels: Sequence[str]) -> list[RowProblem]:
        """An action's cell errors as spreadsheet rows and column headings."""
        found = []
        for cell in cells:
            column = year_labels[cell.year] if cell.year is not None else GRID_COLUMNS.get(cell.field, "Amounts")
            found.append(RowProblem(self.sheet_rows[cell.row], column, cell.message))
        return found


def _choices(choices: Any) -> dict[str, str]:
    mapping = {}
    for value, label in choices:
        mapping[str(value).lower()] = str(value)
        mapping[str(label).lower()] = str(value)
    return mapping


KINDS = _choices(LineKind.choices)
CATEGORIES = _choices(TransitionCategory.choices)
DISTRIBUTIONS = _choices(Distribution.choices)


def _text(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    # Our downloads guard text that starts like a formula with an apostrophe (exports._safe_text): take it off.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


def _number(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        number = Decimal(str(value).strip().replace("£", "").replace(",", "").replace("%", "").replace(" ", ""))
    if not number.is_finite():
        raise InvalidOperation
    return number


def _open(upload: IO[bytes], size: int) -> Any:
    if size > MAX_FILE_BYTES:
        raise RowsInvalid([RowProblem(None, None, FILE_TOO_LARGE)])
    content = upload.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise RowsInvalid([RowProblem(None, None, FILE_TOO_LARGE)])
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise RowsInvalid([RowProblem(None, None, NOT_A_SPREADSHEET)]) from None
    return workbook


def parse(upload: IO[bytes], *, size: int, year_labels: Sequence[str]) -> ParsedLines:
    """Read the uploaded workbook into rows for option_lines_save, or raise RowsInvalid listing every problem."""
    workbook = _open(upload, size)
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise RowsInvalid([RowProblem(None, None, NO_SHEET)])
        expected = headers(year_labels)
        width = len(expected)
        rows = sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 2, max_col=width)
        header = next(rows, None)
        header_values = [_text(cell.value) for cell in header] if header else []
        header_values += [""] * (width - len(header_values))
        problems = [
            RowProblem(1, f"column {get_column_letter(index + 1)}", HEADER_WRONG.format(expected=want, found=got))
            for index, (want, got) in enumerate(zip(expected, header_values, strict=True))
            if want.lower() != got.lower()
        ]
        if problems:
            raise RowsInvalid(problems)
        parsed: list[LineDetails] = []
        sheet_rows: list[int] = []
        for offset, cells in enumerate(rows, start=2):
            if offset > MAX_ROWS + 1:
                raise RowsInvalid([RowProblem(None, None, TOO_MANY_ROWS)])
            values = list(cells) + [None] * (width - len(cells))
            if all(cell is None or _text(cell.value) == "" for cell in values):
                continue
            line, row_problems = _row(offset, values, expected, len(year_labels))
            problems.extend(row_problems)
            if line is not None:
                parsed.append(line)
                sheet_rows.append(offset)
        if problems:
            raise RowsInvalid(problems)
        if not parsed:
            raise RowsInvalid([RowProblem(None, None, NO_ROWS)])
        return ParsedLines(rows=parsed, sheet_rows=sheet_rows)
    finally:
        workbook.close()


def _row(
    number: int, cells: Sequence[Any], names: Sequence[str], years: int
) -> tuple[LineDetails | None, list[RowProblem]]:
    problems: list[RowProblem] = []
    values: list[Any] = []
    for column, cell in zip(names, cells, strict=True):
        value = None if cell is None else cell.value
        if cell is not None and getattr(cell, "data_type", None) == "f":
            problems.append(RowProblem(number, column, FORMULA.format(formula=str(value)[:40])))
            value = None
        values.append(value)
    if problems:
        return None, problems
    line_id_raw, kind_raw, category_raw, label_raw = values[:4]
    amount_values = values[4 : 4 + years]
    low_raw, likely_raw, high_raw, distribution_raw = values[4 + years :]

    line_id = None
    if _text(line_id_raw):
        try:
            number_id = _number(line_id_raw)
            if number_id is None or number_id != number_id.to_integral_value() or number_id < 1:
                raise InvalidOperation
            line_id = int(number_id)
        except (InvalidOperation, ValueError):
            problems.append(RowProblem(number, "Line ID", NOT_A_LINE_ID.format(value=_text(line_id_raw))))
    kind_text = _text(kind_raw).lower()
    kind = KINDS.get(kind_text, "")
    kinds = ", ".join(label for _value, label in LineKind.choices)
    if not kind_text:
        problems.append(RowProblem(number, "Kind", KIND_MISSING.format(choices=kinds)))
    elif not kind:
        problems.append(RowProblem(number, "Kind", KIND_UNKNOWN.format(choices=kinds, value=_text(kind_raw))))
    category_text = _text(category_raw).lower()
    category = CATEGORIES.get(category_text, "")
    if category_text and not category:
        categories = ", ".join(label for _value, label in TransitionCategory.choices)
        problems.append(
            RowProblem(
                number, "Transition category", KIND_UNKNOWN.format(choices=categories, value=_text(category_raw))
            )
        )
    amounts: list[Decimal] = []
    for label, raw in zip(names[4 : 4 + years], amount_values, strict=True):
        try:
            amount = _number(raw)
        except (InvalidOperation, ValueError):
            problems.append(RowProblem(number, label, NOT_AN_AMOUNT.format(value=_text(raw))))
            amount = None
        amounts.append(amount if amount is not None else Decimal(0))
    ranges: list[Decimal | None] = []
    for label, raw in zip(FIXED_HEADERS_AFTER[:3], (low_raw, likely_raw, high_raw), strict=True):
        try:
            ranges.append(_number(raw))
        except (InvalidOperation, ValueError):
            problems.append(RowProblem(number, label, NOT_A_PERCENT.format(value=_text(raw))))
            ranges.append(None)
    distribution_text = _text(distribution_raw).lower()
    distribution = DISTRIBUTIONS.get(distribution_text, "")
    if distribution_text and not distribution:
        problems.append(
            RowProblem(
                number, "Distribution", KIND_UNKNOWN.format(choices="Triangular, PERT", value=_text(distribution_raw))
            )
        )
    if problems:
        return None, problems
    return (
        LineDetails(
            line_id=line_id,
            kind=kind,
            transition_category=category,
            label=_text(label_raw),
            amounts=tuple(amounts),
            range_low=ranges[0],
            range_likely=ranges[1],
            range_high=ranges[2],
            distribution=distribution,
        ),
        [],
    )
