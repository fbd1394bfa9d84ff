import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from commissioning.core import formatting
from commissioning.core.exports import csv_response, xlsx_response


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_csv_neutralises_formulas_and_writes_plain_values():
    response = csv_response(
        "x", ["Name", "Amount", "Flag"], [['=HYPERLINK("http://x")', Decimal("12.50"), True], ["@SUM(A1)", None, False]]
    )
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = _csv(response)
    assert rows[0] == ["Name", "Amount", "Flag"]
    assert rows[1] == ['\'=HYPERLINK("http://x")', "12.50", "Yes"]
    assert rows[2] == ["'@SUM(A1)", "", "No"]


def test_xlsx_has_headers_and_values_and_no_formulas():
    response = xlsx_response("x", "Services", ["Name", "Amount"], [["=1+1", Decimal("12.50")]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Services"
    assert [c.value for c in sheet[1]] == ["Name", "Amount"]
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"
    assert float(sheet["B2"].value) == 12.5


def test_money_formatting():
    assert formatting.money(Decimal("1234.5")) == "£1,234.50"
    assert formatting.money(Decimal("-2500")) == "\u2212£2,500.00"
    assert formatting.money_whole(Decimal("1234.5")) == "£1,235"
    assert formatting.money(None) == ""
