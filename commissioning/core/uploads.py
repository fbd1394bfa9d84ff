"""Checking uploaded documents by what they contain, not by what their name says.

A file's name and the browser's Content-Type are the uploader's claims. ``check_upload`` reads the file's first
bytes (and, for the zip-based Office and OpenDocument formats, the zip's list of parts, without unpacking
anything) and accepts only the kinds of document listed in ``DOCUMENT_KINDS``. The stored file gets the extension
of the kind found, so a script renamed "report.pdf" is refused and a PDF named "report.txt" is stored as a PDF.
Office files with macros (a ``vbaProject.bin`` part) are refused.

Files are served back only through a view that checks the user's permission on the record (never from a public
URL), as attachments, with ``X-Content-Type-Options: nosniff`` and a sandboxing Content-Security-Policy.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # 10 MB
HEAD_BYTES = 8192
TEXT_SAMPLE_BYTES = 64 * 1024

EMPTY = "The selected file is empty"
TOO_BIG = "The selected file must be smaller than {limit}"
WRONG_KIND = (
    "The selected file must be a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or plain text document, or a PNG "
    "or JPEG image: this file's content is none of those, whatever its name says"
)
RENAMED = "The file {given} was saved as {stored}."
MACROS = "The selected file contains macros: save it without them (as .docx, .xlsx or .pptx) and upload it again"


class UploadRejected(ValueError):  # noqa: N818 - a message for the uploader, not a programming error
    """The upload is not an acceptable document; the message says why, in GOV.UK style."""


@dataclass(frozen=True)
class DocumentKind:
    content_type: str
    extension: str
    label: str

    def file_name(self, original: str) -> str:
        """The uploader's name with this kind's extension, stripped of any path and of unsafe characters."""
        stem = PurePath(original.replace("\\", "/")).stem or "document"
        safe = "".join(ch if ch.isalnum() or ch in " ._-()" else "_" for ch in stem).strip(" .") or "document"
        return f"{safe[:100]}{self.extension}"


PDF = DocumentKind("application/pdf", ".pdf", "PDF")
DOCX = DocumentKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word")
XLSX = DocumentKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel")
PPTX = DocumentKind("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PowerPoint")
ODT = DocumentKind("application/vnd.oasis.opendocument.text", ".odt", "OpenDocument text")
ODS = DocumentKind("application/vnd.oasis.opendocument.spreadsheet", ".ods", "OpenDocument spreadsheet")
PNG = DocumentKind("image/png", ".png", "PNG image")
JPEG = DocumentKind("image/jpeg", ".jpg", "JPEG image")
CSV = DocumentKind("text/csv", ".csv", "CSV")
TEXT = DocumentKind("text/plain", ".txt", "plain text")
DOCUMENT_KINDS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG, CSV, TEXT)

OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS}


def _size_text(size: int) -> str:
    return f"{size // (1024 * 1024)}MB" if size >= 1024 * 1024 else f"{size // 1024}KB"


def _zip_kind(file: IO[bytes], head: bytes) -> DocumentKind | None:
    # OpenDocument: an uncompressed first entry "mimetype" holding the type (ISO/IEC 26300, section 3.3).
    if head[30:38] == b"mimetype":
        declared = head[38:120].split(b"PK", 1)[0].decode("ascii", "replace").strip()
        return ODF_TYPES.get(declared)
    try:
        file.seek(0)
        names = set(zipfile.ZipFile(file).namelist())  # reads the central directory only: nothing is unpacked
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UploadRejected(MACROS)
    for part, kind in OOXML_PARTS.items():
        if part in names:
            return kind
    return None


def _is_windows_1252_text(sample: bytes) -> bool:
    """Text saved by Excel or Notepad on Windows ("Windows-1252"): every byte a character, and no control
    characters other than tabs, line ends and form feeds."""
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)


def _text_kind(sample: bytes, name: str) -> DocumentKind | None:
    if b"\x00" in sample:
        return None
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is fine; so is text saved as Windows-1252.
        if exc.start < len(sample) - 4 and not _is_windows_1252_text(sample):
            return None
    return CSV if name.lower().endswith(".csv") else TEXT


def renamed_message(given: str, stored: str) -> str:
    """What to tell the uploader when their file is stored under another name ("" when it is not)."""
    given = PurePath(given.replace("\\", "/")).name
    return RENAMED.format(given=given, stored=stored) if given and given != stored else ""


def sniff(file: IO[bytes], name: str = "") -> DocumentKind | None:
    """The kind of document the file holds, by its content; None when it is none of DOCUMENT_KINDS."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file, head)
    file.seek(0)
    return _text_kind(file.read(TEXT_SAMPLE_BYTES), name)


def check_upload(upload: Any, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> DocumentKind:
    """The kind of an uploaded file (a Django UploadedFile, or any file with ``size`` and ``name``), or
    UploadRejected saying why it cannot be accepted."""
    size = getattr(upload, "size", None)
    if not size:
        raise UploadRejected(EMPTY)
    if size > max_bytes:
        raise UploadRejected(TOO_BIG.format(limit=_size_text(max_bytes)))
    try:
        kind = sniff(upload, getattr(upload, "name", "") or "")
    finally:
        upload.seek(0)
    if kind is None:
        raise UploadRejected(WRONG_KIND)
    return kind
