"""Writes for spend: importing a published spend file, and mapping suppliers and expense areas (ADR 0025).

``spend_import_file`` reads a file through ``engine.ingest.spend`` and saves its rows in ONE transaction with its
``SpendImport``: a rejected file saves nothing. Rows go in bulk, not through the ORM (a million rows through
``bulk_create`` would take minutes). Exact duplicates within the file are dropped first; then the stored keys of the
file's dates are looked up (on PostgreSQL under an advisory lock that spend imports take, on SQLite under the one
writer's lock) and the rows already stored are dropped too, so exact duplicates, in the file or already stored,
are skipped and counted, and a file imported twice adds nothing; ``row_key`` stays unique in the database, so a
mistake here fails the import rather than storing a row twice. SQLite: the driver's ``executemany`` into a
temporary table of only what differs from row to row, then ``INSERT ... SELECT`` joining each row to its group's
values; PostgreSQL: ``COPY`` straight into the table.

Suppliers are matched to organisations once per distinct name, not per row: a mapping the finance officer set wins,
then the company number, then the charity number, then the normalised name. A supplier or expense area seen for the
first time gets a mapping (empty if nothing matched), which the mapping pages list for a finance officer to set once;
setting it re-points every stored row with that name (``spend_supplier_map``, ``spend_area_map``).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
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
# Written once per file, as constants: (column, value).
CONSTANT_COLUMNS = ("created_at", "updated_at", "archive_reason", "spend_import_id")
TIMES = ("created_at", "updated_at")
# Different in every row.
ROW_COLUMNS = ("row_number", "date", "amount", "reference", "row_key")
# The same for every row of a group (engine.ingest.spend.GROUP_FIELDS and what they are matched to).
GROUP_COLUMNS = (
    "supplier_name",
    "supplier_key",
    "redacted",
    "organisation_id",
    "expense_area",
    "area_key",
    "service_id",
    "expense_type",
    "purpose",
    "body",
    "company_number",
    "charity_number",
)
COLUMNS = (*ROW_COLUMNS, *GROUP_COLUMNS)
# Spend imports on PostgreSQL take this transaction-level advisory lock before they look for stored rows, so that
# two imports never both find a row new and both write it (SQLite has one writer at a time anyway).
IMPORT_LOCK = 0x5350454E44  # "SPEND"


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
    with ThreadPoolExecutor(max_workers=1) as pool:  # hashlib lets go of the GIL: the digest costs no time
        sha256 = pool.submit(_sha256, data)
        try:
            parsed = parse_spend(data, max_rows=max_rows)
        except SpendRejected as rejection:
            return rejected(filename, str(rejection), rejection.rows_read)
        except IngestError as error:
            return rejected(filename, str(error))
    del data
    rows_read = parsed.rows_read
    payments = parsed.unique_payments()  # the first of each exact duplicate within the file
    groups = parsed.groups
    del parsed
    progress = progress or SpendProgress()
    with transaction.atomic():
        record = SpendImport(
            filename=filename[:255],
            sha256=sha256.result(),
            source=source,
            import_job_id=import_job_id,
            imported_by=by,
        )
        record.save()  # on SQLite, from here on this transaction is the only writer
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        payments = _not_stored(payments)
        groups = groups.join(_supplier_matches(groups), on="supplier_key", how="left", maintain_order="left")
        groups = groups.join(_area_matches(groups), on="expense_area", how="left", maintain_order="left")
        groups = groups.select(
            pl.col("group"),
            pl.col("supplier").alias("supplier_name"),
            pl.col("supplier_key"),
            pl.col("redacted"),
            pl.col("organisation_id"),
            pl.col("expense_area"),
            pl.col("area_key").fill_null(""),
            pl.col("service_id"),
            pl.col("expense_type"),
            pl.col("purpose"),
            pl.col("body"),
            pl.col("company_number"),
            pl.col("charity_number"),
        )
        payments = payments.select(
            pl.col("row").alias("row_number"),
            pl.col("date").cast(pl.String),
            pl.col("amount"),
            pl.col("reference"),
            pl.col("row_hash").alias("row_key"),
            pl.col("group"),
        )
        now = str(connection.ops.adapt_datetimefield_value(timezone.now()))
        constants = (now, now, "", record.pk)
        progress.saving(payments.height)
        if connection.vendor == "postgresql":
            imported = _copy_postgresql(payments, groups, constants, progress)
        else:
            imported = _insert_sqlite(payments, groups, constants, progress)
        total = Decimal(payments.get_column("amount").cast(pl.Decimal(18, 2)).sum() or 0).quantize(Decimal("0.01"))
        del payments, groups
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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _table_name() -> str:
    return SpendTransaction._meta.db_table


def _not_stored(payments: pl.DataFrame) -> pl.DataFrame:
    """The payments whose key is not stored yet. A key starts with its date: only the stored rows of the file's
    dates are looked at (through the date's index), none at all for a file of a new period."""
    if payments.height == 0:
        return payments
    first, last = payments.select(pl.col("date").min().alias("first"), pl.col("date").max().alias("last")).row(0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT row_key FROM {_table_name()} WHERE date >= %s AND date <= %s",  # noqa: S608
            [connection.ops.adapt_datefield_value(first), connection.ops.adapt_datefield_value(last)],
        )
        stored = pl.Series("row_key", [key for (key,) in cursor.fetchall()], dtype=pl.String)
    if stored.len() == 0:
        return payments
    return payments.filter(~pl.col("row_hash").is_in(stored.implode()))


def _insert_sqlite(
    payments: pl.DataFrame, groups: pl.DataFrame, constants: tuple[object, ...], progress: SpendProgress
) -> int:
    """Each chunk of rows goes through the driver's ``executemany`` into a temporary table without indexes, only
    the values that differ from row to row, then into the table with ONE ``INSERT ... SELECT`` that joins each row
    to its group's values (a temporary table too). Row by row into the indexed table is two and a half times
    slower; every value of every row through Python, half as slow again."""
    connection.ensure_connection()
    raw = connection.connection
    table = _table_name()
    raw.execute("DROP TABLE IF EXISTS temp.spend_group")
    raw.execute("DROP TABLE IF EXISTS temp.spend_load")
    raw.execute(f"CREATE TEMPORARY TABLE spend_group (group_id INTEGER PRIMARY KEY, {', '.join(GROUP_COLUMNS)})")
    raw.execute(f"CREATE TEMPORARY TABLE spend_load ({', '.join(ROW_COLUMNS)}, group_id)")
    raw.executemany(
        f"INSERT INTO temp.spend_group VALUES ({', '.join('?' for _ in range(len(GROUP_COLUMNS) + 1))})",  # noqa: S608
        groups.iter_rows(),
    )
    load = f"INSERT INTO temp.spend_load VALUES ({', '.join('?' for _ in range(len(ROW_COLUMNS) + 1))})"  # noqa: S608
    fixed = ", ".join(_sql_literal(value) for value in constants)
    write = (
        f"INSERT INTO {table} ({', '.join((*CONSTANT_COLUMNS, *ROW_COLUMNS, *GROUP_COLUMNS))}) "  # noqa: S608
        f"SELECT {fixed}, {', '.join(f'l.{name}' for name in ROW_COLUMNS)}, "
        f"{', '.join(f'g.{name}' for name in GROUP_COLUMNS)} "
        "FROM temp.spend_load l JOIN temp.spend_group g ON g.group_id = l.group_id ORDER BY l.rowid"
    )
    columns = [*ROW_COLUMNS, "group"]
    done = 0
    for chunk in payments.iter_slices(CHUNK_ROWS):
        raw.executemany(load, zip(*(chunk.get_column(name).to_list() for name in columns), strict=True))
        inserted = raw.total_changes
        raw.execute(write)
        done += raw.total_changes - inserted
        raw.execute("DELETE FROM temp.spend_load")
        progress.saved(done)
    raw.execute("DROP TABLE temp.spend_load")
    raw.execute("DROP TABLE temp.spend_group")
    return done


def _sql_literal(value: object) -> str:
    """A constant of our own making (a timestamp, "", an id) as SQL."""
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _copy_postgresql(
    payments: pl.DataFrame, groups: pl.DataFrame, constants: tuple[object, ...], progress: SpendProgress
) -> int:
    """``COPY`` straight into the table, a chunk of rows at a time, each row joined to its group's values in
    polars and written as CSV by polars. The rows are new (``_not_stored``, under the import lock). The times are
    left to the database (``db_default``): the transaction's time, without reading two timestamps a row."""
    written = {name: value for name, value in zip(CONSTANT_COLUMNS, constants, strict=True) if name not in TIMES}
    everything = (*written, *COLUMNS)
    fixed = [pl.lit(value).alias(name) for name, value in written.items()]
    done = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(  # type: ignore[attr-defined]
            f"COPY {_table_name()} ({', '.join(everything)}) FROM STDIN WITH (FORMAT csv)"
        ) as copy:
            for chunk in payments.iter_slices(CHUNK_ROWS):
                rows = chunk.join(groups, on="group", how="left", maintain_order="left")
                copy.write(rows.select(*fixed, *COLUMNS).write_csv(include_header=False))
                done += chunk.height
                progress.saved(done)
        imported = cursor.cursor.rowcount
    return int(imported)


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


def _supplier_matches(groups: pl.DataFrame) -> pl.DataFrame:
    """``supplier_key`` -> ``organisation_id`` for the file's suppliers, making the mappings not seen before."""
    suppliers = (
        groups.filter(~pl.col("redacted") & (pl.col("supplier_key") != ""))
        .group_by("supplier_key", maintain_order=True)
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


def _area_matches(groups: pl.DataFrame) -> pl.DataFrame:
    """``expense_area`` -> (``area_key``, ``service_id``), making the mappings not seen before. Adds the key."""
    areas = groups.filter(pl.col("expense_area") != "").select(pl.col("expense_area").unique(maintain_order=True))
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
