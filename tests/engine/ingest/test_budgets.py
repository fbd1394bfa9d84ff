"""Service budgets from CSV and Excel: pounds to the penny, checks across columns, optional columns."""

from decimal import Decimal

from engine.ingest.budgets import BudgetRow, parse_budgets

from .files import csv_bytes, xlsx_bytes

HEADER = "Service reference,Financial year,Gross budget,Net budget,Staff FTE,Annual demand"


def test_a_good_csv_file():
    result = parse_budgets(
        csv_bytes(
            HEADER,
            'adl-012,2026/27,"£1,250,000","£980,000.5",23.5,"4,200"',
            "ADL-012,2027/28,100,(£5.25),,",
            "WST-00101,2026/27,0,-£10,0,0",
        ),
        "budgets.csv",
    )
    assert result.ok, result.errors
    assert result.rows == (
        BudgetRow("ADL-012", "2026/27", Decimal("1250000.00"), Decimal("980000.50"), Decimal("23.5"), 4200, 2),
        BudgetRow("ADL-012", "2027/28", Decimal("100.00"), Decimal("-5.25"), None, None, 3),
        BudgetRow("WST-00101", "2026/27", Decimal("0.00"), Decimal("-10.00"), Decimal("0"), 0, 4),
    )
    assert result.rows[0].key == ("ADL-012", "2026/27")


def test_optional_columns_may_be_left_out():
    result = parse_budgets(
        csv_bytes("Service reference,Financial year,Gross budget,Net budget", "ADL-012,2026/27,1,1"), "b.csv"
    )
    assert result.rows == (BudgetRow("ADL-012", "2026/27", Decimal("1.00"), Decimal("1.00"), None, None, 2),)


def test_every_problem_is_reported():
    result = parse_budgets(
        csv_bytes(
            HEADER,
            "ADL12,2026-27,-1,5,1.234,12.5",
            "ADL-012,2026/27,100,200,,",
            "ADL-013,2026/27,1.005,1,£3,-4",
            "adl-012,2026/27,300,200,,",
        ),
        "budgets.csv",
        services=["ADL-012", "adl-013"],
    )
    assert [str(error) for error in result.errors] == [
        'Row 2, column Service reference: "ADL12" is not a service reference: 2 to 5 letters, a hyphen, then 3 to 5 '
        "digits, like ADL-012",
        'Row 2, column Financial year: "2026-27" is not a financial year: write it like 2026/27',
        'Row 2, column Gross budget: "-1" is negative: the gross budget must be 0 or more',
        'Row 2, column Staff FTE: "1.234" has 3 decimal places: the staff FTE has at most 2',
        'Row 2, column Annual demand: "12.5" is not a whole number: write it like 12,500',
        "Row 3, column Net budget: the net budget (200) is more than the gross budget (100): the net budget is gross "
        "spending less income",
        'Row 4, column Gross budget: "1.005" has 3 decimal places: the gross budget has at most 2',
        'Row 4, column Staff FTE: "£3" has a £ sign: the staff FTE is not an amount of money',
        'Row 4, column Annual demand: "-4" is negative: the annual demand must be 0 or more',
        "Row 5, column Service reference: ADL-012, 2026/27 is also in row 3: give each service and financial year once",
    ]


def test_unknown_services():
    result = parse_budgets(csv_bytes(HEADER, "ADL-999,2026/27,1,1,,"), "b.csv", services={"ADL-012"})
    assert [str(error) for error in result.errors] == [
        "Row 2, column Service reference: no service has the reference ADL-999: check the reference on the service's "
        "page"
    ]


def test_a_workbook_with_numbers_and_text_years():
    data = xlsx_bytes(
        [
            ("Service reference", "Financial year", "Gross budget", "Net budget", "Staff FTE", "Annual demand"),
            ("ADL-012", "2026/27", 1250000, 980000.5, 23.5, 4200),
            ("ADL-013", "2026/27", 0.1 + 0.2, "£0.10", None, None),
        ]
    )
    result = parse_budgets(data, "budgets.xlsx")
    assert result.rows == (
        BudgetRow("ADL-012", "2026/27", Decimal("1250000.00"), Decimal("980000.50"), Decimal("23.5"), 4200, 2),
        BudgetRow("ADL-013", "2026/27", Decimal("0.30"), Decimal("0.10"), None, None, 3),
    )
