"""An option's lines as Excel: the download is the import template; imports are all or nothing, row by row."""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from commissioning.appraisals import actions, selectors, spreadsheets
from commissioning.appraisals.models import CostBenefitLine
from commissioning.core.permissions import Role

pytestmark = pytest.mark.django_db
YEARS = ["2026/27", "2027/28", "2028/29"]
HEADERS = [
    "Line ID",
    "Kind",
    "Transition category",
    "Line",
    *YEARS,
    "Lowest (%)",
    "Most likely (%)",
    "Highest (%)",
    "Distribution",
]


def workbook_bytes(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "lines.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def import_file(client, option, content: bytes, name: str = "lines.xlsx"):
    return client.post(
        reverse("appraisals:option-lines-import", args=[option.pk]), {"file": upload(content, name), "reason": ""}
    )


def problems_in(response) -> list[tuple[int | None, str, str]]:
    """The (row, column, reason) of each problem the import page lists."""
    assert response.status_code == 200
    found = []
    for row in re.findall(r'<tr [^>]*data-testid="import-problem">(.*?)</tr>', response.content.decode(), re.DOTALL):
        number, column, reason = (
            html.unescape(cell.strip()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        )
        found.append((int(number) if number else None, column, reason))
    return found


def state():
    return list(CostBenefitLine.objects.order_by("pk").values()), CostBenefitLine.history.count()


def test_the_download_is_the_template_with_the_current_lines(shortlist, client_for):
    response = client_for(Role.FINANCE).get(reverse("appraisals:option-lines-export", args=[shortlist.outsource.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="lines-CR-2026-042-option-{shortlist.outsource.pk}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)["Lines"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    procurement, contract, complaints = rows[1:]
    assert procurement[1:7] == ["One-off transition cost", "Procurement", "Procurement", 200, 0, 0]
    assert contract[1:] == ["Recurring cost", None, "Contract", 600, 600, 600, 90, 100, 130, "Triangular"]
    assert complaints[1] == "Non-cashable benefit"


def test_the_download_imports_back_unchanged(shortlist, client_for):
    client = client_for(Role.OFFICER)
    content = client.get(reverse("appraisals:option-lines-export", args=[shortlist.outsource.pk])).content
    before = state()
    response = import_file(client, shortlist.outsource, content)
    assert response.status_code == 302
    assert state() == before  # nothing changed, so no history either


def test_a_good_file_adds_changes_and_removes_lines(shortlist, client_for):
    lines = {line.label: line for line in selectors.option_lines(option=shortlist.outsource)}
    content = workbook_bytes(
        [
            [lines["Contract"].pk, "Recurring cost", "", "Contract", 600, 640, "£680.50", 90, 100, 140, "PERT"],
            [None, "income", None, "Charges to self-funders", 0, 25, 25, None, None, None, None],
            [lines["Procurement"].pk, "One-off transition cost", "procurement", "Procurement", 200, 0, 0],
            [],
        ]
    )
    response = import_file(client_for(Role.OFFICER), shortlist.outsource, content)
    assert response.status_code == 302
    assert response["Location"] == reverse("appraisals:option-detail", args=[shortlist.outsource.pk])
    current = {line.label: line for line in selectors.option_lines(option=shortlist.outsource)}
    assert set(current) == {"Contract", "Charges to self-funders", "Procurement"}
    contract = current["Contract"]
    assert contract.amounts == ["600.00", "640.00", "680.50"]
    assert (contract.range_high, contract.distribution) == (Decimal("140"), "pert")
    assert contract.history.latest().history_change_reason == "Imported from Excel"
    assert current["Charges to self-funders"].kind == "income"


def test_bad_rows_import_nothing_and_say_row_column_and_reason(shortlist, client_for):
    lines = {line.label: line for line in selectors.option_lines(option=shortlist.outsource)}
    content = workbook_bytes(
        [
            [lines["Contract"].pk, "Recurring cost", "", "Contract", 600, -600, 600],
            [None, "Rent", "", "Depot", 1, 2, 3],
            [None, "Income", "", "Fees", "lots", 2, 3],
            [None, "One-off transition cost", "", "Redundancy", 50, 0, 0],
            [None, "Cashable benefit", "", "Fewer visits", 1, 2, 3, 120, 100, 130],
            [999999, "Income", "", "Rent", 1, 1, 1],
        ]
    )
    before = state()
    response = import_file(client_for(Role.OFFICER), shortlist.outsource, content)
    assert response.status_code == 200
    assert state() == before
    # Reading the file finds the cells that are not values; the rest are checked once the file reads cleanly.
    problems = problems_in(response)
    assert problems == [
        (
            3,
            "Kind",
            spreadsheets.KIND_UNKNOWN.format(
                choices="Recurring cost, One-off transition cost, Cashable benefit, Non-cashable benefit, Income",
                value="Rent",
            ),
        ),
        (4, "2026/27", spreadsheets.NOT_AN_AMOUNT.format(value="lots")),
    ]
    page = response.content.decode()
    assert "The file has not been imported" in page
    assert all(heading in page for heading in ("Row", "Column", "Problem"))

    # With those two fixed, the rules of the lines apply, still row by row.
    content = workbook_bytes(
        [
            [lines["Contract"].pk, "Recurring cost", "", "Contract", 600, -600, 600],
            [None, "Income", "", "Fees", 1, 2, 3],
            [None, "One-off transition cost", "", "Redundancy", 50, 0, 0],
            [None, "Cashable benefit", "", "Fewer visits", 1, 2, 3, 120, 100, 130],
            [999999, "Income", "", "Rent", 1, 1, 1],
        ]
    )
    response = import_file(client_for(Role.OFFICER), shortlist.outsource, content)
    assert state() == before
    problems = problems_in(response)
    assert problems == [
        (2, "2027/28", actions.NEGATIVE_COST),
        (4, "Transition category", actions.TRANSITION_CATEGORY_REQUIRED),
        (5, "Most likely (%)", actions.RANGE_ORDER),
        (6, "Line ID", actions.UNKNOWN_LINE.format(line_id=999999)),
    ]


def test_formula_cells_are_refused(shortlist, client_for):
    content = workbook_bytes([[None, "Income", "", "Fees", "=1+1", 2, 3]])
    before = state()
    response = import_file(client_for(Role.OFFICER), shortlist.outsource, content)
    assert state() == before
    assert problems_in(response) == [(2, "2026/27", spreadsheets.FORMULA.format(formula="=1+1"))]


def test_a_file_that_is_not_a_spreadsheet_is_refused(shortlist, client_for):
    before = state()
    for content, name in [(b"Line ID,Kind\n1,Income\n", "lines.csv"), (b"PK\x03\x04 not really a zip", "lines.xlsx")]:
        response = import_file(client_for(Role.OFFICER), shortlist.outsource, content, name)
        assert [reason for _row, _column, reason in problems_in(response)] == [spreadsheets.NOT_A_SPREADSHEET]
    assert state() == before


def test_a_file_that_is_too_large_is_refused(shortlist, client_for):
    before = state()
    response = import_file(client_for(Role.OFFICER), shortlist.outsource, b"x" * (spreadsheets.MAX_FILE_BYTES + 1))
    assert [reason for _row, _column, reason in problems_in(response)] == [spreadsheets.FILE_TOO_LARGE]
    assert state() == before


def test_wrong_headings_are_named_by_column(shortlist, client_for):
    headers = [*HEADERS]
    headers[4] = "2025/26"
    response = import_file(client_for(Role.OFFICER), shortlist.outsource, workbook_bytes([], headers=headers))
    assert problems_in(response) == [
        (1, "column E", spreadsheets.HEADER_WRONG.format(expected="2026/27", found="2025/26"))
    ]


def test_an_empty_file_is_refused(shortlist, client_for):
    response = import_file(client_for(Role.OFFICER), shortlist.outsource, workbook_bytes([]))
    assert [reason for _row, _column, reason in problems_in(response)] == [spreadsheets.NO_ROWS]


def test_a_guarded_label_comes_back_as_it_was(shortlist, client_for):
    """Text that starts like a formula is written with an apostrophe (see exports), and read back without it."""
    client = client_for(Role.OFFICER)
    actions.option_lines_save(
        option=shortlist.bau,
        rows=[actions.LineDetails(kind="income", label="-5% fee cut", amounts=(Decimal(1),))],
        by=shortlist.officer,
    )
    content = client.get(reverse("appraisals:option-lines-export", args=[shortlist.bau.pk])).content
    before = state()
    assert import_file(client, shortlist.bau, content).status_code == 302
    assert state() == before
