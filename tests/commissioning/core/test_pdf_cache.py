"""Printed documents are cached by a fingerprint of their HTML in a store every process shares (issue 8)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

from commissioning.core import pdf

DOCUMENT = "<html><head><style>h1 { color: #0b0c0c; }</style></head><body><h1>TITLE</h1><p>Report</p></body></html>"


def document(title: str) -> str:
    return DOCUMENT.replace("TITLE", title)


@pytest.fixture
def prints(empty_document_cache):
    """Counts the WeasyPrint renders (each still happens)."""
    with mock.patch.object(pdf, "html_to_pdf", wraps=pdf.html_to_pdf) as counted:
        yield counted


def test_the_fingerprint_follows_every_character_shown_and_the_printer():
    first = pdf.fingerprint(document("Testshire Borough Council"))
    assert first == pdf.fingerprint(document("Testshire Borough Council"))
    assert first != pdf.fingerprint(document("Testshire District Council"))  # the council's name
    assert first != pdf.fingerprint(document("Testshire Borough Council").replace("#0b0c0c", "#000"))  # CSS
    with mock.patch.object(pdf, "PRINT_VERSION", "another"):
        pdf._printer.cache_clear()
        try:
            assert first != pdf.fingerprint(document("Testshire Borough Council"))
        finally:
            pdf._printer.cache_clear()


def test_the_documents_cache_is_on_the_storage_every_process_shares():
    assert isinstance(caches[pdf.DOCUMENT_CACHE], FileBasedCache)
    assert settings.CACHES[pdf.DOCUMENT_CACHE]["LOCATION"] == str(settings.DOCUMENT_CACHE_DIR)


def test_the_same_html_is_printed_once_and_then_read_from_the_shared_folder(prints):
    html = document("Printed once")
    first = pdf.cached_pdf(html)
    second = pdf.cached_pdf(html)
    assert first.startswith(b"%PDF")
    assert second == first
    assert prints.call_count == 1
    assert any(settings.DOCUMENT_CACHE_DIR.glob("*.djcache"))
    another_process = FileBasedCache(settings.CACHES[pdf.DOCUMENT_CACHE]["LOCATION"], {})
    assert another_process.get(pdf.fingerprint(html)) == first  # nothing kept in this process's memory
    pdf.cached_pdf(document("Something else shown"))
    assert prints.call_count == 2


def test_a_document_is_still_printed_when_the_cache_cannot_be_used(prints):
    broken = mock.Mock()
    broken.get.side_effect = broken.set.side_effect = PermissionError("read-only folder")
    with mock.patch.object(pdf, "caches", {pdf.DOCUMENT_CACHE: broken}):
        content = pdf.cached_pdf(document("No cache"))
    assert content.startswith(b"%PDF")
    assert prints.call_count == 1


def test_a_pdf_opens_in_the_browser_unless_a_download_is_asked_for(rf):
    opened = pdf.pdf_response(b"%PDF-1.7", "evidence-pack-cmh-001")
    assert opened["Content-Disposition"] == 'inline; filename="evidence-pack-cmh-001.pdf"'
    downloaded = pdf.pdf_response(b"%PDF-1.7", "evidence-pack-cmh-001", download=True)
    assert downloaded["Content-Disposition"] == 'attachment; filename="evidence-pack-cmh-001.pdf"'
    for response in (opened, downloaded):
        assert response["Cache-Control"] == "private, no-store"
    assert pdf.wants_download(rf.get("/x.pdf", {"download": "1"}))
    assert not pdf.wants_download(rf.get("/x.pdf"))
