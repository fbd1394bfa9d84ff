"""Spend: the council's payments as it publishes them ("spend over £500", the Transparency Code data), one file
import at a time, with the mappings a finance officer sets once from suppliers to organisations and from expense
areas to services (ADR 0025).

A file is imported whole or not at all (``SpendImport``, one history entry). Its rows (``SpendTransaction``) are
written in bulk (SQLite ``INSERT ... SELECT``, PostgreSQL ``COPY``), so they get no history entry each: their import
is their history, and a row is never edited, only re-pointed to an organisation or service when a mapping is set
(a bulk ``UPDATE``, recorded on the mapping's history). ``row_key`` is the duplicate key the engine writes from
every normalised field (``engine.ingest.spend``): unique, so an exact duplicate, in the same file or already stored,
is skipped and counted, and re-importing a file adds nothing.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel

REDACTED_LABEL = "Redacted"


class SpendImportSource(models.TextChoices):
    COMMAND = "command", "Command line"
    UPLOAD = "upload", "Upload"
    DEMO = "demo", "Demo data"


class SpendImport(DomainModel):
    """One spend file imported: its name, its SHA-256 and what became of its rows."""

    filename = models.CharField("File name", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    source = models.CharField(max_length=10, choices=SpendImportSource.choices)
    import_job_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The upload's import job (imports.ImportJob), when it came through the web."
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    duplicates_skipped = models.PositiveIntegerField(default=0)
    total_amount = models.DecimalField(default=0, max_digits=14, decimal_places=2)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="spend_imports"
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Spend import {self.pk}: {self.filename}"


class SpendTransaction(DomainModel):
    """One row of a published spend file, normalised. ``supplier_name`` is as published (for a redacted row, the
    redaction's own words); pages for the public show ``REDACTED_LABEL`` instead whenever ``redacted`` is true."""

    # The import's COPY on PostgreSQL leaves the times out and the database writes them (the transaction's time):
    # PostgreSQL reading two timestamps a row from text costs 0.8 seconds a million rows (ADR 0025).
    created_at = models.DateTimeField(auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    # The references of a spend row are not checked by the database (``db_constraint=False``): only the import
    # writes rows, with ids it has just read or made in the same transaction, and nothing deletes an import, an
    # organisation, a service or a user (PROTECT, and domain models are never deleted). Checked, they cost a trigger
    # per row and reference at commit on PostgreSQL: 3 to 9 seconds a million rows, more than the rest of the write
    # (ADR 0025).
    spend_import = models.ForeignKey(
        SpendImport, on_delete=models.PROTECT, related_name="transactions", db_index=False, db_constraint=False
    )
    row_number = models.PositiveIntegerField(help_text="The row in its file, as a spreadsheet shows it.")
    date = models.DateField()
    supplier_name = models.CharField("Supplier", max_length=255, blank=True)
    supplier_key = models.CharField(max_length=255, blank=True, help_text="The name as matched; empty if redacted.")
    redacted = models.BooleanField(default=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spend_transactions",
        db_index=False,
        db_constraint=False,
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    reference = models.CharField("Transaction reference", max_length=100, blank=True)
    expense_area = models.CharField(max_length=255, blank=True)
    area_key = models.CharField(max_length=255, blank=True)
    service = models.ForeignKey(
        "services.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spend_transactions",
        db_constraint=False,
    )
    expense_type = models.CharField(max_length=255, blank=True)
    purpose = models.CharField(max_length=1000, blank=True)
    body = models.CharField(max_length=255, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    charity_number = models.CharField(max_length=12, blank=True)
    # Unique through a constraint, not ``unique=True``: on PostgreSQL that would add a second index (for LIKE, which
    # nothing asks of a key) that a million-row import must fill too.
    row_key = models.CharField(max_length=200, help_text="Every normalised field: the duplicate key.")
    # One index fewer on a table of millions of rows: archiving a payment is not something anyone does by hand.
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-date", "-pk"]
        indexes: ClassVar = [models.Index(fields=["date"], name="finance_spend_date")]
        constraints: ClassVar = [models.UniqueConstraint(fields=["row_key"], name="finance_spend_row_key")]

    def __str__(self) -> str:
        return f"{self.date} {self.public_supplier} £{self.amount}"

    @property
    def public_supplier(self) -> str:
        return REDACTED_LABEL if self.redacted else self.supplier_name


class MatchedBy(models.TextChoices):
    COMPANY_NUMBER = "company_number", "Company number"
    CHARITY_NUMBER = "charity_number", "Charity number"
    NAME = "name", "Name"
    OFFICER = "officer", "Set by a finance officer"
    NONE = "", "Not matched"


class SupplierMapping(DomainModel):
    """A supplier as spend files name it (``key``: the normalised name) and the organisation it is, once known."""

    key = models.CharField(max_length=255, unique=True)
    name = models.CharField("Supplier as published", max_length=255)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="spend_mappings"
    )
    matched_by = models.CharField(max_length=20, choices=MatchedBy.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class ExpenseAreaMapping(DomainModel):
    """An expense area as spend files name it and the service it is, once known."""

    key = models.CharField(max_length=255, unique=True)
    name = models.CharField("Expense area as published", max_length=255)
    service = models.ForeignKey(
        "services.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="spend_area_mappings"
    )
    matched_by = models.CharField(max_length=20, choices=MatchedBy.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name
