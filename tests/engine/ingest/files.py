"""Spreadsheets made in the tests: workbooks through openpyxl, CSV text, and hostile zips."""

import io
import zipfile
from collections.abc import Iterable, Sequence

import openpyxl

HEADERS = ("Indicator code", "Period", "Value", "Note")


def csv_bytes(*lines: str, encoding: str = "utf-8", bom: bool = False, newline: str = "\n") -> bytes:
    data = newline.join(lines).encode(encoding) + newline.encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def xlsx_bytes(rows: Iterable[Sequence[object]], *, formats: dict[str, str] | None = None) -> bytes:
    """A workbook whose first sheet holds ``rows`` from A1; ``formats`` gives cells a number format ("C2": "0%")."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for reference, number_format in (formats or {}).items():
        sheet[reference].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The same workbook with some parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = (replace or {}).get(part.filename, source.read(part))
            target.writestr(part.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb(unpacked_bytes: int = 50_000_000) -> bytes:
    """A zip that looks like a workbook, with a worksheet of spaces that deflates about 1,000 to 1: 50 MB unpacked,
    about 50 KB packed, written in chunks so the test never holds the 50 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * 1_000_000
            for _ in range(unpacked_bytes // len(chunk)):
                part.write(chunk)
    return out.getvalue()
