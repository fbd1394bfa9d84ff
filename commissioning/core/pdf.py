"""Documents as PDF: a Jinja template rendered to HTML, then to PDF bytes with WeasyPrint.

Committee papers are printed and filed, so the PDFs look like a council committee report: A4, Arial (or Liberation
Sans, which has the same metrics), the council's name at the top of every page and "Page n of m" at the foot. The
report styles are in ``core/pdf_base.html``, which a document's template extends; it styles the GOV.UK classes the
pages use (headings, body text, tables, summary lists, tags), so a page's partial templates print as they are.

Nothing is fetched while rendering: the fetcher accepts ``data:`` URIs only (an inline image), and refuses every
other URL (http, https, file), so a document cannot reach the network or read the server's files, whatever text a
user typed into it. Charts are inline SVG. WeasyPrint is imported on first use, so processes that never print (the
task worker, management commands) do not load it.

Printing costs about a second of CPU, so a document that is not kept for ever (a draft business case, an evidence
pack) is printed once for what it shows and then served from a cache every process shares (``cached_pdf``, see
ADR 0019): the key is a fingerprint of the complete HTML (every figure, name and date shown, the council's name, the
report styles, which are inline) and of the printer's version, so any change to what is shown gives a new key, and
two people who are shown the same document share one print. The cache is Django's file cache ``documents``, in
``DOCUMENT_CACHE_DIR`` beside the uploads on the shared storage (settings.CACHES), whose entries expire and are
culled, so nothing need clear it. Every PDF opens in the browser (``Content-Disposition: inline``) unless the link
asks for a download (``?download=1``), which the pages offer beside the link that opens it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from functools import cache
from importlib.metadata import version
from typing import Any

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# WeasyPrint reports each step of every render at INFO: keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
# Inline SVG carries presentation styles (fill, stroke) that WeasyPrint draws, yet also reports as unknown CSS.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

ALLOWED_PROTOCOLS = ("data",)


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False, timeout=1)


def html_to_pdf(html: str) -> bytes:
    """PDF bytes from a complete HTML document; only data: URIs are fetched."""
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf())


# The shared cache of printed documents (settings.CACHES) and the version of the way HTML is printed: change it when
# the PDF would differ for the same HTML (a setting of the printer here), so old prints are not served.
DOCUMENT_CACHE = "documents"
PRINT_VERSION = "1"
DOWNLOAD = "download"


@cache
def _printer() -> str:
    return f"{PRINT_VERSION}|weasyprint {version('weasyprint')}|pydyf {version('pydyf')}"


def fingerprint(html: str) -> str:
    """The cache key of a document: a hash of the HTML it is printed from and of the printer."""
    return "pdf:" + hashlib.sha256(f"{_printer()}|{html}".encode()).hexdigest()


def cached_pdf(html: str) -> bytes:
    """``html_to_pdf(html)``, printed once for the same HTML (in any process) and then taken from the shared cache.

    The cache is a convenience: if it cannot be read or written (its folder not writable), the document is printed
    anyway and the problem logged."""
    documents = caches[DOCUMENT_CACHE]
    key = fingerprint(html)
    try:
        found = documents.get(key)
    except OSError:
        logger.warning("The document cache could not be read: printing without it", exc_info=True)
        found = None
    if isinstance(found, bytes):
        return found
    content = html_to_pdf(html)
    try:
        documents.set(key, content)
    except OSError:
        logger.warning("The document cache could not be written", exc_info=True)
    return content


def render_cached_pdf(template_name: str, context: Mapping[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render the template and print it, or take the print of the same HTML from the shared cache."""
    return cached_pdf(render_to_string(template_name, context, request=request))


def render_pdf(template_name: str, context: Mapping[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render the template (usually one that extends core/pdf_base.html) and print it to PDF."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def wants_download(request: HttpRequest) -> bool:
    """Whether the link asked for the PDF as a download (``?download=1``) rather than opened in the browser."""
    return request.GET.get(DOWNLOAD) == "1"


def pdf_response(content: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    """The PDF shown in the browser (or as a download, ``download``), named ``filename``.pdf, never kept by a
    browser's or proxy's cache: a committee paper can hold exempt information."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
