"""Writes for spend: importing a published spend file, and mapping suppliers and expense areas (ADR 0025).

``spend_import_file`` reads a file through ``engine.ingest.spend`` and saves its rows in ONE transaction with its
``SpendImport``: a rejected file saves nothing. Rows go in bulk, not through the ORM (a million rows through
``bulk_create`` would take minutes): on SQLite the driver's ``executemany`` into a temporary table, then one
``INSERT OR IGNORE ... SELECT``; on PostgreSQL a ``COPY`` into a temporary table, then one ``INSERT ... SELECT ...
ON CONFLICT DO NOTHING``. Both skip a row whose ``row_key`` is already stored, so exact duplicates, in the file or
already stored, are skipped and counted, and a file imported twice adds nothing.

Suppliers are matched to organisations once per distinct name, not per row: a mapping the finance officer set wins,
then the company number, then the charity number, then the normalised name. A supplier or expense area seen for the
first time gets a mapping (empty if nothing matched), which the mapping pages list for a finance officer to set once;
setting it re-points every stored row with that name (``spend_supplier_map``, ``spend_area_map``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.core.audit import save_with_history
from commissioning.finance.calculations_spend import IngestError, SpendRejected, area_key, parse_spend, supplier_key
from commissioning.finance.models import (
    ExpenseAreaMapping,
    MatchedBy,
    SpendImport,
    SpendImportSource,
    SpendTransaction,
    SupplierMapping,
)
from commissioning.services.models import Service

CHUNK_ROWS = 50_000  # rows written between progress reports
IMPORTED = "Imported spend from {filename}"
MAPPED = "Mapped by a finance officer"
MAPPING_ORGANISATION_REQUIRED = "Choose the organisation this supplier is"
MAPPING_SERVICE_REQUIRED = "Choose the service this expense area is"
REDACTED_NEVER_MAPPED = "A redacted supplier is never matched to an organisation"
FILE_NOT_READ = "The file could not be read: {detail}"

IMPORTED_STATUS = "imported"
REJECTED_STATUS = "rejected"
# Written once per file, as constants in the SQL: (column, placeholder).
CONSTANT_COLUMNS = ("created_at", "updated_at", "archive_reason", "spend_import_id")
COLUMNS = (
    "row_number",
    "date",
    "supplier_name",
    "supplier_key",
    "redacted",
    "organisation_id",
    "amount",
    "reference",
    "expense_area",
    "area_key",
    "service_id",
    "expense_type",
    "purpose",
    "body",
    "company_number",
    "charity_number",
    "row_key",
)


@dataclass(frozen=True)
class SpendOutcome:
    """What became of one file: the ``per_file`` entry of ``import_spend``'s JSON."""

    file: str
    status: str
    rows_read: int
    rows_imported: int
    duplicates_skipped: int
    rows_rejected: int
    total_amount: Decimal
    error: str
    spend_import: SpendImport | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "duplicates_skipped": self.duplicates_skipped,
            "rows_rejected": self.rows_rejected,
            "total_amount": money_text(self.total_amount),
            "error": self.error,
        }


def money_text(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')):f}"


def rejected(file: str, message: str, rows_read: int = 0) -> SpendOutcome:
    return SpendOutcome(
        file=file,
        status=REJECTED_STATUS,
        rows_read=rows_read,
        rows_imported=0,
        duplicates_skipped=0,
        rows_rejected=rows_read,
        total_amount=Decimal("0.00"),
        error=message,
    )


class SpendProgress:
    """What an import reports while it saves: ``saving(total)`` once, then ``saved(done)`` after each chunk. The
    default reports nothing; the imports app's job passes its own (commissioning.imports.progress)."""

    def saving(self, total: int) -> None:
        return None

    def saved(self, done: int) -> None:
        return None


def spend_import_file(
    *,
    data: bytes,
    filename: str,
    by: User | None,
    source: str = SpendImportSource.COMMAND,
    import_job_id: int | None = None,
    progress: SpendProgress | None = None,
    max_rows: int | None = None,
) -> SpendOutcome:
    """Import one spend file whole, or reject it whole (nothing saved). Never raises for a bad file: the outcome
    says why it was rejected."""
    try:
        parsed = parse_spend(data, max_rows=max_rows)
    except SpendRejected as rejection:
        return rejected(filename, str(rejection), rejection.rows_read)
    except IngestError as error:
        return rejected(filename, str(error))
    sha256 = hashlib.sha256(data).hexdigest()
    del data
    rows_read = parsed.rows_read
    rows = parsed.unique()
    del parsed  # every frame is dropped as soon as the next is made: a million rows are a few hundred MB each
    progress = progress or SpendProgress()
    with transaction.atomic():
        record = SpendImport(
            filename=filename[:255], sha256=sha256, source=source, import_job_id=import_job_id, imported_by=by
        )
        record.save()
        rows = rows.join(_supplier_matches(rows), on="supplier_key", how="left", maintain_order="left")
        rows = rows.join(_area_matches(rows), on="expense_area", how="left", maintain_order="left")
        table = rows.select(
            pl.col("row").alias("row_number"),
            pl.col("date").cast(pl.String),
            pl.col("supplier").alias("supplier_name"),
            pl.col("supplier_key"),
            pl.col("redacted"),
            pl.col("organisation_id"),
            pl.col("amount"),
            pl.col("reference"),
            pl.col("expense_area"),
            pl.col("area_key").fill_null(""),
            pl.col("service_id"),
            pl.col("expense_type"),
            pl.col("purpose"),
            pl.col("body"),
            pl.col("company_number"),
            pl.col("charity_number"),
            pl.col("row_hash").alias("row_key"),
        )
        del rows
        now = str(connection.ops.adapt_datetimefield_value(timezone.now()))
        constants = (now, now, "", record.pk)
        progress.saving(table.height)
        if connection.vendor == "postgresql":
            imported = _copy_postgresql(table, constants, progress)
        else:
            imported = _insert_sqlite(table, constants, progress)
        if imported == table.height:  # every row went in: their sum, exactly, without reading them back
            total = Decimal(table.get_column("amount").cast(pl.Decimal(18, 2)).sum() or 0).quantize(Decimal("0.01"))
        else:
            total = _total(record.pk)
        del table
        record.rows_read = rows_read
        record.rows_imported = imported
        record.duplicates_skipped = rows_read - imported
        record.total_amount = total
        save_with_history(record, by=by, reason=IMPORTED.format(filename=filename))
    return SpendOutcome(
        file=filename,
        status=IMPORTED_STATUS,
        rows_read=rows_read,
        rows_imported=imported,
        duplicates_skipped=rows_read - imported,
        rows_rejected=0,
        total_amount=total,
        error="",
        spend_import=record,
    )


def _table_name() -> str:
    return SpendTransaction._meta.db_table


def _insert_sqlite(table: pl.DataFrame, constants: tuple[object, ...], progress: SpendProgress) -> int:
    """The rows go through the driver's ``executemany`` into a temporary table without indexes, then into the table
    with ONE ``INSERT OR IGNORE ... SELECT``: row by row into the indexed table is two and a half times slower."""
    connection.ensure_connection()
    raw = connection.connection
    columns = ", ".join(COLUMNS)
    everything = ", ".join((*CONSTANT_COLUMNS, *COLUMNS))
    fixed = ", ".join(_sql_literal(value) for value in constants)
    raw.execute("DROP TABLE IF EXISTS temp.spend_load")
    raw.execute(f"CREATE TEMPORARY TABLE spend_load AS SELECT {columns} FROM {_table_name()} WHERE 0")  # noqa: S608
    load = f"INSERT INTO temp.spend_load ({columns}) VALUES ({', '.join('?' for _ in COLUMNS)})"  # noqa: S608
    done = 0
    for chunk in table.iter_slices(CHUNK_ROWS):
        raw.executemany(load, zip(*(chunk.get_column(name).to_list() for name in COLUMNS), strict=True))
        done += chunk.height
        progress.saved(done)
    before = raw.total_changes
    raw.execute(
        f"INSERT OR IGNORE INTO {_table_name()} ({everything}) SELECT {fixed}, {columns} FROM temp.spend_load "  # noqa: S608
        "ORDER BY rowid"
    )
    imported = raw.total_changes - before
    raw.execute("DROP TABLE temp.spend_load")
    return int(imported)


def _sql_literal(value: object) -> str:
    """A constant of our own making (a timestamp, "", an id) as SQL."""
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _copy_postgresql(table: pl.DataFrame, constants: tuple[object, ...], progress: SpendProgress) -> int:
    columns = ", ".join(COLUMNS)
    everything = ", ".join((*CONSTANT_COLUMNS, *COLUMNS))
    fixed = ", ".join(_sql_literal(value) for value in constants)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE spend_load ON COMMIT DROP AS SELECT {columns} FROM {_table_name()} WITH NO DATA"  # noqa: S608
        )
        done = 0
        with cursor.cursor.copy(f"COPY spend_load ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:  # type: ignore[attr-defined]
            for chunk in table.iter_slices(CHUNK_ROWS):
                copy.write(chunk.write_csv(include_header=False))
                done += chunk.height
                progress.saved(done)
        cursor.execute(
            f"INSERT INTO {_table_name()} ({everything}) SELECT {fixed}, {columns} FROM spend_load "  # noqa: S608
            "ON CONFLICT (row_key) DO NOTHING"
        )
        imported = cursor.rowcount
        cursor.execute("DROP TABLE spend_load")
    return int(imported)


def _total(import_id: int) -> Decimal:
    """The exact total of an import's rows (SQLite keeps decimals as floating point: summed in pence)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT SUM(CAST(ROUND(amount * 100) AS INTEGER)) FROM {_table_name()} WHERE spend_import_id = %s",  # noqa: S608
                [import_id],
            )
            pence = cursor.fetchone()[0] or 0
            return Decimal(pence) / 100
        cursor.execute(f"SELECT SUM(amount) FROM {_table_name()} WHERE spend_import_id = %s", [import_id])  # noqa: S608
        return Decimal(cursor.fetchone()[0] or 0).quantize(Decimal("0.01"))


# Matching ------------------------------------------------------------------------------------------------------------


def _organisations() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Organisations (not the council itself) by company number, charity number and normalised name."""
    by_company: dict[str, int] = {}
    by_charity: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for pk, name, company, charity in Organisation.objects.filter(is_home=False, archived_at__isnull=True).values_list(
        "pk", "name", "company_number", "charity_number"
    ):
        if company:
            by_company.setdefault(company.upper(), pk)
        if charity:
            by_charity.setdefault(charity.upper(), pk)
        by_name.setdefault(supplier_key(name), pk)
    return by_company, by_charity, by_name


def match_supplier(
    key: str, company: str, charity: str, organisations: tuple[dict[str, int], dict[str, int], dict[str, int]]
) -> tuple[int | None, str]:
    by_company, by_charity, by_name = organisations
    if company and company.upper() in by_company:
        return by_company[company.upper()], MatchedBy.COMPANY_NUMBER
    if charity and charity.upper() in by_charity:
        return by_charity[charity.upper()], MatchedBy.CHARITY_NUMBER
    if key in by_name:
        return by_name[key], MatchedBy.NAME
    return None, MatchedBy.NONE


def _supplier_matches(rows: pl.DataFrame) -> pl.DataFrame:
    """``supplier_key`` -> ``organisation_id`` for the file's suppliers, making the mappings not seen before."""
    suppliers = (
        rows.filter(~pl.col("redacted") & (pl.col("supplier_key") != ""))
        .group_by("supplier_key")
        .agg(
            pl.col("supplier").first(),
            pl.col("company_number").filter(pl.col("company_number") != "").first(),
            pl.col("charity_number").filter(pl.col("charity_number") != "").first(),
        )
    )
    known = dict(SupplierMapping.objects.values_list("key", "organisation_id"))
    organisations = _organisations()
    new: list[SupplierMapping] = []
    found: dict[str, int | None] = {}
    for key, name, company, charity in suppliers.iter_rows():
        if key in known and known[key] is not None:
            found[key] = known[key]
            continue
        organisation, matched_by = match_supplier(key, company or "", charity or "", organisations)
        found[key] = organisation
        if key not in known:
            new.append(SupplierMapping(key=key, name=name[:255], organisation_id=organisation, matched_by=matched_by))
        elif organisation is not None:
            SupplierMapping.objects.filter(key=key, organisation__isnull=True).update(
                organisation_id=organisation, matched_by=matched_by
            )
    SupplierMapping.objects.bulk_create(new, batch_size=500)
    return pl.DataFrame(
        {"supplier_key": list(found), "organisation_id": list(found.values())},
        schema={"supplier_key": pl.String, "organisation_id": pl.Int64},
    )


def _area_matches(rows: pl.DataFrame) -> pl.DataFrame:
    """``expense_area`` -> (``area_key``, ``service_id``), making the mappings not seen before. Adds the key."""
    areas = rows.filter(pl.col("expense_area") != "").select(pl.col("expense_area").unique())
    known = dict(ExpenseAreaMapping.objects.values_list("key", "service_id"))
    services = {area_key(name): pk for pk, name in Service.objects.values_list("pk", "name")}
    new: dict[str, ExpenseAreaMapping] = {}
    keys: list[str] = []
    ids: list[int | None] = []
    for (name,) in areas.iter_rows():
        key = area_key(name)
        service = known.get(key)
        if service is None:
            service = services.get(key)
            if key not in known and key not in new:
                new[key] = ExpenseAreaMapping(
                    key=key, name=name[:255], service_id=service, matched_by=MatchedBy.NAME if service else ""
                )
            elif service is not None:
                ExpenseAreaMapping.objects.filter(key=key, service__isnull=True).update(
                    service_id=service, matched_by=MatchedBy.NAME
                )
        keys.append(key)
        ids.append(service)
    ExpenseAreaMapping.objects.bulk_create(list(new.values()), batch_size=500)
    lookup = pl.DataFrame(
        {"expense_area": [name for (name,) in areas.iter_rows()], "area_key": keys, "service_id": ids},
        schema={"expense_area": pl.String, "area_key": pl.String, "service_id": pl.Int64},
    )
    return lookup


# Mapping by a finance officer ---------------------------------------------------------------------------------------


@transaction.atomic
def spend_supplier_map(*, mapping: SupplierMapping, organisation: Organisation | None, by: User) -> SupplierMapping:
    """Set (or clear) the organisation a supplier is, and re-point every stored row with its name."""
    if organisation is None:
        raise ValidationError({"organisation": MAPPING_ORGANISATION_REQUIRED})
    mapping = SupplierMapping.objects.select_for_update().get(pk=mapping.pk)
    mapping.organisation = organisation
    mapping.matched_by = MatchedBy.OFFICER
    save_with_history(mapping, by=by, reason=MAPPED)
    SpendTransaction.objects.filter(supplier_key=mapping.key, redacted=False).update(
        organisation=organisation, updated_at=timezone.now()
    )
    return mapping


@transaction.atomic
def spend_area_map(*, mapping: ExpenseAreaMapping, service: Service | None, by: User) -> ExpenseAreaMapping:
    """Set the service an expense area is, and re-point every stored row with its name."""
    if service is None:
        raise ValidationError({"service": MAPPING_SERVICE_REQUIRED})
    mapping = ExpenseAreaMapping.objects.select_for_update().get(pk=mapping.pk)
    mapping.service = service
    mapping.matched_by = MatchedBy.OFFICER
    save_with_history(mapping, by=by, reason=MAPPED)
    SpendTransaction.objects.filter(area_key=mapping.key).update(service=service, updated_at=timezone.now())
    return mapping


def outcome_summary(outcomes: list[SpendOutcome]) -> dict[str, Any]:
    """The JSON object ``import_spend`` prints (the issue's contract, field for field)."""
    imported = [outcome for outcome in outcomes if outcome.status == IMPORTED_STATUS]
    return {
        "files": len(outcomes),
        "rows_read": sum(outcome.rows_read for outcome in outcomes),
        "rows_imported": sum(outcome.rows_imported for outcome in outcomes),
        "duplicates_skipped": sum(outcome.duplicates_skipped for outcome in outcomes),
        "rows_rejected": sum(outcome.rows_rejected for outcome in outcomes),
        "total_amount": money_text(sum((outcome.total_amount for outcome in imported), Decimal("0"))),
        "per_file": [outcome.as_json() for outcome in outcomes],
    }
