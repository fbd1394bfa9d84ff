"""``manage.py import_spend``: the JSON contract, the exit code, re-imports, rejected files and matching (issue 12)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.accounts.models import Organisation
from commissioning.finance.actions_spend import spend_area_map, spend_supplier_map
from commissioning.finance.models import ExpenseAreaMapping, MatchedBy, SpendImport, SpendTransaction, SupplierMapping
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "engine" / "ingest" / "spend_corpus"
KEYS = ["files", "rows_read", "rows_imported", "duplicates_skipped", "rows_rejected", "total_amount", "per_file"]
FILE_KEYS = [
    "file",
    "status",
    "rows_read",
    "rows_imported",
    "duplicates_skipped",
    "rows_rejected",
    "total_amount",
    "error",
]


def run(*names: str) -> tuple[dict, int]:
    out = io.StringIO()
    code = 0
    try:
        call_command("import_spend", *(str(CORPUS / name) for name in names), stdout=out)
    except CommandError as error:
        code = error.returncode
    return json.loads(out.getvalue()), code


def test_the_json_contract_for_good_files():
    summary, code = run("title_lines.csv", "amounts.csv", "duplicates.csv")
    assert code == 0
    assert list(summary) == KEYS
    assert [list(entry) for entry in summary["per_file"]] == [FILE_KEYS] * 3
    assert summary["files"] == 3
    assert summary["rows_read"] == 2 + 8 + 4
    assert summary["rows_imported"] == 2 + 8 + 2
    assert summary["duplicates_skipped"] == 2
    assert summary["rows_rejected"] == 0
    amounts = (
        Decimal("600") + Decimal("1234.56") - 250 - Decimal("75.10") - 1000 + Decimal("120.50") + Decimal("99.99") - 5
    )
    assert summary["per_file"][1]["total_amount"] == f"{amounts:.2f}"
    assert summary["total_amount"] == f"{Decimal('11234.50') + amounts + 200:.2f}"
    assert summary["per_file"][0] == {
        "file": str(CORPUS / "title_lines.csv"),
        "status": "imported",
        "rows_read": 2,
        "rows_imported": 2,
        "duplicates_skipped": 0,
        "rows_rejected": 0,
        "total_amount": "11234.50",
        "error": "",
    }
    assert SpendTransaction.objects.count() == 12
    stored = SpendTransaction.objects.get(reference="T1", spend_import__filename__endswith="title_lines.csv")
    assert (stored.supplier_name, stored.amount, stored.row_number) == ("Acme Care Ltd", Decimal("1234.50"), 5)


def test_re_importing_adds_nothing():
    run("title_lines.csv", "redacted.csv")
    summary, code = run("title_lines.csv", "redacted.csv")
    assert code == 0
    assert (summary["rows_read"], summary["rows_imported"], summary["duplicates_skipped"]) == (7, 0, 7)
    assert summary["total_amount"] == "0.00"
    assert SpendTransaction.objects.count() == 7


def test_a_rejected_file_saves_nothing_and_the_command_exits_non_zero():
    summary, code = run("synonyms_vendor.csv", "reject_bad_date.csv", "reject_no_date.csv")
    assert code == 1
    assert summary["files"] == 3
    assert (summary["rows_read"], summary["rows_imported"], summary["rows_rejected"]) == (1 + 3, 1, 3)
    assert summary["total_amount"] == "501.00"
    bad_date, no_date = summary["per_file"][1:]
    assert bad_date["status"] == no_date["status"] == "rejected"
    assert bad_date["error"].startswith('Row 7, column Payment Date: "04/13/2026" is not a date')
    assert (bad_date["rows_read"], bad_date["rows_rejected"], bad_date["rows_imported"]) == (3, 3, 0)
    assert bad_date["total_amount"] == "0.00"
    assert no_date["error"].startswith("The file has no date column: the header row (row 1) needs one of Date")
    assert SpendTransaction.objects.count() == 1
    assert SpendImport.objects.count() == 1


def test_suppliers_match_by_company_number_then_name_and_redacted_never():
    numbered = OrganisationFactory(name="Another Name Entirely Ltd", company_number="01234567")
    named = OrganisationFactory(name="ACME CARE LIMITED", company_number="")
    data = (
        "Date,Supplier,Supplier Company Number,Amount,Expense Area\n"
        "01/04/2026,Roads plc,01234567,600,Highways\n"
        "01/04/2026,Acme Care Ltd,,700,Adult Social Care\n"
        "01/04/2026,REDACTED,,800,Adult Social Care\n"
        "01/04/2026,Nobody We Know,,900,Nowhere\n"
    )
    from commissioning.finance.actions_spend import spend_import_file

    outcome = spend_import_file(data=data.encode(), filename="match.csv", by=None)
    assert outcome.rows_imported == 4
    by_supplier = {row.supplier_name: row for row in SpendTransaction.objects.all()}
    assert by_supplier["Roads plc"].organisation == numbered
    assert by_supplier["Acme Care Ltd"].organisation == named
    assert by_supplier["REDACTED"].organisation is None
    assert by_supplier["REDACTED"].redacted
    assert by_supplier["Nobody We Know"].organisation is None
    mappings = {mapping.key: mapping for mapping in SupplierMapping.objects.all()}
    assert set(mappings) == {"ROADS", "ACME CARE", "NOBODY WE KNOW"}
    assert mappings["ROADS"].matched_by == MatchedBy.COMPANY_NUMBER
    assert mappings["ACME CARE"].matched_by == MatchedBy.NAME
    assert mappings["NOBODY WE KNOW"].organisation is None

    # A finance officer maps the unmatched supplier and area once: every stored row follows.
    officer = UserFactory(role="finance")
    spend_supplier_map(mapping=mappings["NOBODY WE KNOW"], organisation=numbered, by=officer)
    assert SpendTransaction.objects.get(supplier_name="Nobody We Know").organisation == numbered
    service = ServiceFactory(name="Road maintenance")
    area = ExpenseAreaMapping.objects.get(key="NOWHERE")
    spend_area_map(mapping=area, service=service, by=officer)
    assert SpendTransaction.objects.get(expense_area="Nowhere").service == service
    assert Organisation.objects.filter(spend_transactions__redacted=True).count() == 0
