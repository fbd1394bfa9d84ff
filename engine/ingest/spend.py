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

Everything is vectorised in polars; Python looks only at the first few rows (to find the header), at the first bad
cell (to say why it is bad) and at each row's duplicate key (a BLAKE2b digest, stable across versions, unlike
polars' own hash). Each row's ``row_hash`` is the digest of all its normalised fields: two rows with the same hash
are exact duplicates.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Sequence
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
    """A file's data rows, normalised, as a polars frame with the columns ``row`` (the spreadsheet's row number),
    ``date`` (Date), ``amount`` (text, two places, "-" for a credit), ``redacted`` (bool), ``supplier_key`` (the
    name for matching, "" when redacted), ``row_hash`` (the duplicate key), and every ``TEXT_FIELDS`` column as
    text ("" when empty or absent). ``headers`` says which header each field was found under."""

    rows: pl.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    header_row: int = 1

    @property
    def rows_read(self) -> int:
        return self.rows.height

    def unique(self) -> pl.DataFrame:
        """The rows without exact duplicates within the file (the first of each kept)."""
        return self.rows.unique(subset=["row_hash"], keep="first", maintain_order=True)


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


_INNER_SPACE: Final = r"[\t\r\n\xa0\u2007\u202f]|  "


def _clean(expr: pl.Expr) -> pl.Expr:
    """Stripped, inner runs of spaces made one, empty as null (for a handful of cells: ``_clean_series`` does a
    column)."""
    text = expr.str.strip_chars(WHITESPACE).str.replace_all(r"[ \t\r\n\xa0\u2007\u202f]+", " ")
    return pl.when(text == "").then(None).otherwise(text)


def _only_where(series: pl.Series, mask: pl.Series, fix: pl.Expr) -> pl.Series:
    """``series`` with ``fix`` (over ``pl.col("t")``) applied to the cells where ``mask`` holds, and only to them:
    the costly expressions run on the few cells that need them, not on a million."""
    where = mask.fill_null(False).arg_true()
    if where.len() == 0:
        return series
    fixed = pl.DataFrame({"t": series.gather(where)}).select(fix).to_series()
    return series.scatter(where, fixed)


def _clean_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every cell stripped (all columns at once, in parallel), inner runs of spaces made one where there are any,
    empty cells as null."""
    names = frame.columns
    stripped = frame.select(pl.col(name).str.strip_chars(WHITESPACE) for name in names)
    inner = stripped.select(pl.col(name).str.contains(_INNER_SPACE).any() for name in names).row(0)
    collapse = r"[ \t\r\n\xa0\u2007\u202f]+"
    columns = [
        _only_where(
            stripped.get_column(name),
            stripped.get_column(name).str.contains(_INNER_SPACE),
            pl.col("t").str.replace_all(collapse, " "),
        )
        if any_inner
        else stripped.get_column(name)
        for name, any_inner in zip(names, inner, strict=True)
    ]
    return pl.DataFrame(columns).select(
        pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name) for name in names
    )


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
MONEY: Final = pl.Decimal(14, 2)


def amounts(cleaned: pl.Series) -> pl.Series:
    """Each cleaned amount cell as text with two places ("-1234.50"), or null when it cannot be read. Plain
    decimals (most cells) are cast at once; the rest go through ``NumberCell``'s check, which knows "£", brackets
    and thousands separators."""
    simple = cleaned.str.contains(SIMPLE_AMOUNT).fill_null(False)
    result = pl.Series(cleaned.name, [None] * cleaned.len(), dtype=pl.String)
    result = _only_where(result, simple, pl.lit(None, dtype=pl.String))  # keeps the dtype when nothing is simple
    plain = cleaned.gather(simple.arg_true())
    result = result.scatter(simple.arg_true(), plain.cast(MONEY).cast(pl.String)) if plain.len() else result
    others = (~simple & cleaned.is_not_null()).arg_true()
    if others.len():
        text = pl.DataFrame({"t": cleaned.gather(others)}).select(amount_text(pl.col("t")).alias("t"))
        checked = AMOUNT.check("t")
        for stage in checked.stages:
            text = text.with_columns(stage)
        normal = text.select(pl.when(checked.ok).then(checked.text).cast(MONEY, strict=False)).to_series()
        result = result.scatter(others, normal.cast(pl.String))
    return result


def _by_unique(series: pl.Series, fn: pl.Expr, dtype: pl.DataType) -> pl.Series:
    """``fn`` (over ``pl.col("t")``) computed once for each distinct value and mapped back: for columns with few
    distinct values, like a year's dates."""
    distinct = pl.DataFrame({"t": series.unique()})
    table = distinct.with_columns(fn.cast(dtype).alias("v"))
    return (
        pl.DataFrame({"t": series})
        .join(table, on="t", how="left", nulls_equal=True, maintain_order="left")
        .get_column("v")
    )


def parse_spend(data: bytes, *, max_rows: int | None = None) -> SpendFile:
    """A spend file's rows (see the module's docstring). Raises ``SpendRejected`` for a file that is rejected
    whole, and ``IngestError`` for one that is not a readable CSV file at all."""
    if data.startswith(b"\xef\xbb\xbf") and not data[3:].strip():
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
    # Every cell stripped; blank rows (every cell empty), then total rows (no date, no supplier, "total" in a cell).
    raw = _clean_frame(raw)
    raw = raw.with_row_index("row", offset=header_row + 1).with_columns(pl.col("row").cast(pl.Int64))
    cells = [pl.col(name) for name in raw.columns if name != "row"]
    raw = raw.filter(~pl.all_horizontal(cell.is_null() for cell in cells))
    no_date_or_supplier = pl.all_horizontal(
        pl.col(f"c{found[name]}").is_null() for name in ("date", "supplier") if name in found
    )
    totals = raw.filter(no_date_or_supplier).filter(
        pl.any_horizontal(cell.str.to_lowercase().str.contains("total", literal=True) for cell in cells).fill_null(
            False
        )
    )
    if totals.height:
        raw = raw.filter(~pl.col("row").is_in(totals.get_column("row").implode()))
    if max_rows is not None and raw.height > max_rows:
        raise SpendRejected(f"The file has more than {max_rows:,} rows of spend: split it into smaller files")
    if raw.height == 0:
        raise SpendRejected(NO_ROWS.format(row=header_row))

    frame = pl.DataFrame(
        [
            raw.get_column("row"),
            *(
                raw.get_column(f"c{found[name]}").alias(f"raw_{name}")
                if name in found
                else pl.Series(f"raw_{name}", [None] * raw.height, dtype=pl.String)
                for name in ("date", "amount", *TEXT_FIELDS)
            ),
        ]
    )
    del raw
    frame = frame.with_columns(
        _by_unique(frame.get_column("raw_date"), date_expr(pl.col("t")), pl.Date()).alias("date"),
        amounts(frame.get_column("raw_amount")).alias("amount"),
        *(
            (pl.col(f"raw_{name}").str.len_chars() > TEXT_LIMITS[name]).fill_null(False).alias(f"long_{name}")
            for name in TEXT_FIELDS
        ),
    )
    _reject_bad_rows(frame, headers)

    texts = [pl.col(f"raw_{name}").fill_null("").alias(name) for name in TEXT_FIELDS]
    frame = frame.select("row", "date", "amount", *texts)
    redacted = _by_unique(frame.get_column("supplier"), pl.col("t").str.contains(REDACTED), pl.Boolean())
    frame = frame.with_columns(redacted.alias("redacted"))
    frame = frame.with_columns(_supplier_keys(frame).alias("supplier_key"))
    frame = frame.with_columns(_hashes(frame).alias("row_hash"))
    return SpendFile(rows=frame, headers=headers, header_row=header_row)


def _reject_bad_rows(frame: pl.DataFrame, headers: dict[str, str]) -> None:
    """Raise SpendRejected naming the first row whose date or amount cannot be read (or whose text is too long)."""
    checks = [("date", pl.col("date").is_null()), ("amount", pl.col("amount").is_null())]
    checks += [(name, pl.col(f"long_{name}")) for name in TEXT_FIELDS]
    bad = frame.select(
        pl.col("row"),
        *(condition.alias(f"bad_{name}") for name, condition in checks),
    ).filter(pl.any_horizontal(pl.col(f"bad_{name}") for name, _condition in checks))
    if bad.height == 0:
        return
    first = bad.row(0, named=True)
    row = first["row"]
    source = frame.filter(pl.col("row") == row).row(0, named=True)
    problem = RowProblem(row, None, "")
    for name, _condition in checks:
        if first[f"bad_{name}"]:
            problem = RowProblem(row, headers[name], _reason(name, source[f"raw_{name}"]))
            break
    message = str(problem)
    if bad.height > 1:
        message += MORE_ROWS.format(count=bad.height)
    raise SpendRejected(message, rows_read=frame.height)


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


def _supplier_keys(frame: pl.DataFrame) -> pl.Series:
    """Supplier keys, computed once per distinct supplier name."""
    names = frame.select(pl.col("supplier"), pl.col("redacted")).unique()
    keys = ["" if redacted else supplier_key(name) for name, redacted in names.iter_rows()]
    lookup = names.with_columns(pl.Series("supplier_key", keys, dtype=pl.String))
    return frame.select("supplier", "redacted").join(
        lookup, on=["supplier", "redacted"], how="left", maintain_order="left"
    )["supplier_key"]


def _hashes(frame: pl.DataFrame) -> pl.Series:
    """Each row's duplicate key: its date, amount and transaction reference as they are, and a digest of its other
    normalised fields (BLAKE2b, 80 bits, in hex), computed once for each distinct combination of them (a file has
    thousands, not millions, and a Python digest per row would cost a second a million rows). Equal keys are
    exact duplicates; the key is stable across versions of polars, unlike polars' own hash."""
    others = [name for name in TEXT_FIELDS if name != "reference"]
    joined = pl.concat_str([pl.col(name) for name in others], separator="\x1f")
    groups = frame.select(joined.alias("t")).get_column("t")
    digest = _by_unique_python(groups, lambda text: hashlib.blake2b(text.encode(), digest_size=10).hexdigest())
    return frame.select(
        pl.concat_str(
            [pl.col("date").cast(pl.String), pl.col("amount"), digest, pl.col("reference")],
            separator="|",
        ).alias("row_hash")
    ).get_column("row_hash")


def _by_unique_python(series: pl.Series, fn: Callable[[str], str]) -> pl.Series:
    distinct = series.unique()
    table = pl.DataFrame({"t": distinct, "v": [fn(text) for text in distinct]}, schema={"t": pl.String, "v": pl.String})
    return pl.DataFrame({"t": series}).join(table, on="t", how="left", maintain_order="left").get_column("v")
