"""Reading an uploaded file into a table of text: the header row, and every other row's cells as text or None.

CSV is read by polars with every column as text (no type guessing), after the bytes are checked: a UTF-8
byte-order mark is dropped, text that is not UTF-8 is read as Windows-1252 (Excel's "CSV (Comma delimited)" on a
UK machine writes "£" as the single byte 0xA3), and binary files, UTF-16 "Unicode Text" and workbooks saved with a
.csv name are refused with a message saying what to do. When polars cannot read a file (rows with more cells than
the header, stray quotes), Python's csv module reads it instead, and a row with values beyond the header's columns
is reported.

An .xlsx workbook is a zip file, which is checked before anything unpacks it: the number of parts, their total
unpacked size and, for parts over ``Limits.ratio_applies_from`` bytes, how many times bigger each unpacks than it
is packed (a zip bomb's ratio runs to hundreds or a thousand; a real worksheet's to a few dozen). It must hold
``xl/workbook.xml``; it may not hold macros or XML entity declarations. openpyxl then reads the first worksheet in
read-only mode without evaluating anything (``data_only=False``, so a formula cell shows its formula, which the
importer rejects), ignoring the stated dimensions of the sheet (which may be wrong) and reading at most
``Limits.max_columns`` columns. Cell values become text the way the CSV route would see them: numbers to 15
significant digits (Excel's own precision, so 0.1 + 0.2 is 0.3), a number formatted as a percentage as "45%"
(Excel stores 45% as 0.45), a date on the 1st of a month as its month "2026-04" (Excel turns "2026-04" typed into a
cell into 1 April 2026), and TRUE/FALSE for booleans.

Row numbers are those the spreadsheet shows: the header is row 1, and blank rows count.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl
from polars.exceptions import PanicException, PolarsError

from engine.ingest.errors import (
    CSV_ENCODING,
    CSV_IS_OLD_EXCEL,
    CSV_IS_WORKBOOK,
    CSV_NOT_TEXT,
    CSV_UNREADABLE,
    CSV_UTF16,
    EMPTY_FILE,
    EMPTY_SHEET,
    NO_WORKSHEET,
    NOT_A_WORKBOOK,
    OLD_EXCEL_EXTENSION,
    OLD_OR_PROTECTED_WORKBOOK,
    TOO_LARGE,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    WORKBOOK_DAMAGED,
    WORKBOOK_DTD,
    WORKBOOK_ENCRYPTED,
    WORKBOOK_HAS_MACROS,
    WRONG_EXTENSION,
    ZIP_BOMB,
    ZIP_TOO_LARGE_UNPACKED,
    ZIP_TOO_MANY_PARTS,
    IngestError,
    describe_size,
)
from engine.ingest.limits import Limits

ROW = "__row"
ZIP_SIGNATURE = b"PK\x03\x04"
EMPTY_ZIP_SIGNATURE = b"PK\x05\x06"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected Office file
UTF8_BOM = b"\xef\xbb\xbf"
PROLOG_BYTES = 64 * 1024
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")


@dataclass(frozen=True)
class RawTable:
    """The header row's cells (None for an empty one), and the other rows as text columns ``c0``, ``c1``... plus
    ``__row``, the row's number in the spreadsheet. Cells are as written: not stripped, and maybe empty."""

    headers: tuple[str | None, ...]
    data: pl.DataFrame
    format: str  # "csv" or "xlsx"

    def column(self, index: int) -> str:
        return f"c{index}"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_table(data: bytes, filename: str, limits: Limits) -> RawTable:
    """The file's table, by its extension (.csv or .xlsx); raises IngestError for a file that cannot be read."""
    if len(data) > limits.max_file_bytes:
        raise IngestError(TOO_LARGE.format(size=describe_size(len(data)), limit=describe_size(limits.max_file_bytes)))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        return read_csv(data, limits)
    if extension == "xlsx":
        return read_xlsx(data, limits)
    if extension in {"xls", "xlsm", "xlsb", "ods", "numbers"}:
        raise IngestError(OLD_EXCEL_EXTENSION.format(filename=filename))
    raise IngestError(WRONG_EXTENSION.format(filename=filename))


# CSV


def _decode(data: bytes) -> bytes:
    """UTF-8 bytes for polars, from UTF-8 (with or without a byte-order mark) or Windows-1252."""
    if not data:
        raise IngestError(EMPTY_FILE)
    if data.startswith((ZIP_SIGNATURE, EMPTY_ZIP_SIGNATURE)):
        raise IngestError(CSV_IS_WORKBOOK)
    if data.startswith(OLE_SIGNATURE):
        raise IngestError(CSV_IS_OLD_EXCEL)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(CSV_UTF16)
    if b"\x00" in data:
        raise IngestError(CSV_NOT_TEXT)
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if not _is_utf8(data):
        try:
            data = data.decode("cp1252").encode("utf-8")
        except UnicodeDecodeError:
            raise IngestError(CSV_ENCODING) from None
    if not data or data.isspace():
        raise IngestError(EMPTY_FILE)
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")  # old Mac line endings
    return data


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8, checked by polars (Rust's check, as strict as Python's): Python's own check
    decodes into a string first, which for 100 MB with a "£" here and there takes half a second."""
    if data.isascii():
        return True
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String)
    except PolarsError:
        return False
    return True


decode = _decode  # for the other readers of CSV files (engine.ingest.spend)


def _header_width(text: str) -> int:
    """How many cells the first line has (it may be cut short: this only guards the column limit)."""
    line = text.split("\n", 1)[0]
    try:
        return len(next(csv.reader(io.StringIO(line, newline="")), []))
    except csv.Error:
        return line.count(",") + 1


def read_csv(data: bytes, limits: Limits) -> RawTable:
    data = _decode(data)
    width = _header_width(data[: 1 << 20].decode("utf-8", errors="replace"))
    if width > limits.max_columns:
        raise IngestError(TOO_MANY_COLUMNS.format(count=width, limit=limits.max_columns))
    if data.count(b"\n") > limits.max_lines:
        raise IngestError(TOO_MANY_ROWS.format(limit=f"{limits.max_rows:,}"))
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            has_header=False,
            infer_schema=False,
            quote_char='"',
            truncate_ragged_lines=False,
            raise_if_empty=True,
        )
    except (PolarsError, PanicException):
        return _read_csv_in_python(data, limits)
    headers = tuple(frame.row(0))
    rows = frame.slice(1)
    rows = rows.rename({name: f"c{index}" for index, name in enumerate(rows.columns)}).with_row_index(ROW, offset=2)
    return RawTable(headers=headers, data=rows.with_columns(pl.col(ROW).cast(pl.Int64)), format="csv")


def _read_csv_in_python(data: bytes, limits: Limits) -> RawTable:
    """The slower reader, for files polars refuses: rows longer than the header, quotes in odd places."""
    text = data.decode("utf-8")
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline="")):
            records.append(record)
            if len(records) > limits.max_lines:
                raise IngestError(TOO_MANY_ROWS.format(limit=f"{limits.max_rows:,}"))
    except csv.Error as exc:
        raise IngestError(CSV_UNREADABLE.format(detail=exc)) from None
    if not records:
        raise IngestError(EMPTY_FILE)
    widest = max(len(record) for record in records)
    if widest > limits.max_columns:
        raise IngestError(TOO_MANY_COLUMNS.format(count=widest, limit=limits.max_columns))
    header = records[0]
    columns: list[list[str | None]] = [[] for _ in range(widest)]
    for record in records[1:]:
        for index in range(widest):
            columns[index].append(record[index] if index < len(record) else None)
    frame = pl.DataFrame(
        {f"c{index}": values for index, values in enumerate(columns)},
        schema={f"c{index}": pl.String for index in range(widest)},
    ).with_row_index(ROW, offset=2)
    headers = tuple(header) + (None,) * (widest - len(header))
    return RawTable(headers=headers, data=frame.with_columns(pl.col(ROW).cast(pl.Int64)), format="csv")


# XLSX


def _check_zip(data: bytes, limits: Limits) -> None:
    if not data:
        raise IngestError(EMPTY_FILE)
    if data.startswith(OLE_SIGNATURE):
        raise IngestError(OLD_OR_PROTECTED_WORKBOOK)
    if not data.startswith(ZIP_SIGNATURE):
        raise IngestError(NOT_A_WORKBOOK.format(detail="it is not a zip file, which every .xlsx workbook is"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > limits.max_zip_entries:
                raise IngestError(ZIP_TOO_MANY_PARTS.format(count=len(parts), limit=limits.max_zip_entries))
            names = {part.filename for part in parts}
            if "xl/workbook.xml" not in names:
                raise IngestError(NOT_A_WORKBOOK.format(detail="it has no workbook inside (xl/workbook.xml)"))
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise IngestError(WORKBOOK_HAS_MACROS)
            if any(part.flag_bits & 0x1 for part in parts):
                raise IngestError(WORKBOOK_ENCRYPTED)
            unpacked = sum(part.file_size for part in parts)
            if unpacked > limits.max_unpacked_bytes:
                raise IngestError(
                    ZIP_TOO_LARGE_UNPACKED.format(
                        size=describe_size(unpacked), limit=describe_size(limits.max_unpacked_bytes)
                    )
                )
            for part in parts:
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size >= limits.ratio_applies_from and ratio > limits.max_compression_ratio:
                    raise IngestError(
                        ZIP_BOMB.format(name=part.filename, ratio=f"{ratio:,.0f}", limit=limits.max_compression_ratio)
                    )
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with archive.open(part) as stream:
                        prolog = stream.read(PROLOG_BYTES)
                    root = _ROOT_ELEMENT.search(prolog)
                    if b"<!DOCTYPE" in prolog[: root.start() if root else len(prolog)]:
                        raise IngestError(WORKBOOK_DTD.format(name=part.filename))
    except IngestError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        OSError,
        EOFError,
        ValueError,
    ) as exc:
        raise IngestError(NOT_A_WORKBOOK.format(detail=f"its zip structure is damaged ({exc})")) from None


def _number_text(value: Decimal, percent: bool) -> str:
    if percent:
        value = (value * 100).normalize()
    text = format(value, "f")
    return text + "%" if percent else text


def cell_text(value: Any, data_type: str, number_format: str | None) -> str | None:
    """A workbook cell's value as the text the importer checks (see the module's docstring)."""
    if value is None:
        return None
    if data_type == "f":
        text = str(value)
        return text if text.startswith("=") else "=" + text
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    percent = number_format is not None and "%" in number_format
    if isinstance(value, int):
        return _number_text(Decimal(value), percent)
    if isinstance(value, float):
        try:
            return _number_text(Decimal(format(value, ".15g")), percent)
        except InvalidOperation:  # pragma: no cover - format() of a float is always a valid Decimal
            return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return f"{value.year:04d}-{value.month:02d}" if value.day == 1 else value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}" if value.day == 1 else value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, limits: Limits) -> RawTable:
    _check_zip(data, limits)
    try:
        return _read_sheet(data, limits)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of error for a damaged workbook
        raise IngestError(WORKBOOK_DAMAGED.format(detail=type(exc).__name__)) from None


def _read_sheet(data: bytes, limits: Limits) -> RawTable:
    import openpyxl  # imported here: only workbooks need it, and it takes a while to import

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it skips (data validation, extensions)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            if not workbook.worksheets:
                raise IngestError(NO_WORKSHEET)
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # a sheet's stated size may be wrong, and openpyxl would stop reading there
            width = limits.max_columns
            columns: list[list[str | None]] = [[] for _ in range(width)]
            headers: tuple[str | None, ...] = ()
            numbers: list[int] = []
            for number, row in enumerate(sheet.iter_rows(max_col=width), start=1):
                if number > limits.max_lines:
                    raise IngestError(TOO_MANY_ROWS.format(limit=f"{limits.max_rows:,}"))
                texts = [
                    cell_text(cell.value, cell.data_type, getattr(cell, "number_format", None))
                    if cell.value is not None
                    else None
                    for cell in row
                ]
                texts += [None] * (width - len(texts))
                if number == 1:
                    headers = tuple(texts)
                    continue
                numbers.append(number)
                for index, text in enumerate(texts):
                    columns[index].append(text)
        finally:
            workbook.close()
    if not headers:
        raise IngestError(EMPTY_SHEET)
    # Keep the columns up to the last one with a header or a value.
    while columns and headers[len(columns) - 1] is None and all(text is None for text in columns[-1]):
        columns.pop()
    frame = pl.DataFrame(
        {f"c{index}": values for index, values in enumerate(columns)},
        schema={f"c{index}": pl.String for index in range(len(columns))},
    ).with_columns(pl.Series(ROW, numbers, dtype=pl.Int64))
    return RawTable(headers=headers[: len(columns)], data=frame, format="xlsx")
