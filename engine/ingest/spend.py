"""Reading a council's published "spend over £500" CSV file into normalised rows, or rejecting it whole.

Councils publish spend under the Local Government Transparency Code, each in its own shape. This reader accepts:

- **headers by synonym** (``FIELDS``): "Payment Date", "Date Paid" and "Transaction Date" are the date; "Supplier
  Name", "Beneficiary", "Payee" and "Vendor Name" the supplier; "Amount (£)", "Net Amount", "Value" and "Line
  Amount" the amount; and so on. Headers are compared without case, punctuation or "£". The header row may follow
  title lines: it is the first of the first ``HEADER_SEARCH_ROWS`` rows that names a date and an amount column.
- **dates** as 01/04/2026, 1/4/2026, 1.4.26, 2026-04-01, 1-Apr-26, 01-Apr-2026, 1 April 2026 or 1st April 2026,
  with or without a time after them ("01/04/2026 00:00:00"): always day before month; a two-digit year is 20yy.
- **amounts** with a £ sign, thousands separators, a leading minus or brackets for a credit (``NumberCell``, the
  same rules as every other import), spaces inside ("£ 1 234.50") and trailing zeros past the pence ("12.5000").
- **text** with stray spaces: every cell is stripped, and runs of spaces inside text become one space.
- **encodings**: UTF-8 with or without a byte-order mark, or Windows-1252 (``readers.decode``).
- **redacted suppliers** ("REDACTED", "Redacted - personal data", "Personal data", "Withheld"...): ``redacted`` is
  true and the supplier's key is empty, so they are never matched to an organisation.
- **blank rows and total rows** (no date and no supplier, with "total" in a cell) are skipped and not counted.

A file with no date or no amount column, or with any data row whose date or amount cannot be read, is rejected
whole (``SpendRejected``): its message names the row as a spreadsheet shows it (the file's own row number: title
lines and blank rows count, the header row included) and the column as the file heads it.

Everything is vectorised in polars. Only the date, the amount and the reference differ from row to row; the other
text fields (supplier, expense area and type, purpose, body, company and charity numbers) repeat, so rows are
grouped by them (a million rows have thousands of groups) and they are cleaned, keyed and digested once per group.
Python looks only at the first few rows (to find the header), at the first bad cell (to say why it is bad) and at
each group (its supplier key, and its part of the duplicate key: a BLAKE2b digest, stable across versions, unlike
polars' own hash). Each row's ``row_hash`` is its date, amount, group digest and reference: two rows with the same
hash are exact duplicates.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import polars as pl
from polars.exceptions import PanicException, PolarsError

from engine.ingest.cells import WHITESPACE, NumberCell, generic_problem, shorten
from engine.ingest.errors import EMPTY_FILE, IngestError
from engine.ingest.problems import RowProblem
from engine.ingest.readers import decode

HEADER_SEARCH_ROWS: Final = 30

# The fields of a spend row and the headers each is found under (compared by ``header_key``).
FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "date": ("Date", "Payment Date", "Date Paid", "Transaction Date", "Paid Date", "Invoice Payment Date"),
    "supplier": ("Supplier", "Supplier Name", "Beneficiary", "Payee", "Vendor Name", "Vendor", "Creditor Name"),
    "amount": ("Amount", "Amount (£)", "Net Amount", "Value", "Line Amount", "Amount Paid", "Transaction Amount"),
    "reference": (
        "Transaction Reference",
        "Transaction Ref",
        "Transaction Number",
        "Transaction No",
        "Transaction ID",
        "Reference",
        "Payment Reference",
    ),
    "expense_area": ("Expense Area", "Department", "Service Area", "Service", "Directorate", "Cost Centre"),
    "expense_type": ("Expense Type", "Expenditure Category", "Expense Category", "Expenditure Type", "Category"),
    "purpose": ("Purpose", "Purpose of Expenditure", "Description", "Narrative"),
    "body": ("Body", "Body Name", "Organisation Name", "Local Authority"),
    "company_number": ("Supplier Company Number", "Company Number", "Company Registration Number"),
    "charity_number": ("Supplier Charity Number", "Charity Number", "Registered Charity Number"),
}
TEXT_FIELDS: Final = (
    "supplier",
    "reference",
    "expense_area",
    "expense_type",
    "purpose",
    "body",
    "company_number",
    "charity_number",
)
# The normalised fields, in the order the duplicate key joins them.
KEY_FIELDS: Final = ("date", "amount", *TEXT_FIELDS)
# The text fields that repeat from row to row (all but the reference), read once per distinct combination.
GROUP_FIELDS: Final = tuple(name for name in TEXT_FIELDS if name != "reference")
TEXT_LIMITS: Final[dict[str, int]] = {
    "supplier": 255,
    "reference": 100,
    "expense_area": 255,
    "expense_type": 255,
    "purpose": 1000,
    "body": 255,
    "company_number": 8,
    "charity_number": 12,
}

NO_HEADER = (
    "The file has no header row naming a date and an amount column in its first {rows} rows: the header needs a "
    "date (one of {dates}) and an amount (one of {amounts})"
)
NO_DATE_COLUMN = "The file has no date column: the header row (row {row}) needs one of {names}"
NO_AMOUNT_COLUMN = "The file has no amount column: the header row (row {row}) needs one of {names}"
NO_ROWS = "The file has a header row (row {row}) but no spend below it"
DATE_EMPTY = "the date is empty"
DATE_INVALID = '"{text}" is not a date: write it like 01/04/2026 or 1 April 2026 (day, month, year)'
AMOUNT_EMPTY = "the amount is empty"
TOO_LONG = "the text is {length:,} characters long: the limit for {what} is {limit:,}"
MORE_ROWS = " ({count:,} rows have a date or amount that cannot be read; this is the first)"

AMOUNT: Final = NumberCell(
    what="the amount", example="1,234.56, £1,234.56 or (1,234.56)", places=2, whole_digits=12, pounds=True
)

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME = r"(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?$"
ISO_DATE: Final = r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" + _TIME
NUMERIC_DATE: Final = r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})" + _TIME
NAMED_DATE: Final = r"^([0-9]{1,2})(?:st|nd|rd|th)?[ \-/]+([A-Za-z]{3,9})\.?[ \-/,]+([0-9]{4}|[0-9]{2})" + _TIME
REDACTED: Final = (
    r"(?i)redact|^(?:withheld|name withheld|personal (?:data|information)|not disclosed|undisclosed|"
    r"individual|private individual)\b"
)
# Words that do not tell suppliers apart: "ACME Ltd", "Acme Limited" and "The ACME Limited." are one supplier.
NAME_NOISE: Final = r"\b(?:THE|LTD|LIMITED|PLC|LLP|CIC|CO|COMPANY|INC|UK)\b"


class SpendRejected(ValueError):  # noqa: N818 - an outcome for the user, named as the contract names it
    """The file is rejected whole. ``rows_read`` counts its data rows (blank and total rows excluded), or 0 when
    it could not be read as a table at all."""

    def __init__(self, message: str, *, rows_read: int = 0) -> None:
        super().__init__(message)
        self.rows_read = rows_read


@dataclass(frozen=True)
class SpendFile:
    """A file's data rows, normalised, in two frames. ``payments`` has a row per data row: ``row`` (the
    spreadsheet's row number), ``date`` (Date), ``amount`` (text, two places, "-" for a credit), ``reference``
    (text, "" when empty or absent), ``group`` and ``row_hash`` (the duplicate key). ``groups`` has a row per
    distinct combination of the other text fields (``GROUP_FIELDS``: a supplier's area, type and purpose repeat, so
    a file of a million rows has thousands), numbered by ``group``: every ``GROUP_FIELDS`` column as text ("" when
    empty or absent), ``redacted`` (bool), ``supplier_key`` (the name for matching, "" when redacted) and
    ``digest`` (their part of the duplicate key). ``rows`` joins them: one frame with every field of every row.
    ``headers`` says which header each field was found under."""

    payments: pl.DataFrame
    groups: pl.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    header_row: int = 1

    @property
    def rows(self) -> pl.DataFrame:
        """Every row with every field: ``row``, ``date``, ``amount``, the ``TEXT_FIELDS``, ``redacted``,
        ``supplier_key`` and ``row_hash``."""
        return _with_groups(self.payments, self.groups)

    @property
    def rows_read(self) -> int:
        return self.payments.height

    def unique(self) -> pl.DataFrame:
        """The rows without exact duplicates within the file (the first of each kept)."""
        return _with_groups(self.unique_payments(), self.groups)

    def unique_payments(self) -> pl.DataFrame:
        """The payments without exact duplicates within the file (the first of each kept)."""
        return self.payments.filter(first_of_each(self.payments.get_column("row_hash")))


def _with_groups(payments: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    return payments.join(groups, on="group", how="left", maintain_order="left").select(
        "row", "date", "amount", *TEXT_FIELDS, "redacted", "supplier_key", "row_hash"
    )


def first_of_each(keys: pl.Series) -> pl.Series:
    """True for the first of each distinct key, exactly, at the cost of a hash: only keys whose 64-bit hash is
    shared are compared as text (all of them, when a file has duplicates; none, when it has none)."""
    hashes = keys.hash(seed=0)
    shared = hashes.is_duplicated()
    if not shared.any():
        return pl.Series(keys.name, [True] * keys.len(), dtype=pl.Boolean) if keys.len() < 2 else ~shared
    where = shared.arg_true()
    return (~shared).scatter(where, keys.gather(where).is_first_distinct())


def header_key(text: str | None) -> str:
    """A header as compared: "Amount (£)" and " AMOUNT " are "amount"; "Date_Paid" is "date paid"."""
    if not text:
        return ""
    text = text.strip(WHITESPACE).lower().replace("£", " ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_SYNONYMS: Final = {header_key(name): field_name for field_name, names in FIELDS.items() for name in names}
_SYNONYMS["amount gbp"] = "amount"


def match_headers(cells: Sequence[str | None]) -> dict[str, int]:
    """Each field found among the header cells and its column index (the first column wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _SYNONYMS.get(header_key(cell))
        if name is not None and name not in found:
            found[name] = index
    return found


def supplier_key(name: str) -> str:
    """A supplier's name as matched: capitals, letters and digits only, without "Ltd", "Limited", "The"..."""
    upper = re.sub(r"[^0-9A-Z]+", " ", name.upper().replace("&", " AND "))
    return " ".join(re.sub(NAME_NOISE, " ", upper).split())


def area_key(name: str) -> str:
    """An expense area or service name as matched: capitals, letters and digits only."""
    return " ".join(re.sub(r"[^0-9A-Z]+", " ", name.upper().replace("&", " AND ")).split())


def is_redacted(name: str) -> bool:
    return re.search(REDACTED, name.strip(WHITESPACE)) is not None


# Reading ---------------------------------------------------------------------------------------------------------


def _records(text: str, limit: int | None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if limit is not None and len(records) >= limit:
                break
    except csv.Error as exc:
        if limit is None:
            raise IngestError(
                f"The CSV file could not be read ({exc}): save it from the spreadsheet again as CSV"
            ) from None
    return records


def _find_header(data: bytes) -> tuple[int, list[str]]:
    """The header row's index (0-based, counting blank rows) and its cells."""
    head = data[: 1 << 20].decode("utf-8", errors="replace")
    records = _records(head, HEADER_SEARCH_ROWS)
    best: tuple[int, int, list[str]] | None = None
    for index, record in enumerate(records):
        found = match_headers(record)
        if "date" in found and "amount" in found:
            return index, record
        score = len(found)
        if score and (best is None or score > best[0]):
            best = (score, index, record)
    if best is not None:
        _score, index, record = best
        found = match_headers(record)
        if "date" not in found:
            raise SpendRejected(NO_DATE_COLUMN.format(row=index + 1, names=_names("date")))
        raise SpendRejected(NO_AMOUNT_COLUMN.format(row=index + 1, names=_names("amount")))
    raise SpendRejected(NO_HEADER.format(rows=HEADER_SEARCH_ROWS, dates=_names("date"), amounts=_names("amount")))


def _names(field_name: str) -> str:
    names = FIELDS[field_name]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _table(data: bytes, header_index: int, width: int) -> pl.DataFrame:
    """The rows below the header as text columns c0, c1...; polars first, Python's csv module if polars refuses."""
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            has_header=False,
            infer_schema=False,
            skip_rows=header_index + 1,
            quote_char='"',
            truncate_ragged_lines=False,
            raise_if_empty=False,
            new_columns=[f"c{index}" for index in range(width)],
        )
        if frame.width != width:
            raise PolarsError("ragged")
        return frame
    except (PolarsError, PanicException):
        records = _records(data.decode("utf-8"), None)[header_index + 1 :]
        widest = max([width, *(len(record) for record in records)])
        columns: list[list[str | None]] = [[] for _ in range(widest)]
        for record in records:
            for index in range(widest):
                columns[index].append(record[index] if index < len(record) else None)
        return pl.DataFrame(
            {f"c{index}": values for index, values in enumerate(columns)},
            schema={f"c{index}": pl.String for index in range(widest)},
        )


_INNER_SPACE: Final = ("\t", "\r", "\n", "\xa0", "\u2007", "\u202f", "  ")
_SPACES: Final = r"[ \t\r\n\xa0\u2007\u202f]+"


def _clean(expr: pl.Expr) -> pl.Expr:
    """Stripped, inner runs of spaces made one, empty as null (for a handful of cells: ``_clean_column`` does a
    column)."""
    text = expr.str.strip_chars(WHITESPACE).str.replace_all(_SPACES, " ")
    return pl.when(text == "").then(None).otherwise(text)


def _clean_column(series: pl.Series) -> pl.Series:
    """A column as ``_clean`` makes it: stripped, inner runs of spaces made one (only in the cells that have
    them: a regular expression on a million cells costs), empty as null."""
    frame = pl.DataFrame({"t": series}).select(pl.col("t").str.strip_chars(WHITESPACE))
    frame = frame.with_columns(pl.col("t").str.contains_any(list(_INNER_SPACE)).alias("inner"))
    if frame.get_column("inner").any():
        frame = frame.with_columns(
            pl.when(pl.col("inner")).then(pl.col("t").str.replace_all(_SPACES, " ")).otherwise(pl.col("t"))
        )
    return frame.select(pl.when(pl.col("t") == "").then(None).otherwise(pl.col("t")).alias(series.name)).to_series()


def date_expr(text: pl.Expr) -> pl.Expr:
    """The date of a cleaned date cell, or null when it is not one of the accepted forms (or not a real day)."""
    iso = text.str.extract_groups(ISO_DATE)
    numeric = text.str.extract_groups(NUMERIC_DATE)
    named = text.str.extract_groups(NAMED_DATE)
    month_names = (
        named.struct.field("2").str.to_lowercase().replace_strict(_MONTHS, default=None, return_dtype=pl.Int32)
    )
    day = pl.coalesce(
        iso.struct.field("3").cast(pl.Int32, strict=False),
        numeric.struct.field("1").cast(pl.Int32, strict=False),
        named.struct.field("1").cast(pl.Int32, strict=False),
    )
    month = pl.coalesce(
        iso.struct.field("2").cast(pl.Int32, strict=False),
        numeric.struct.field("2").cast(pl.Int32, strict=False),
        pl.when(named.struct.field("1").is_not_null()).then(month_names),
    )
    year_text = pl.coalesce(iso.struct.field("1"), numeric.struct.field("3"), named.struct.field("3"))
    year = year_text.cast(pl.Int32, strict=False)
    year = pl.when(year_text.str.len_bytes() == 2).then(year + 2000).otherwise(year)
    iso_text = pl.format(
        "{}-{}-{}",
        year.cast(pl.String).str.zfill(4),
        month.cast(pl.String).str.zfill(2),
        day.cast(pl.String).str.zfill(2),
    )
    return iso_text.str.to_date("%Y-%m-%d", strict=False)


def parse_date(text: str) -> str:
    """One date cell's ISO date, or ValueError with the reason (the same rules as ``date_expr``, for messages and
    tests)."""
    frame = pl.DataFrame({"t": [text.strip(WHITESPACE)]}, schema={"t": pl.String})
    value = frame.select(date_expr(_clean(pl.col("t")))).item()
    if value is None:
        raise ValueError(DATE_INVALID.format(text=shorten(text.strip(WHITESPACE))))
    return str(value.isoformat())


def amount_text(text: pl.Expr) -> pl.Expr:
    """An amount cell as ``NumberCell`` reads it: spaces inside removed, zeros past the pence dropped."""
    return text.str.replace_all(r"\s+", "").str.replace(r"(\.[0-9]{2})0+(\)?)$", "${1}${2}")


def parse_amount(text: str) -> str:
    """One amount cell's normalised text ("-1234.50"), or ValueError with the reason."""
    frame = pl.DataFrame({"t": [text]}, schema={"t": pl.String})
    cleaned = frame.select(amount_text(_clean(pl.col("t")))).item()
    if cleaned is None:
        raise ValueError(AMOUNT_EMPTY)
    value = AMOUNT.parse(cleaned)
    return f"{value:.2f}"


SIMPLE_AMOUNT: Final = r"^-?[0-9]{1,12}(?:\.[0-9]{1,2})?$"
# Amounts most files write: digits, perhaps "£", a minus, separators for thousands and pence. Exactly the amounts
# NumberCell reads as the same number once "£" and the separators are gone (a hypothesis test checks); the others
# (brackets, "+", "£-", ".5", spaces inside, zeros past the pence...) go through NumberCell's own check.
PLAIN_AMOUNT: Final = r"^-?£?(?:[0-9]{1,12}|[0-9]{1,3}(?:,[0-9]{3}){1,3})(?:\.[0-9]{1,2})?$"
MONEY: Final = pl.Decimal(14, 2)


def amounts(stripped: pl.Series) -> pl.Series:
    """Each stripped amount cell as text with two places ("-1234.50"), or null when it is empty or cannot be
    read. Plain amounts (most cells) are cast at once; the rest go through ``NumberCell``'s check, which knows
    brackets and the rest."""
    frame = pl.DataFrame({"t": stripped}).with_columns(pl.col("t").str.contains(PLAIN_AMOUNT).alias("plain"))
    frame = frame.with_columns(
        pl.when(pl.col("plain"))
        .then(pl.col("t").str.replace_all("[£,]", "").cast(MONEY, strict=False).cast(pl.String))
        .alias("amount")
    )
    others = frame.select((~pl.col("plain") & pl.col("t").is_not_null() & (pl.col("t") != "")).alias("o"))
    where = others.get_column("o").arg_true()
    result = frame.get_column("amount")
    if where.len():
        text = pl.DataFrame({"t": stripped.gather(where)}).select(amount_text(pl.col("t")).alias("t"))
        checked = AMOUNT.check("t")
        for stage in checked.stages:
            text = text.with_columns(stage)
        normal = text.select(pl.when(checked.ok).then(checked.text).cast(MONEY, strict=False)).to_series()
        result = result.scatter(where, normal.cast(pl.String))
    return result.alias(stripped.name)


def _dates(raw: pl.Series) -> pl.DataFrame:
    """Each date cell's ``date`` (null when it is empty or not a date) and ``date_empty``, worked out once for each
    distinct text (a year of spend has a few thousand) and mapped back."""
    distinct = pl.DataFrame({"t": raw.unique()}).with_columns(_clean(pl.col("t")).alias("clean"))
    table = distinct.select(
        pl.col("t"),
        date_expr(pl.col("clean")).cast(pl.Date).alias("date"),
        pl.col("clean").is_null().alias("date_empty"),
    )
    return (
        pl.DataFrame({"t": raw})
        .join(table, on="t", how="left", nulls_equal=True, maintain_order="left")
        .select("date", "date_empty")
    )


def _group_ids(frame: pl.DataFrame, columns: list[str]) -> tuple[pl.Series, pl.Series]:
    """Each row's group (the distinct combination of its ``columns``, numbered from 0 in the order they first
    appear) and the first row of each group. Exact: polars compares the values, not only their hashes."""
    height = frame.height
    if not columns or height == 0:
        return pl.Series("group", [0] * height, dtype=pl.UInt32), pl.Series("first", [0][:height], dtype=pl.UInt32)
    first = frame.select(columns).with_row_index("i").select(pl.col("i").min().over(columns).alias("first")).to_series()
    starts = (first == pl.int_range(0, height, eager=True, dtype=pl.UInt32)).arg_true()
    return starts.search_sorted(first).cast(pl.UInt32).alias("group"), starts.cast(pl.UInt32).alias("first")


def parse_spend(data: bytes, *, max_rows: int | None = None) -> SpendFile:
    """A spend file's rows (see the module's docstring). Raises ``SpendRejected`` for a file that is rejected
    whole, and ``IngestError`` for one that is not a readable CSV file at all."""
    if re.fullmatch(rb"\xef\xbb\xbf\s*", data):
        raise IngestError(EMPTY_FILE)
    text_bytes = decode(data)
    header_index, header_cells = _find_header(text_bytes)
    del data
    header_row = header_index + 1
    found = match_headers(header_cells)
    width = len(header_cells)
    raw = _table(text_bytes, header_index, width)
    del text_bytes
    headers = {name: header_cells[index].strip(WHITESPACE) for name, index in found.items()}
    return _read(raw, found, headers, header_row, max_rows)


def _read(
    raw: pl.DataFrame, found: dict[str, int], headers: dict[str, str], header_row: int, max_rows: int | None
) -> SpendFile:
    """The cells that differ from row to row (date, amount, reference) are read per row, the date once per
    distinct text; the other text fields once per group (``_group_ids``): a file of a million rows has thousands."""
    height = raw.height

    def column(name: str) -> pl.Series:
        if name in found:
            return raw.get_column(f"c{found[name]}")
        return pl.Series(name, [None] * height, dtype=pl.String)

    group_columns = [f"c{found[name]}" for name in GROUP_FIELDS if name in found]
    group, first = _group_ids(raw, group_columns)
    groups = pl.DataFrame({"group": pl.int_range(0, first.len(), eager=True, dtype=pl.UInt32)}).with_columns(
        _clean_column(column(name).gather(first)).alias(name) for name in GROUP_FIELDS
    )
    dates = _dates(column("date"))
    stripped = column("amount").str.strip_chars(WHITESPACE)
    payments = pl.DataFrame(
        [
            pl.int_range(header_row + 1, header_row + 1 + height, eager=True, dtype=pl.Int64).alias("row"),
            dates.get_column("date"),
            amounts(stripped).alias("amount"),
            _clean_column(column("reference")).alias("reference"),
            group,
        ]
    )
    empty = pl.DataFrame(
        [dates.get_column("date_empty"), (stripped.is_null() | (stripped == "")).alias("amount_empty")]
    )
    del dates, stripped

    # Blank rows (every cell empty), then total rows (no date, no supplier, "total" in a cell): neither is counted.
    group_blank = groups.select(pl.all_horizontal(pl.col(name).is_null() for name in GROUP_FIELDS)).to_series()
    no_supplier = groups.get_column("supplier").is_null()
    others = [name for name in raw.columns if name not in {f"c{index}" for index in found.values()}]
    maybe_blank = pl.DataFrame([empty.get_column("date_empty"), empty.get_column("amount_empty")]).select(
        pl.all_horizontal(pl.all()) & payments.get_column("reference").is_null()
    )
    candidates = maybe_blank.to_series().arg_true()
    blank_here = group_blank.gather(group.gather(candidates))
    if others:
        rest = raw.select(others).gather(candidates)
        blank_here = (
            blank_here & rest.select(pl.all_horizontal(_clean(pl.col(name)).is_null() for name in others))[:, 0]
        )
    blank = pl.Series([False] * height, dtype=pl.Boolean).scatter(candidates, blank_here)
    no_date = empty.get_column("date_empty") & ~blank
    candidates = no_date.arg_true()
    cells = [pl.col(name) for name in raw.columns]
    total = pl.Series([False] * height, dtype=pl.Boolean).scatter(
        candidates,
        no_supplier.gather(group.gather(candidates))
        & raw.gather(candidates)
        .select(pl.any_horizontal(cell.str.to_lowercase().str.contains("total", literal=True) for cell in cells))
        .to_series()
        .fill_null(False),
    )
    skipped = blank | total
    if skipped.any():
        keep = ~skipped
        payments, empty, raw = payments.filter(keep), empty.filter(keep), raw.filter(keep)
        group = payments.get_column("group")
    if max_rows is not None and payments.height > max_rows:
        raise SpendRejected(f"The file has more than {max_rows:,} rows of spend: split it into smaller files")
    if payments.height == 0:
        raise SpendRejected(NO_ROWS.format(row=header_row))

    _reject_bad_rows(payments, groups, raw, found, headers)

    # Only the groups the rows use (not those of blank or total rows), renumbered 0, 1, 2... in order.
    used = group.unique().sort()
    if used.len() < groups.height:
        groups = groups.gather(used).with_columns(pl.int_range(0, used.len(), dtype=pl.UInt32).alias("group"))
        payments = payments.with_columns(used.search_sorted(group).cast(pl.UInt32).alias("group"))
    groups = groups.with_columns(pl.col(name).fill_null("") for name in GROUP_FIELDS)
    groups = _keys(groups)
    payments = payments.with_columns(pl.col("reference").fill_null(""))
    payments = payments.with_columns(
        pl.concat_str(
            [
                pl.col("date").cast(pl.String),
                pl.col("amount"),
                groups.get_column("digest").gather(payments.get_column("group")),
                pl.col("reference"),
            ],
            separator="|",
        ).alias("row_hash")
    )
    return SpendFile(payments=payments, groups=groups, headers=headers, header_row=header_row)


def _reject_bad_rows(
    payments: pl.DataFrame, groups: pl.DataFrame, raw: pl.DataFrame, found: dict[str, int], headers: dict[str, str]
) -> None:
    """Raise SpendRejected naming the first row whose date or amount cannot be read (or whose text is too long)."""
    long_groups = groups.select(
        pl.any_horizontal((pl.col(name).str.len_chars() > TEXT_LIMITS[name]).fill_null(False) for name in GROUP_FIELDS)
    ).to_series()
    bad = payments.select(
        pl.col("date").is_null()
        | pl.col("amount").is_null()
        | (pl.col("reference").str.len_chars() > TEXT_LIMITS["reference"]).fill_null(False)
    ).to_series()
    if long_groups.any():
        bad = bad | long_groups.gather(payments.get_column("group"))
    count = int(bad.sum())
    if count == 0:
        return
    where = int(bad.arg_true()[0])
    row = int(payments.get_column("row")[where])
    cells = raw.row(where, named=True)

    def text(name: str) -> str | None:
        if name not in found:
            return None
        return pl.select(_clean(pl.lit(cells[f"c{found[name]}"], dtype=pl.String))).item()

    problem = RowProblem(row, None, "")
    date_text, amount_text_ = text("date"), text("amount")
    if payments.get_column("date")[where] is None:
        problem = RowProblem(row, headers["date"], _reason("date", date_text))
    elif payments.get_column("amount")[where] is None:
        problem = RowProblem(row, headers["amount"], _reason("amount", amount_text_))
    else:
        for name in TEXT_FIELDS:
            value = text(name)
            if value is not None and len(value) > TEXT_LIMITS[name]:
                problem = RowProblem(row, headers[name], _reason(name, value))
                break
    message = str(problem)
    if count > 1:
        message += MORE_ROWS.format(count=count)
    raise SpendRejected(message, rows_read=payments.height)


def _reason(name: str, text: str | None) -> str:
    if name == "date":
        if text is None:
            return DATE_EMPTY
        return generic_problem(text) or DATE_INVALID.format(text=shorten(text))
    if name == "amount":
        if text is None:
            return AMOUNT_EMPTY
        return AMOUNT.reason(_amount_clean(text))
    assert text is not None
    return TOO_LONG.format(length=len(text), what=f"the {name.replace('_', ' ')}", limit=TEXT_LIMITS[name])


def _amount_clean(text: str) -> str:
    return pl.select(amount_text(pl.lit(text, dtype=pl.String))).item()


def _keys(groups: pl.DataFrame) -> pl.DataFrame:
    """Each group's ``redacted``, ``supplier_key`` (once per distinct supplier) and ``digest``: BLAKE2b (80 bits,
    in hex) of its fields, stable across versions of polars (unlike polars' own hash). Groups are few, so Python
    computes these; a digest per row would cost a second a million rows."""
    suppliers = groups.select(pl.col("supplier").unique())
    suppliers = suppliers.with_columns(pl.col("supplier").str.contains(REDACTED).alias("redacted"))
    keys = ["" if redacted else supplier_key(name) for name, redacted in suppliers.iter_rows()]
    suppliers = suppliers.with_columns(pl.Series("supplier_key", keys, dtype=pl.String))
    joined = groups.select(pl.concat_str([pl.col(name) for name in GROUP_FIELDS], separator="\x1f")).to_series()
    digests = [hashlib.blake2b(text.encode(), digest_size=10).hexdigest() for text in joined.to_list()]
    return groups.join(suppliers, on="supplier", how="left", maintain_order="left").with_columns(
        pl.Series("digest", digests, dtype=pl.String)
    )
