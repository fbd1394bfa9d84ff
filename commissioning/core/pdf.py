"""Documents as PDF: a Jinja template rendered to HTML, then to PDF bytes with WeasyPrint.

Committee papers are printed and filed, so the PDFs look like a council committee report: A4, Arial (or Liberation
Sans, which has the same metrics), the council's name at the top of every page and "Page n of m" at the foot. The
report styles are in ``core/pdf_base.html``, which a document's template extends; it styles the GOV.UK classes the
pages use (headings, body text, tables, summary lists, tags), so a page's partial templates print as they are.

Nothing is fetched while rendering: the fetcher accepts ``data:`` URIs only (an inline image), and refuses every
other URL (http, https, file), so a document cannot reach the network or read the server's files, whatever text a
user typed into it. Charts are inline SVG. WeasyPrint is imported on first use, so processes that never print (the
task worker, management commands) do not load it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

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


def render_pdf(template_name: str, context: Mapping[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render the template (usually one that extends core/pdf_base.html) and print it to PDF."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """The PDF as a download (or shown in the browser, ``inline``), named ``filename``.pdf, never kept by a cache:
    a committee paper can hold exempt information."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
