"""What can be wrong with an uploaded file: the whole file (``IngestError``), or one cell or row
(``engine.ingest.problems.RowProblem``)."""

from __future__ import annotations

# The whole file. Each is a sentence shown on its own, so it names the file's problem and what to do.
EMPTY_FILE = "The file is empty: download the template, fill it in and upload it"
TOO_LARGE = "The file is {size}, which is over the limit of {limit}: split it into smaller files"
WRONG_EXTENSION = 'The file "{filename}" is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file (.csv)'
OLD_EXCEL_EXTENSION = (
    'The file "{filename}" is in an old Excel format: open it in Excel and save it as an Excel workbook (.xlsx)'
)
NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx), although its name ends .xlsx: {detail}"
OLD_OR_PROTECTED_WORKBOOK = (
    "The file is an Excel 97-2003 workbook or a password-protected workbook: save it as an Excel workbook (.xlsx) "
    "without a password"
)
WORKBOOK_HAS_MACROS = "The workbook contains macros: save it as an Excel workbook (.xlsx) without macros"
WORKBOOK_ENCRYPTED = "The workbook is encrypted: save it as an Excel workbook (.xlsx) without a password"
ZIP_TOO_MANY_PARTS = "The workbook has {count} parts inside, over the limit of {limit}: it is not a normal workbook"
ZIP_TOO_LARGE_UNPACKED = "The workbook unpacks to {size}, over the limit of {limit}: split it into smaller workbooks"
ZIP_BOMB = (
    "The workbook's part {name} unpacks to {ratio} times its packed size, over the limit of {limit} times: "
    "it is not a normal workbook"
)
WORKBOOK_DTD = "The workbook's part {name} declares XML entities, which Excel never writes: it is not a normal workbook"
WORKBOOK_DAMAGED = "The workbook could not be read ({detail}): open it in Excel, save it again and upload that copy"
EMPTY_SHEET = "The first worksheet is empty: put the column headers in row 1 and the data below them"
NO_WORKSHEET = "The workbook has no worksheet: put the data on the first sheet"
CSV_IS_WORKBOOK = "The file is an Excel workbook, but its name ends .csv: rename it to end .xlsx, or save it as CSV"
CSV_IS_OLD_EXCEL = "The file is an Excel 97-2003 workbook, but its name ends .csv: save it as CSV or as .xlsx"
CSV_UTF16 = 'The file is saved as "Unicode Text" (UTF-16): in Excel choose Save As, then "CSV UTF-8 (Comma delimited)"'
CSV_NOT_TEXT = "The file is not a CSV file: it holds binary data. Save the spreadsheet as CSV, or upload the .xlsx"
CSV_ENCODING = (
    'The file is not text in a known encoding (UTF-8 or Windows-1252): in Excel choose Save As, then "CSV UTF-8 '
    '(Comma delimited)"'
)
CSV_UNREADABLE = "The CSV file could not be read ({detail}): save it from the spreadsheet again as CSV"
TOO_MANY_COLUMNS = "The header row has {count} columns, over the limit of {limit}: use the template's columns"
TOO_MANY_ROWS = "The file has more than {limit} rows: split it into smaller files"
NO_HEADER = "Row 1 is empty: row 1 must hold the column headers ({expected})"
NO_ROWS = "The file has a header row but no data below it: add a row for each {what}"


class IngestError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, too large, hostile, empty). The message says why and
    what to do; nothing from the file has been read."""


def describe_size(size: int) -> str:
    """Bytes as people say them: "512 bytes", "2.5 MB" (1 MB = 1,000,000 bytes, as file managers show)."""
    if size < 1000:
        return f"{size} bytes"
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"  # pragma: no cover - unreachable
