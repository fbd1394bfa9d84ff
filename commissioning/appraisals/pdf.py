"""The business case as a PDF (WeasyPrint), from the same HTML and inline SVG charts as the page.

Nothing is fetched while rendering: no remote fonts, images or stylesheets. The styles are inline in the template
and the fonts are the machine's (Arial, or Liberation Sans which has the same metrics). WeasyPrint is imported on
first use, so processes that never render a PDF (the task worker, management commands) do not load it.
"""

from __future__ import annotations

import logging
from typing import Any

# WeasyPrint reports each step of every render at INFO: keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
# Inline SVG carries presentation styles (fill, stroke) that WeasyPrint draws, yet also reports as unknown CSS.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _no_fetching() -> Any:
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):  # type: ignore[misc]
        """Refuse every URL: the document must be complete in itself."""

        def fetch(self, url: str, headers: object = None) -> object:
            raise ValueError(f"the business case PDF fetches nothing ({url})")

    return NoFetching()


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=None, url_fetcher=_no_fetching()).write_pdf())
