"""The templates users download: the import's headers and an example row, which import as they are."""

import io

import openpyxl
import pytest

from engine.ingest.budgets import BUDGETS, parse_budgets
from engine.ingest.measurements import MEASUREMENTS, parse_measurements
from engine.ingest.table import ImportKind
from engine.ingest.templates import template_csv, template_filename, template_xlsx

PARSERS = {ImportKind.MEASUREMENTS: parse_measurements, ImportKind.BUDGETS: parse_budgets}
SCHEMAS = {ImportKind.MEASUREMENTS: MEASUREMENTS, ImportKind.BUDGETS: BUDGETS}


@pytest.mark.parametrize("kind", list(ImportKind))
def test_templates_import_as_they_are(kind):
    parse = PARSERS[kind]
    from_csv = parse(template_csv(kind), template_filename(kind, "csv"))
    from_xlsx = parse(template_xlsx(kind), template_filename(kind, "xlsx"))
    assert from_csv.ok
    assert from_xlsx.ok
    assert len(from_csv.rows) == 1
    assert from_csv.rows == from_xlsx.rows


@pytest.mark.parametrize("kind", list(ImportKind))
def test_template_contents(kind):
    headers = [spec.header for spec in SCHEMAS[kind].fields]
    csv_text = template_csv(kind)
    assert csv_text.startswith(b"\xef\xbb\xbf")
    assert csv_text.decode("utf-8-sig").split("\r\n")[0] == ",".join(headers)
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(kind)))
    data, guidance = workbook.worksheets
    assert data.title == SCHEMAS[kind].sheet_title
    assert [cell.value for cell in data[1]] == headers
    assert all(cell.font.bold for cell in data[1])
    assert data["B2"].number_format == "@"  # the period or year stays text in Excel
    assert guidance.title == "Guidance"
    assert [row[0].value for row in guidance.iter_rows(min_row=2, max_row=len(headers) + 1)] == headers
    assert template_filename(kind, "xlsx") == f"{kind.value}-template.xlsx"
