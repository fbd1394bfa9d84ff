"""The files users download, fill in and upload: the import's headers and one example row.

The workbook's first sheet holds the headers (bold, frozen) and the example row; its code, period and year columns
are formatted as text, so that Excel keeps "2026-04" and "2011/12" as typed instead of turning them into dates. A
second sheet, Guidance, says what each column takes. The CSV file is UTF-8 with a byte-order mark, so that Excel
shows "£" correctly, and Windows line endings.
"""

from __future__ import annotations

import csv
import io

from engine.ingest.budgets import BUDGETS
from engine.ingest.cells import CodeCell, FinancialYearCell, PeriodCell
from engine.ingest.measurements import MEASUREMENTS
from engine.ingest.table import ImportKind, Schema

SCHEMAS: dict[ImportKind, Schema] = {ImportKind.MEASUREMENTS: MEASUREMENTS, ImportKind.BUDGETS: BUDGETS}
TEXT_FORMAT = "@"


def schema_for(kind: ImportKind) -> Schema:
    return SCHEMAS[ImportKind(kind)]


def template_filename(kind: ImportKind, extension: str) -> str:
    return f"{ImportKind(kind).value}-template.{extension}"


def template_csv(kind: ImportKind) -> bytes:
    schema = schema_for(kind)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spec.header for spec in schema.fields])
    writer.writerow([spec.example for spec in schema.fields])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def template_xlsx(kind: ImportKind) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    schema = schema_for(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = schema.sheet_title
    bold = Font(bold=True)
    for index, spec in enumerate(schema.fields, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=spec.header)
        header.font = bold
        example = sheet.cell(row=2, column=index, value=spec.example)
        if isinstance(spec.cell, CodeCell | PeriodCell | FinancialYearCell):
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
            example.number_format = TEXT_FORMAT
        sheet.column_dimensions[letter].width = max(16, len(spec.header) + 4, len(spec.example) + 2)
    sheet.freeze_panes = "A2"

    guidance = workbook.create_sheet("Guidance")
    guidance.append(["Column", "Required", "What to enter", "Example"])
    for cell in guidance[1]:
        cell.font = bold
    for spec in schema.fields:
        required = "Yes" if spec.required else "No (the column may be left out)" if spec.column_optional else "No"
        guidance.append([spec.header, required, spec.guidance, spec.example])
    guidance.append([])
    guidance.append(
        [
            "Notes",
            "",
            "Put one row per "
            + schema.key_noun
            + ". Keep the headers in row 1 of the first sheet. Enter values, not formulas. Delete the example row. "
            "A file with any problem imports nothing, and the list of problems gives each row, column and reason.",
        ]
    )
    for letter, width in zip("ABCD", (20, 34, 80, 24), strict=True):
        guidance.column_dimensions[letter].width = width
    for row in guidance.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
